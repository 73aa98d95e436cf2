// The server on a real folder: files that are not open are read from disk, checked across files,
// and kept current as open documents change and files on disk come and go.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest, DidChangeWatchedFilesNotification, FileChangeType, InlayHintRequest } from 'vscode-languageserver-protocol/node';
import { ManifestsRequest, RouteTableRequest, SimulateRequest } from '../../server/src/protocol.js';
import { LspClient } from '../support/lspClient.js';

const VLAN = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16}
`;
const ROUTE = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: far, namespace: event1}
spec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: 10.9.0.1}
`;

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spk-ws-'));
  writeFileSync(join(dir, 'vlans.yaml'), VLAN);
  writeFileSync(join(dir, 'routes.yaml'), ROUTE);
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'dep.yaml'), ROUTE.replace('far', 'dep'));
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a file that is not open is checked against the VLANs of another file', async () => {
  const published = client.lastDiagnostics(uri('routes.yaml')) ?? (await client.nextDiagnostics(uri('routes.yaml')));
  assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['gateway-unreachable', 3]]);
  assert.equal(client.lastDiagnostics(uri('node_modules/dep.yaml')), undefined, 'node_modules is skipped');
});

test('editing the open VLAN file re-checks the closed route file', async () => {
  await client.open(uri('vlans.yaml'), VLAN);
  const next = client.nextDiagnostics(uri('routes.yaml'));
  await client.change(uri('vlans.yaml'), `${VLAN}---\n${VLAN.replaceAll('external', 'internal').replace('10.10.0.10, 10.10.0.11], prefixlen_v4: 16', '10.9.0.10, 10.9.0.11], prefixlen_v4: 24')}`);
  assert.deepEqual((await next).diagnostics, []);
});

test('spk/simulate and spk/routeTable answer from the open and the closed files', async () => {
  const result = await client.connection.sendRequest(SimulateRequest, { destination: '10.20.1.1', namespace: 'event1' });
  assert.ok('hops' in result);
  assert.deepEqual(result.hops.map((h) => [h.outcome, h.nextHop, h.vlan, h.route?.name, h.route?.file, h.route?.line]), [['forwarded', '10.9.0.1', 'internal', 'far', uri('routes.yaml'), 0]]);
  const bad = await client.connection.sendRequest(SimulateRequest, { destination: '10.20.1' });
  assert.deepEqual(bad, { error: '"10.20.1" has 3 octets, an IPv4 address has 4' });
  const table = await client.connection.sendRequest(RouteTableRequest, {});
  assert.deepEqual(table.tables.map((t) => [t.namespace, t.routes.map((r) => `${r.prefix} ${r.type} ${r.vlan} line ${r.route.line}`)]), [
    // Lines on the wire are 0-based: the second VLAN document starts after `---` on line 4.
    ['event1', ['10.9.0.0/24 connected internal line 5', '10.10.0.0/16 connected external line 0', '10.20.0.0/16 static internal line 0']],
  ]);
});

test('spk/manifests: the SPK documents to send, from a closed file on disk and from an open document\'s text', async () => {
  const closed = await client.connection.sendRequest(ManifestsRequest, { uri: uri('routes.yaml') });
  assert.ok('manifests' in closed);
  assert.deepEqual(closed.manifests.map((m) => [m.kind, m.namespace, m.name, m.line, m.endLine, m.refusal, JSON.parse(m.body).spec.gateway]), [['F5SPKStaticRoute', 'event1', 'far', 0, 4, null, '10.9.0.1']]);
  assert.deepEqual(closed.manifests[0]!.fieldLines.filter((f) => f.path.join('.') === 'spec.gateway' || f.path.length === 0), [{ path: [], line: 0 }, { path: ['spec', 'gateway'], line: 3 }]);
  // The open VLAN file has two documents: only those overlapping the lines asked for (0-based) come; a `---` line belongs to the document it opens.
  const open = await client.connection.sendRequest(ManifestsRequest, { uri: uri('vlans.yaml'), lines: { from: 5, to: 5 } });
  assert.ok('manifests' in open);
  assert.deepEqual(open.manifests.map((m) => [m.name, m.line, m.endLine]), [['internal', 4, 9]]);
  assert.deepEqual(await client.connection.sendRequest(ManifestsRequest, { uri: uri('nothing.yaml') }), { error: `${uri('nothing.yaml')} is neither open nor a file of the workspace` });
});

test('a file deleted on disk leaves the workspace and its diagnostics are cleared', async () => {
  writeFileSync(join(dir, 'extra.yaml'), ROUTE.replace('far', 'dup'));
  const created = client.nextDiagnostics(uri('extra.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.yaml'), type: FileChangeType.Created }] });
  assert.deepEqual((await created).diagnostics.map((d) => d.code), ['duplicate-route']);
  rmSync(join(dir, 'extra.yaml'));
  const cleared = client.nextDiagnostics(uri('extra.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.yaml'), type: FileChangeType.Deleted }] });
  assert.deepEqual((await cleared).diagnostics, []);
});

