// The live cluster's routes (issue 12) against a real kube-apiserver with the real kubectl: the SPK
// objects read as "SPK: Show Cluster Routes" reads them, their status.conditions set through the
// status subresource (the test plays the controller), drift against the workspace's documents, the
// apply confirmation's routing diff (the cluster now ⇒ after the apply, and an apply that changes no
// traffic), and the bounded wait for Programmed after an apply. Every function is the one the
// editor's commands run (client/src/cluster/); the diff is the core's, as the server computes it.
// Run: node --import tsx --test test/cluster/clusterRoutes.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyPlan } from '../../client/src/cluster/apply';
import type { ClusterContext } from '../../client/src/cluster/clusterContext';
import { applyTraffic, conditionsOf, conditionText, driftOf, readClusterObjects, routeDocument, waitForProgrammed, type ClusterObject } from '../../client/src/cluster/clusterRoutes';
import type { KubectlOptions } from '../../client/src/cluster/kubectl';
import { localTrafficDiff } from '../../client/src/cluster/localDiff';
import { spkDocuments } from '../../client/src/cluster/manifests';
import { planApply } from '../../client/src/cluster/plan';
import { confirmation, programmedReport } from '../../client/src/cluster/planText';
import { routeRows } from '../../server/src/core/routing/routeRows';
import { objectTables } from '../../server/src/node/routeSets';
import type { ApiServer } from '../../scripts/cluster/apiserver';
import { generateCrds } from '../../scripts/cluster/crds';
import { startSpkCluster, START_TIMEOUT } from './spkCluster';

const FIXTURES = path.join(__dirname, 'fixtures');
const TEST_TIMEOUT = { timeout: 120_000 };
const ROUTES = 'f5-spk-staticroutes.k8s.f5net.com';

function fixture(name: string, ns: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8').replaceAll('__NS__', ns);
}

const route = (ns: string, name: string, destination: string, prefixLen: number, gateway: string) =>
  `---\napiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {destination: ${destination}, prefixLen: ${prefixLen}, type: gateway, gateway: ${gateway}}\n`;

