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

// Tiers: unit (pure core), lsp (real LSP over stdio), cli (the built CLI), corpus (the built CLI on
// real public manifests, test/fixtures/real), kernel (the simulator against the Linux kernel's FIB,
// one network namespace per TMM replica: needs root for `unshare -n`), cluster (a real kube-apiserver
// and kubectl), e2e (a real VS Code in Chromium). `node scripts/test.mjs unit lsp` runs some.
const ALL = ['unit', 'lsp', 'cli', 'corpus', 'kernel', 'cluster', 'e2e'];
const tiers = process.argv.length > 2 ? process.argv.slice(2) : ALL;
const files = tiers.flatMap((t) => { try { return testFiles(join('test', t)); } catch { return []; } });

run('npx', ['tsc', '--noEmit', '-p', '.']);
run('node', ['scripts/build.mjs']);
// What the heavier tiers need, installed by the project's own scripts (cached: seconds when warm).
if (tiers.includes('cluster') || tiers.includes('e2e')) run('bash', ['scripts/cluster/build-apiserver.sh']);
if (['cli', 'lsp', 'e2e'].some((t) => tiers.includes(t))) run('bash', ['scripts/helm/build-helm.sh']); // the helm tests render with a real helm
if (tiers.includes('e2e')) run('bash', ['scripts/vscode/install.sh']);
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