test('CodeLens: where each route goes, a VLAN\'s connected networks; they follow edits in another file', async () => {
  const routes = uri('lens-routes.yaml');
  const vlans = uri('lens-vlans.yaml');
  const vlan = VLAN.replaceAll('event1', 'lens');
  await client.open(vlans, vlan);
  await client.open(routes, `${ROUTE.replaceAll('event1', 'lens')}---\n${ROUTE.replaceAll('event1', 'lens').replace('far', 'near').replace('10.20.0.0', '10.30.0.0').replace('10.9.0.1', '10.10.0.1')}`);
  const lenses = async (u: string) => ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) ?? []).map((l) => [l.range.start.line, l.command?.title, l.command?.command, JSON.stringify(l.command?.arguments ?? [])]);
  assert.deepEqual(await lenses(routes), [
    [0, 'gateway 10.9.0.1 is on no connected network', 'spkRoutes.simulateRoute', '[{"destination":"10.20.0.0","prefixLen":16,"namespace":"lens"}]'],
    [5, '→ 10.10.0.1 on external (source 10.10.0.10, 10.10.0.11)', 'spkRoutes.simulateRoute', '[{"destination":"10.30.0.0","prefixLen":16,"namespace":"lens"}]'],
  ]);
  assert.deepEqual(await lenses(vlans), [[0, 'connected: 10.10.0.0/16 (self IPs 10.10.0.10, 10.10.0.11)', '', '[]']]);
  await client.change(vlans, `${vlan}---\n${vlan.replaceAll('external', 'internal').replace('10.10.0.10, 10.10.0.11], prefixlen_v4: 16', '10.9.0.10, 10.9.0.11], prefixlen_v4: 24')}`);
  assert.equal((await lenses(routes))[0]![1], '→ 10.9.0.1 on internal (source 10.9.0.10, 10.9.0.11)');
});

test('inlay hints: the address range after prefixLen', async () => {
  const u = uri('hints.yaml');
  await client.open(u, `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r, namespace: hints}
spec:
  destination: 10.20.0.0
  prefixLen: 16
  gateway: 10.10.0.1
---
${ROUTE.replace('event1', 'hints').replace('10.20.0.0, prefixLen: 16', '"2001:db8::", prefixLen: 32').replace('10.9.0.1', '"2001:db8:ffff::1"')}`);
  const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  assert.deepEqual(hints?.map((h) => [h.position.line, h.position.character, h.label]), [
    [5, 15, '10.20.0.0 – 10.20.255.255'],
    [11, 47, '2001:db8:: – 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
  ]);
});

test('a .spk-scope marker makes its folder a table of its own: created, the conflict goes; deleted, it comes back', async () => {
  mkdirSync(join(dir, 'alt'));
  writeFileSync(join(dir, 'alt', 'routes.yaml'), ROUTE.replace('far', 'far-v2').replace('10.9.0.1', '10.10.0.2'));
  const conflict = client.nextDiagnostics(uri('alt/routes.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('alt/routes.yaml'), type: FileChangeType.Created }] });
  assert.deepEqual((await conflict).diagnostics.map((d) => d.code), ['duplicate-route']);
  writeFileSync(join(dir, 'alt', '.spk-scope'), '');
  const scoped = client.nextDiagnostics(uri('alt/routes.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('alt/.spk-scope'), type: FileChangeType.Created }] });
  assert.deepEqual((await scoped).diagnostics, []);
  const result = await client.connection.sendRequest(SimulateRequest, { destination: '10.20.1.1', namespace: 'event1' });
  assert.ok('hops' in result);
  assert.deepEqual(result.hops.map((h) => [h.scope ?? null, h.route?.name]), [[null, 'far'], [pathToFileURL(join(dir, 'alt')).href, 'far-v2']]);
  rmSync(join(dir, 'alt', '.spk-scope'));
  const again = client.nextDiagnostics(uri('alt/routes.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('alt/.spk-scope'), type: FileChangeType.Deleted }] });
  assert.deepEqual((await again).diagnostics.map((d) => d.code), ['duplicate-route']);
  rmSync(join(dir, 'alt'), { recursive: true });
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('alt/routes.yaml'), type: FileChangeType.Deleted }] });
});

test('a large file opened while the scan analyses it: the editor\'s text wins, with what the scan had done', async () => {
  const big = mkdtempSync(join(tmpdir(), 'spk-ws-big-'));
  const routes = (hostBitsAt: number) => Array.from({ length: 4000 }, (_, i) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r${i}, namespace: event1}
spec: {destination: 10.${i >> 8}.${i & 255}.${i === hostBitsAt ? 7 : 0}, prefixLen: 24, type: gateway, gateway: 169.254.0.1}
`).join('---\n');
  const onDisk = routes(-1);
  writeFileSync(join(big, 'routes.yaml'), onDisk);
  const fileUri = pathToFileURL(join(big, 'routes.yaml')).href;
  for (const [name, text] of [['the same text', onDisk], ['another text', routes(3000)]] as const) {
    const late = await LspClient.start({ rootUri: pathToFileURL(big).href });
    try {
      const diagnostics = await late.open(fileUri, text);
      const hostBits = diagnostics.filter((d) => d.code === 'destination-host-bits').map((d) => d.range.start.line);
      assert.deepEqual(hostBits, text === onDisk ? [] : [3000 * 5 + 3], name);
    } finally {
      await late.stop();
    }
  }
  rmSync(big, { recursive: true, force: true });
});
