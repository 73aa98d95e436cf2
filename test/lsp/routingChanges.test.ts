// spk/routingChanges through the real server (dist/server.js over stdio) on a temporary git
// repository: the working copy as the editor holds it (an unsaved edit sent with didChange) against
// HEAD, read by git from the object store; a set of objects (a cluster's) as either side; an unknown
// revision and a folder in no repository as errors. Also spk/documentTables and spk/workspaceManifests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DocumentTablesRequest, RouteTableRequest, RoutingChangesRequest, WorkspaceManifestsRequest, type RoutingChangesResult, type WireRouteChange } from '../../server/src/protocol.js';
import { LspClient } from '../support/lspClient.js';
import { EVENT1_VLAN } from '../support/spkYaml.js';

const VLAN = EVENT1_VLAN;
const ROUTES = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: route-a, namespace: event1}
spec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: 10.10.0.1}
`;
const ADDED = `---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: route-b, namespace: event1}
spec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: 10.10.255.252}
`;

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
const ask = (params: Parameters<typeof client.connection.sendRequest<typeof RoutingChangesRequest>>[1]) => client.connection.sendRequest(RoutingChangesRequest, params) as Promise<RoutingChangesResult>;
function changes(result: RoutingChangesResult): WireRouteChange[] {
  assert.ok('changes' in result, JSON.stringify(result));
  return result.changes;
}
const cluster = (name: string, destination: string, prefixLen: number, gateway: string) => ({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name, namespace: 'event1' }, spec: { destination, prefixLen, type: 'gateway', gateway } });
const clusterVlan = { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKVlan', metadata: { name: 'external', namespace: 'event1' }, spec: { name: 'external', selfip_v4s: ['10.10.0.10', '10.10.0.11'], prefixlen_v4: 16 } };

before(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'spk-routing-changes-')));
  writeFileSync(join(dir, 'vlans.yaml'), VLAN);
  writeFileSync(join(dir, 'routes.yaml'), ROUTES);
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'routes');
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
  // The scan has read both files once the table has the VLAN's network and the route.
  for (let tries = 0; ; tries++) {
    const { tables } = await client.connection.sendRequest(RouteTableRequest, {});
    if (tables.some((t) => t.routes.length === 2)) break;
    assert.ok(tries < 200, 'the scan read vlans.yaml and routes.yaml');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the working copy as HEAD: no change', async () => {
  assert.deepEqual(await ask({ base: { git: 'HEAD' } }), { changes: [], warnings: [] });
});

test('an unsaved edit against HEAD: the exact prefixes, both answers with their routes, and the CLI\'s words', async () => {
  await client.open(uri('routes.yaml'), ROUTES);
  await client.change(uri('routes.yaml'), ROUTES + ADDED);
  const found = changes(await ask({ base: { git: 'HEAD' } }));
  assert.deepEqual(found, [{
    namespace: 'event1',
    infra: null,
    scope: null,
    replicas: [1, 2],
    replicaCount: 2,
    prefixes: ['10.20.0.0/16'],
    before: { outcome: 'forwarded', nextHop: '10.10.0.1', vlan: 'external', interface: 'vlan', route: { kind: 'F5SPKStaticRoute', name: 'route-a', namespace: 'event1', file: uri('routes.yaml'), line: 0, routeName: null }, text: '→ 10.10.0.1 on external (route-a)' },
    after: { outcome: 'forwarded', nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan', route: { kind: 'F5SPKStaticRoute', name: 'route-b', namespace: 'event1', file: uri('routes.yaml'), line: 5, routeName: null }, text: '→ 10.10.255.252 on external (route-b)' },
    summary: '10.20.0.0/16  → 10.10.0.1 on external (route-a)  ⇒  → 10.10.255.252 on external (route-b)',
    line: 'event1  10.20.0.0/16  → 10.10.0.1 on external (route-a)  ⇒  → 10.10.255.252 on external (route-b)',
  }]);
  // The file on disk is still HEAD's: only the editor's text changed.
  assert.equal(git('status', '--porcelain').toString(), '');
});

test('a revision that is not HEAD, and a narrower edit: only the addresses whose answer differs', async () => {
  writeFileSync(join(dir, 'routes.yaml'), ROUTES + ADDED);
  git('commit', '-q', '-am', 'route-b');
  await client.change(uri('routes.yaml'), ROUTES + ADDED.replace('prefixLen: 16', 'prefixLen: 17'));
  assert.deepEqual(changes(await ask({ base: { git: 'HEAD' } })).map((c) => [c.prefixes, c.before.text, c.after.text]), [[['10.20.128.0/17'], '→ 10.10.255.252 on external (route-b)', '→ 10.10.0.1 on external (route-a)']]);
  assert.deepEqual(changes(await ask({ base: { git: 'HEAD~1' } })).map((c) => [c.prefixes, c.before.text, c.after.text]), [[['10.20.0.0/17'], '→ 10.10.0.1 on external (route-a)', '→ 10.10.255.252 on external (route-b)']]);
});

test('an unknown revision, and an option for a revision, are errors', async () => {
  assert.deepEqual(await ask({ base: { git: 'no-such-branch' } }), { error: `unknown git revision "no-such-branch" in ${dir}` });
  assert.deepEqual(await ask({ base: { git: '--output=x' } }), { error: '"--output=x" is not a git revision' });
});

test('objects as the base (the cluster) and as the target (the cluster after an apply)', async () => {
  const now = [clusterVlan, cluster('route-a', '0.0.0.0', 0, '10.10.0.1')];
  const found = changes(await ask({ base: { documents: now } }));
  assert.deepEqual(found.map((c) => [c.line, c.before.route?.file, c.before.route?.line, c.after.route?.file]), [
    ['event1  10.20.0.0/17  → 10.10.0.1 on external (route-a)  ⇒  → 10.10.255.252 on external (route-b)', 'spk-cluster:/event1/F5SPKStaticRoute/route-a', 0, uri('routes.yaml')],
  ]);
  const later = [...now, cluster('route-c', '192.0.2.0', 24, '10.10.0.1')];
  assert.deepEqual(changes(await ask({ base: { documents: now }, target: { documents: later } })), []);
  const dropped = [clusterVlan];
  const gone = changes(await ask({ base: { documents: now }, target: { documents: dropped } }));
  // Everything but the connected 10.10.0.0/16: 16 prefixes, the smallest cover.
  assert.deepEqual(gone.map((c) => [c.prefixes.length, c.prefixes.slice(0, 3), c.before.text, c.after.text]), [[16, ['0.0.0.0/5', '8.0.0.0/7', '10.0.0.0/13'], '→ 10.10.0.1 on external (route-a)', 'no route']]);
});

test('spk/documentTables: the objects\' tables; spk/workspaceManifests: every SPK document of the workspace', async () => {
  const { tables } = await client.connection.sendRequest(DocumentTablesRequest, { documents: [clusterVlan, cluster('route-a', '0.0.0.0', 0, '10.10.0.1'), 'not an object'] });
  assert.deepEqual(tables.map((t) => [t.namespace, t.replicaCount, t.routes.map((r) => `${r.prefix} ${r.type} ${r.nextHop ?? '-'} ${r.vlan} ${r.route.file}`)]), [
    ['event1', 2, ['0.0.0.0/0 static 10.10.0.1 external spk-cluster:/event1/F5SPKStaticRoute/route-a', '10.10.0.0/16 connected - external spk-cluster:/event1/F5SPKVlan/external']],
  ]);
  const { files } = await client.connection.sendRequest(WorkspaceManifestsRequest, {});
  assert.deepEqual(files.map((f) => [f.uri, f.manifests.map((m) => `${m.kind} ${m.namespace}/${m.name}`)]).sort(), [
    [uri('routes.yaml'), ['F5SPKStaticRoute event1/route-a', 'F5SPKStaticRoute event1/route-b']],
    [uri('vlans.yaml'), ['F5SPKVlan event1/external']],
  ]);
});

test('a folder in no git repository: an error naming it', async () => {
  const plain = realpathSync(mkdtempSync(join(tmpdir(), 'spk-no-git-')));
  const other = await LspClient.start({ rootUri: pathToFileURL(plain).href });
  try {
    assert.deepEqual(await other.connection.sendRequest(RoutingChangesRequest, { base: { git: 'HEAD' } }), { error: `${plain} is not in a git repository` });
  } finally {
    await other.stop();
    rmSync(plain, { recursive: true, force: true });
  }
});
