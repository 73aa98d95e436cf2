// The real server on hostile workspaces: symbolic link cycles, links to / and /dev/zero, a FIFO, a
// 1 GB sparse file, an unreadable folder, a folder that is not on disk. The scan finishes, loads each
// real file once, says what it skipped, and requests are answered within a second all along.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, MessageType } from 'vscode-languageserver-protocol/node';
import { RouteTableRequest } from '../../server/src/protocol.js';
import { LspClient } from '../support/lspClient.js';
import { addHostileEntries } from '../support/hostileFolder.js';

const route = (name: string, namespace: string, gateway = '10.9.0.1') => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: ${gateway}}
`;
const vlan = (namespace: string) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: ${namespace}}
spec: {name: external, selfip_v4s: [10.10.0.10], prefixlen_v4: 16}
`;
/** A VLAN and a route whose gateway is on none of its networks: one gateway-unreachable warning. */
const routeFile = (name: string, namespace: string) => `${vlan(namespace)}---\n${route(name, namespace)}`;
const FILLER_DIRS = 10;
const FILLER_FILES = 100;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Answers within a second, or fails saying so (a blocked server never answers at all). */
async function within1s<T>(what: string, request: Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within 1 s`)), 1000)));
  try {
    const result = await Promise.race([request, late]);
    return { result, ms: performance.now() - start };
  } finally {
    clearTimeout(timer);
  }
}

const HOVER_URI = 'file:///elsewhere/open.yaml';
const HOVER_TEXT = route('open', 'hover', '10.10.0.1');
const hoverOnDestination = (client: LspClient) => client.hover(HOVER_URI, { line: 3, character: 22 });

describe('a workspace with loops, links out, a FIFO, /dev/zero and a 1 GB file', () => {
  let dir: string;
  let client: LspClient;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const latencies: number[] = [];
  let hoversBeforeScanEnd = 0;
  let shown: { type: number; message: string };

  before(async () => {
    dir = tempDir('spk-hostile-');
    writeFileSync(join(dir, 'routes.yaml'), routeFile('far', 'event1'));
    addHostileEntries(dir);
    // Enough files that the scan lasts a while: the hovers below run while it does.
    for (let d = 0; d < FILLER_DIRS; d++) {
      mkdirSync(join(dir, 'many', `d${d}`), { recursive: true });
      for (let f = 0; f < FILLER_FILES; f++) writeFileSync(join(dir, 'many', `d${d}`, `f${f}.yaml`), vlan(`ns-${d}-${f}`));
    }
    client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
    const scanned = client.nextShown(60_000, true).then((message) => (shown = message));
    await client.open(HOVER_URI, HOVER_TEXT);
    let done = false;
    void scanned.then(() => (done = true), () => (done = true));
    const until = performance.now() + 60_000;
    while (!done && performance.now() < until) {
      const { result, ms } = await within1s('hover during the scan', hoverOnDestination(client));
      assert.match(JSON.stringify(result), /10\.20\.0\.0/);
      latencies.push(ms);
      if (!done) hoversBeforeScanEnd++;
    }
    await scanned;
  });

  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a hover on an open document answers within 1 s while the scan runs', () => {
    assert.ok(hoversBeforeScanEnd >= 3, `only ${hoversBeforeScanEnd} hovers ran during the scan: it did not overlap`);
    assert.ok(Math.max(...latencies) < 1000, `slowest hover: ${Math.max(...latencies)} ms`);
  });

  test('the scan ends with one warning naming what it skipped', () => {
    assert.equal(shown.type, MessageType.Warning);
    assert.equal(
      shown.message,
      'SPK Routes skipped 2 files or folders it could not read: fifo.yaml (a FIFO, not a regular file), big.yaml (1024 MB is above the 10 MB limit of spkRoutes.maxFileSizeMB). The SPK Routes output lists them.',
    );
    assert.equal(client.shown.length, 1);
    const logged = client.logs.map((l) => [l.type, l.message.replaceAll(dir, 'DIR')]).filter(([, m]) => String(m).includes('skipped'));
    assert.deepEqual(logged, [
      [MessageType.Warning, 'spk-routes: skipped DIR/fifo.yaml: a FIFO, not a regular file'],
      [MessageType.Log, 'spk-routes: skipped DIR/to-root: a symbolic link to /, outside DIR'],
      [MessageType.Log, 'spk-routes: skipped DIR/zero.yaml: a symbolic link to /dev/zero, outside DIR'],
      [MessageType.Warning, 'spk-routes: skipped DIR/big.yaml: 1024 MB is above the 10 MB limit of spkRoutes.maxFileSizeMB'],
    ]);
  });

  test('each real file is loaded once: the route file\'s diagnostics, no false duplicate-route', async () => {
    const published = client.lastDiagnostics(uri('routes.yaml')) ?? (await client.nextDiagnostics(uri('routes.yaml')));
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['gateway-unreachable']);
    const withDiagnostics = client.diagnosedUris().filter((u) => client.lastDiagnostics(u)!.diagnostics.length);
    assert.deepEqual(withDiagnostics, [uri('routes.yaml')]);
    const table = await client.connection.sendRequest(RouteTableRequest, { namespace: 'event1' });
    assert.deepEqual(table.tables[0]!.routes.map((r) => [r.route.name, r.route.file]), [['external', uri('routes.yaml')], ['far', uri('routes.yaml')]]);
    const all = await client.connection.sendRequest(RouteTableRequest, {});
    assert.equal(all.tables.length, 2 + FILLER_DIRS * FILLER_FILES, 'event1, hover and one namespace per filler file');
  });

  test('file-watcher events naming the FIFO and /dev/zero leave the server answering within 1 s', async () => {
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uri('fifo.yaml'), type: FileChangeType.Changed },
        { uri: uri('zero.yaml'), type: FileChangeType.Created },
        { uri: uri('loop/loop2/routes.yaml'), type: FileChangeType.Changed },
      ],
    });
    const { ms } = await within1s('hover after the FIFO event', hoverOnDestination(client));
    assert.ok(ms < 1000);
    // Events are read in order: once the last one's file is published, the others were handled.
    writeFileSync(join(dir, 'extra.yaml'), routeFile('extra', 'extra'));
    const extra = client.nextDiagnostics(uri('extra.yaml'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.yaml'), type: FileChangeType.Created }] });
    assert.deepEqual((await extra).diagnostics.map((d) => d.code), ['gateway-unreachable']);
    assert.equal(client.lastDiagnostics(uri('loop/loop2/routes.yaml')), undefined, 'a file reached through a loop counts under its own name');
    assert.deepEqual(client.lastDiagnostics(uri('routes.yaml'))!.diagnostics.map((d) => d.code), ['gateway-unreachable']);
    const logged = client.logs.map((l) => l.message.replaceAll(dir, 'DIR'));
    assert.ok(logged.includes('spk-routes: skipped DIR/fifo.yaml: a FIFO, not a regular file'), logged.join('\n'));
    assert.ok(logged.filter((l) => l === 'spk-routes: skipped DIR/zero.yaml: a symbolic link to /dev/zero, outside DIR').length === 2, logged.join('\n'));
    assert.equal(client.shown.length, 1, 'file events are logged, not shown');
  });
});

test('two workspace folders, the first not on disk: the second is still scanned', { timeout: 30_000 }, async () => {
  const dir = tempDir('spk-folders-');
  writeFileSync(join(dir, 'routes.yaml'), routeFile('far', 'event1'));
  const client = await LspClient.start({
    workspaceFolders: [
      { uri: 'vscode-vfs://github/example/routes', name: 'remote' },
      { uri: pathToFileURL(dir).href, name: 'local' },
    ],
  });
  try {
    const published = await client.nextDiagnostics(pathToFileURL(join(dir, 'routes.yaml')).href, 20_000);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['gateway-unreachable']);
    assert.ok(
      client.logs.some((l) => l.message === 'spk-routes: not scanning vscode-vfs://github/example/routes: only file: folders are read from disk'),
      client.logs.map((l) => l.message).join('\n'),
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable folder is skipped with a warning; the rest of the workspace is scanned', { timeout: 30_000 }, async () => {
  const dir = tempDir('spk-locked-');
  mkdirSync(join(dir, 'locked'));
  writeFileSync(join(dir, 'locked', 'hidden.yaml'), routeFile('hidden', 'event1'));
  writeFileSync(join(dir, 'routes.yaml'), routeFile('far', 'event1'));
  chmodSync(join(dir, 'locked'), 0o000);
  // Root reads any folder: as root, the server runs as nobody, for whom mode 000 is unreadable.
  const client = await LspClient.start({ rootUri: pathToFileURL(dir).href, ...(process.getuid?.() === 0 ? { uid: 65534 } : {}) });
  try {
    const shown = await client.nextShown(20_000, true);
    assert.equal(shown.type, MessageType.Warning);
    assert.equal(shown.message, 'SPK Routes skipped 1 file or folder it could not read: locked (permission denied). The SPK Routes output lists them.');
    assert.ok(client.logs.some((l) => l.type === MessageType.Warning && l.message === `spk-routes: skipped ${join(dir, 'locked')}: permission denied`));
    const routes = pathToFileURL(join(dir, 'routes.yaml')).href;
    const published = client.lastDiagnostics(routes) ?? (await client.nextDiagnostics(routes, 20_000));
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['gateway-unreachable']);
  } finally {
    await client.stop();
    chmodSync(join(dir, 'locked'), 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spkRoutes.maxFileSizeMB: a file above it is skipped; raising it scans again and reads the file', { timeout: 30_000 }, async () => {
  const dir = tempDir('spk-limit-');
  const large = join(dir, 'large.yaml');
  const padding = `---\n${'# padding padding padding padding padding padding padding\n'.repeat(9_000)}`; // a comment document of 0.5 MB
  writeFileSync(large, `${routeFile('large', 'event1')}${padding.repeat(3)}`); // 1.49 MB
  const settings = { spkRoutes: { maxFileSizeMB: 1 }, 'files.exclude': {} };
  const client = await LspClient.start({ rootUri: pathToFileURL(dir).href, settings });
  try {
    const shown = await client.nextShown(20_000, true);
    assert.equal(shown.message, 'SPK Routes skipped 1 file or folder it could not read: large.yaml (1.49 MB is above the 1 MB limit of spkRoutes.maxFileSizeMB). The SPK Routes output lists them.');
    assert.equal(client.lastDiagnostics(pathToFileURL(large).href), undefined);
    settings.spkRoutes.maxFileSizeMB = 2;
    const read = client.nextDiagnostics(pathToFileURL(large).href, 20_000);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual((await read).diagnostics.map((d) => d.code), ['gateway-unreachable']);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
