// npm start: build the extension, install VS Code (code-server, cached in .cache/vscode/), and
// serve a real VS Code on 127.0.0.1 with examples/ open and this repo's extension loaded as a
// development extension (so it runs the current dist/). Stays in the foreground; Ctrl-C stops it.
//
//   npm start                 # port 8787, or a free one if 8787 is taken
//   npm start -- --port 9000
//   npm start -- --folder path/to/yaml/folder
//
// After `npm run build`, run "Developer: Reload Window" in the page to load the new build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    folder: { type: 'string' },
    'no-build': { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
});

const t0 = Date.now();
const log = (msg) => console.log(`[start] ${msg}`);

// A fresh clone: install exactly what the lock file says first.
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  log('installing dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { require: tsxRequire } = await import('tsx/cjs/api');

if (!values['no-build']) {
  log('building the extension (node scripts/build.mjs)');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const folder = resolve(values.folder ?? join(root, 'examples'));
if (!values.folder && !existsSync(folder)) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'README.md'), '# Examples\n\nSPK static route and VLAN examples go here.\n');
  log(`created ${folder} with a placeholder README.md`);
}

// The code-server launcher is TypeScript (shared with the e2e tests); tsx (a devDependency) loads it.
const { ensureInstalled, startCodeServer } = tsxRequire('./vscode/codeServer.ts', import.meta.url);

log('checking the VS Code install (scripts/vscode/install.sh)');
ensureInstalled();

const port = values.port !== undefined ? Number(values.port) : (await isFree(8787)) ? 8787 : 0;
const server = await startCodeServer({
  folder,
  extensionPath: root,
  port,
  runName: 'start',
  idleTimeoutSeconds: 0, // stays up while this script runs; a watchdog stops it if the script dies
  verbose: values.verbose,
});

log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — open this URL in a browser:\n\n    ${server.url}\n`);
log(`folder: ${folder}`);
log(`extension: ${root} (development path; "Developer: Reload Window" after a rebuild)`);
log(`logs: ${server.outputDir}`);
log('remote machine? forward the port first, e.g. ssh -L ' + `${server.port}:127.0.0.1:${server.port} <host>`);
log('Ctrl-C stops it.');

// Ctrl-C (SIGINT), SIGTERM, SIGHUP: scripts/vscode/processes.ts stops code-server, cleans up and exits.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { stopping = true; });
const code = await server.exited;
if (!stopping) {
  log(`code-server exited by itself (${code}); see ${server.outputDir}/code-server.log`);
  await server.stop();
  process.exit(1);
}

function isFree(p) {
  return new Promise((resolvePromise) => {
    const s = createServer();
    s.once('error', () => resolvePromise(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolvePromise(true)));
  });
}
