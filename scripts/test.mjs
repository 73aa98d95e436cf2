// Runs every test tier: type check, build, then unit and protocol tests with node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A fresh clone: install exactly what the lock file says first.
if (!existsSync('node_modules/.package-lock.json')) run('npm', ['ci', '--no-audit', '--no-fund']);

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const tiers = process.argv.slice(2);
const dirs = tiers.length ? tiers.map((t) => join('test', t)) : ['test/unit', 'test/lsp', 'test/cli'];
const files = dirs.flatMap((d) => { try { return testFiles(d); } catch { return []; } });

run('npx', ['tsc', '--noEmit', '-p', '.']);
run('node', ['scripts/build.mjs']);
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