describe('the live cluster\'s routes: conditions, drift, the apply\'s traffic and the wait for Programmed', () => {
  let server: ApiServer;
  let kubectl: KubectlOptions;
  let cluster: ClusterContext;

  async function createNamespace(ns: string): Promise<void> {
    const r = await server.kubectl(['create', 'namespace', ns]);
    assert.equal(r.code, 0, r.stderr);
  }
  /** Applies a file's SPK documents with the apply path, as the editor does. */
  async function applied(text: string): Promise<void> {
    const outcomes = await applyPlan(kubectl, await planApply({ kubectl, cluster }, spkDocuments('file:///w/routes.yaml', text)));
    assert.deepEqual(outcomes.filter((o) => o.status !== 'applied' && o.status !== 'unchanged').map((o) => o.message), []);
  }
  /** The controller's part: conditions written through the status subresource. */
  async function setConditions(ns: string, name: string, conditions: Record<string, unknown>[]): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = { conditions: conditions.map((c) => ({ lastTransitionTime: now, ...c })) };
    const r = await server.kubectl(['patch', `${ROUTES}/${name}`, `--namespace=${ns}`, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
    assert.equal(r.code, 0, r.stderr);
  }
  async function generation(ns: string, name: string): Promise<number> {
    const r = await server.kubectl(['get', `${ROUTES}/${name}`, `--namespace=${ns}`, '-o', 'jsonpath={.metadata.generation}']);
    assert.equal(r.code, 0, r.stderr);
    return Number(r.stdout);
  }
  const inNamespace = async (ns: string) => (await readClusterObjects(kubectl, cluster.context)).objects.filter((o) => o.metadata.namespace === ns);

  before(
    async () => {
      ({ server, kubectl, cluster } = await startSpkCluster());
    },
    START_TIMEOUT,
  );
  after(async () => {
    await server?.stop();
  });

  test('every SPK kind is read in one kubectl get; each route\'s conditions as the controller wrote them', TEST_TIMEOUT, async () => {
    const ns = 'live-conditions';
    await createNamespace(ns);
    await applied(fixture('routes.yaml', ns));
    await setConditions(ns, 'client-route', [
      { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'the route is valid' },
      { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'configured in TMM', observedGeneration: 1 },
    ]);
    await setConditions(ns, 'server-route', [{ type: 'Programmed', status: 'False', reason: 'GatewayUnreachable', message: 'no self IP of TMM 2 reaches 10.2.201.6' }]);
    const read = await readClusterObjects(kubectl, cluster.context);
    assert.deepEqual(read.unserved, []);
    const objects = read.objects.filter((o) => o.metadata.namespace === ns);
    assert.deepEqual(objects.map((o) => [o.kind, o.metadata.name, conditionsOf(o).map(conditionText)]).sort(), [
      ['F5SPKStaticRoute', 'client-route', ['Programmed=True (Programmed): configured in TMM', 'Accepted=True (Accepted): the route is valid']],
      ['F5SPKStaticRoute', 'server-route', ['Programmed=False (GatewayUnreachable): no self IP of TMM 2 reaches 10.2.201.6']],
      ['F5SPKVlan', 'external', []],
    ]);
    // The cluster's table, built from what the cluster holds (the CRD's defaults included) by the workspace's model.
    const [table] = objectTables(undefined, objects.map(routeDocument));
    assert.deepEqual(routeRows(table!).map((r) => `${r.prefix} ${r.type} ${r.nextHop ?? '-'} ${r.vlan} ${r.route.kind}/${r.route.name}`), [
      '10.1.30.0/24 static 10.2.201.5 external F5SPKStaticRoute/client-route',
      '10.2.201.0/24 connected - external F5SPKVlan/external',
      '10.20.0.0/16 static 10.2.201.6 external F5SPKStaticRoute/server-route',
    ]);
  });

  test('drift: a route changed in the cluster, one only there, one only in the workspace; the CRD\'s defaults are none', TEST_TIMEOUT, async () => {
    const ns = 'live-drift';
    await createNamespace(ns);
    await applied(fixture('routes.yaml', ns) + route(ns, 'gone-from-workspace', '10.40.0.0', 16, '10.2.201.5'));
    const patched = await server.kubectl(['patch', `${ROUTES}/server-route`, `--namespace=${ns}`, '--type=merge', '-p', '{"spec":{"gateway":"10.2.201.7"}}']);
    assert.equal(patched.code, 0, patched.stderr);
    const text = fixture('routes.yaml', ns) + route(ns, 'not-applied-yet', '10.50.0.0', 16, '10.2.201.5');
    const workspace = spkDocuments('file:///w/routes.yaml', text).map((d) => ({ kind: d.kind, namespace: d.namespace!, name: d.name, spec: (JSON.parse(d.body) as { spec: unknown }).spec, uri: d.uri, line: d.line }));
    const drift = driftOf(workspace, await inNamespace(ns));
    // Each workspace entry at its document's first line (its `---`), where the view opens it.
    const separatorBefore = (needle: string) => text.split('\n').slice(0, text.split('\n').findIndex((l) => l.includes(needle))).lastIndexOf('---');
    assert.deepEqual(drift.map((d) => [d.mark, d.kind, d.name, d.fields, d.line ?? null]), [
      ['only-in-cluster', 'F5SPKStaticRoute', 'gone-from-workspace', [], null],
      ['only-in-workspace', 'F5SPKStaticRoute', 'not-applied-yet', [], separatorBefore('name: not-applied-yet')],
      ['different', 'F5SPKStaticRoute', 'server-route', ['spec.gateway'], separatorBefore('name: server-route')],
    ]);
  });

  test('the confirmation shows the routing diff between the cluster now and after the apply, or that it changes no traffic', TEST_TIMEOUT, async () => {
    const ns = 'live-traffic';
    await createNamespace(ns);
    await applied(fixture('routes.yaml', ns) + route(ns, 'default', '0.0.0.0', 0, '10.2.201.1'));
    // Something else in another namespace is no part of this apply's diff.
    await createNamespace('live-traffic-other');
    await applied(route('live-traffic-other', 'elsewhere', '10.99.0.0', 16, '10.9.9.9'));

    const moved = fixture('routes.yaml', ns).replace('gateway: 10.2.201.6', 'gateway: 10.2.201.9') + route(ns, 'detour', '10.60.0.0', 16, '10.2.201.5');
    const plan = await planApply({ kubectl, cluster }, spkDocuments('file:///w/routes.yaml', moved));
    const traffic = await applyTraffic(kubectl, plan, localTrafficDiff);
    assert.deepEqual(traffic, { lines: [
      `${ns}  10.20.0.0/16  → 10.2.201.6 on external (server-route)  ⇒  → 10.2.201.9 on external (server-route)`,
      `${ns}  10.60.0.0/16  → 10.2.201.1 on external (default)  ⇒  → 10.2.201.5 on external (detour)`,
    ] });
    assert.deepEqual(confirmation(plan, traffic).detail.split('\n').slice(4), [
      'Dry run (server-side): 1 create, 1 update, 2 unchanged',
      `= unchanged F5SPKVlan ${ns}/external`,
      `= unchanged F5SPKStaticRoute ${ns}/client-route`,
      `~ update F5SPKStaticRoute ${ns}/server-route`,
      `+ create F5SPKStaticRoute ${ns}/detour`,
      '',
      'Traffic (the cluster now ⇒ after this apply): 2 changes',
      ...traffic!.lines,
    ]);

    // A route to where the default route already sends that traffic: applied, but no destination goes elsewhere.
    const same = fixture('routes.yaml', ns) + route(ns, 'default', '0.0.0.0', 0, '10.2.201.1') + route(ns, 'redundant', '10.70.0.0', 16, '10.2.201.1');
    const quiet = await planApply({ kubectl, cluster }, spkDocuments('file:///w/routes.yaml', same));
    const none = await applyTraffic(kubectl, quiet, localTrafficDiff);
    assert.deepEqual(none, { lines: [] });
    const confirm = confirmation(quiet, none);
    assert.equal(confirm.message, 'Apply 1 resource to context spk-test?');
    assert.deepEqual(confirm.detail.split('\n').slice(-2), ['', 'This apply changes no traffic.']);
  });

  test('after the apply: one route becomes Programmed, one is refused with the controller\'s message, one has no controller and the wait ends at its bound', TEST_TIMEOUT, async () => {
    const ns = 'live-programmed';
    await createNamespace(ns);
    await applied(route(ns, 'soon', '10.1.0.0', 16, '10.2.201.5') + route(ns, 'refused', '10.2.0.0', 16, '10.9.0.1'));
    const targets = ['soon', 'refused'].map((name) => ({ kind: 'F5SPKStaticRoute', namespace: ns, name }));
    // The controller answers a second after the wait began: a stale answer of an older generation first.
    const gen = await generation(ns, 'soon');
    await setConditions(ns, 'soon', [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: '', observedGeneration: gen - 1 }]);
    const controller = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await setConditions(ns, 'soon', [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: 'configured in TMM', observedGeneration: gen }]);
      await setConditions(ns, 'refused', [{ type: 'Programmed', status: 'False', reason: 'Invalid', message: 'gateway 10.9.0.1 is on no VLAN of TMM', observedGeneration: gen }]);
    })();
    const started = Date.now();
    const progress: string[] = [];
    const wait = await waitForProgrammed(kubectl, cluster, targets, { timeoutMs: 30_000, intervalMs: 300, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    await controller;
    assert.ok(Date.now() - started < 20_000, 'ended when the controller answered, not at the bound');
    assert.equal(progress[0], '0/2');
    assert.equal(progress.at(-1), '1/2');
    assert.deepEqual(programmedReport(wait, 30_000), {
      ok: false,
      message: 'SPK: 1 of 2 resources Programmed.',
      lines: [`✓ F5SPKStaticRoute ${ns}/soon: Programmed`, `✗ F5SPKStaticRoute ${ns}/refused: not programmed: Programmed=False (Invalid): gateway 10.9.0.1 is on no VLAN of TMM`],
    });

    // No controller runs here for this CRD: nothing ever writes Programmed, and the wait ends at its bound.
    await applied(route(ns, 'unwatched', '10.3.0.0', 16, '10.2.201.5'));
    const bound = Date.now();
    const unwatched = await waitForProgrammed(kubectl, cluster, [{ kind: 'F5SPKStaticRoute', namespace: ns, name: 'unwatched' }], { timeoutMs: 3000, intervalMs: 500 });
    const took = Date.now() - bound;
    assert.ok(took >= 2000 && took < 10_000, `ended at the bound (${took} ms)`);
    assert.deepEqual([unwatched.timedOut, unwatched.cancelled, unwatched.results.map((r) => r.state)], [true, false, ['no-answer']]);
    assert.deepEqual(programmedReport(unwatched, 3000).lines, [`… F5SPKStaticRoute ${ns}/unwatched: no controller reported Programmed within 3 s (status.conditions has none for this generation): is a controller for F5SPKStaticRoute running in this cluster?`]);

    // Cancelled: ends at once, saying so.
    let asked = 0;
    const cancelled = await waitForProgrammed(kubectl, cluster, [{ kind: 'F5SPKStaticRoute', namespace: ns, name: 'unwatched' }], { timeoutMs: 60_000, intervalMs: 500, cancelled: () => ++asked > 3 });
    assert.equal(cancelled.cancelled, true);
    assert.equal(programmedReport(cancelled, 60_000).message, 'SPK: 0 of 1 resource Programmed when the wait was cancelled.');
  });

  test('a user allowed in one namespace only: all namespaces are forbidden, the namespaces applied to are read', TEST_TIMEOUT, async () => {
    const ns = 'live-conditions';
    const admin = async (args: string[]) => {
      const r = await server.kubectl(args);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    await admin(['create', 'serviceaccount', 'reader', `--namespace=${ns}`]);
    // get and list on every SPK kind the server serves, in this namespace only.
    const resources = generateCrds().map((crd) => crd.name).join(',');
    await admin(['create', 'role', 'spk-reader', `--namespace=${ns}`, '--verb=get,list', `--resource=${resources}`]);
    await admin(['create', 'rolebinding', 'spk-reader', `--namespace=${ns}`, '--role=spk-reader', `--serviceaccount=${ns}:reader`]);
    const token = (await admin(['create', 'token', 'reader', `--namespace=${ns}`])).trim();
    await admin(['config', 'set-credentials', 'ns-reader', `--token=${token}`]);
    await admin(['config', 'set-context', 'ns-reader', `--cluster=${server.cluster}`, '--user=ns-reader']);
    await assert.rejects(readClusterObjects(kubectl, 'ns-reader'), (e: unknown) => e instanceof Error && /^not allowed: /.test(e.message));
    const read = await readClusterObjects(kubectl, 'ns-reader', [ns]);
    assert.deepEqual(read.objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort(), [`F5SPKStaticRoute ${ns}/client-route`, `F5SPKStaticRoute ${ns}/server-route`, `F5SPKVlan ${ns}/external`]);
  });

  test('a kind the cluster does not serve (its CRD removed) is left out and named; the others are still read', TEST_TIMEOUT, async () => {
    const removed = await server.kubectl(['delete', 'customresourcedefinition', 'ingressroutevlans.k8s.f5net.com', '--wait=true']);
    assert.equal(removed.code, 0, removed.stderr);
    // A kubectl with a discovery cache of its own, so the removal is what it sees.
    const home = mkdtempSync(path.join(tmpdir(), 'spk-kubectl-home-'));
    try {
      const read = await readClusterObjects({ ...kubectl, env: { ...server.env, HOME: home } }, cluster.context);
      assert.deepEqual(read.unserved, ['IngressRouteVlan']);
      assert.ok(read.objects.some((o: ClusterObject) => o.metadata.namespace === 'live-conditions' && o.metadata.name === 'client-route'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
