// "SPK: Apply Routes to Cluster" against a real kube-apiserver with the real kubectl, through the
// functions the command uses: resolveContext → spkDocuments → planApply (server-side dry run) →
// confirmation → applyPlan. Every check is on what the user sees (plan actions, messages, lines)
// or on what the cluster then holds (read back with kubectl as the admin).
// Run: node --import tsx --test test/cluster/apply.test.ts   (fixtures: test/cluster/fixtures/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyPlan, itemsToApply, type ApplyOutcome } from '../../client/src/cluster/apply';
import { resolveContext, type ClusterContext } from '../../client/src/cluster/clusterContext';
import { KubectlError, type KubectlFailure, type KubectlOptions } from '../../client/src/cluster/kubectl';
import { spkDocuments } from '../../client/src/cluster/manifests';
import { planApply, type ApplyPlan, type PlanOptions } from '../../client/src/cluster/plan';
import { confirmation, resultSummary } from '../../client/src/cluster/planText';
import { installCrds, KUBECTL, run, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver';
import { crdsToYaml, generateCrds } from '../../scripts/cluster/crds';
import { startSpkCluster, START_TIMEOUT } from './spkCluster';

const FIXTURES = path.join(__dirname, 'fixtures');
const SPK = 'f5-spk-staticroutes.k8s.f5net.com,f5-spk-vlans.k8s.f5net.com';
const TEST_TIMEOUT = { timeout: 120_000 };

/** A fixture file with its namespace placeholder filled in (line numbers are unchanged). */
function fixture(name: string, ns: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8').replaceAll('__NS__', ns);
}

/** 0-based line of the only line of `text` that contains `needle`: found independently of the code under test. */
function lineWith(text: string, needle: string): number {
  const lines = text.split('\n').map((l, i) => [l, i] as const).filter(([l]) => l.includes(needle));
  assert.equal(lines.length, 1, `exactly one line with ${JSON.stringify(needle)}`);
  return lines[0]![1];
}

const what = (plan: ApplyPlan) => plan.items.map((i) => `${i.doc.kind} ${i.namespace ?? '?'}/${i.doc.name}: ${i.error ? `error ${i.error.failure}` : i.action}`);
const statuses = (outcomes: readonly ApplyOutcome[]) => outcomes.map((o) => `${o.item.doc.name}: ${o.status}`);

async function rejectsWith(promise: Promise<unknown>, failure: KubectlFailure, message: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof KubectlError, `a KubectlError, not ${String(e)}`);
    assert.equal(e.failure, failure, e.message);
    assert.match(e.message, message);
    return true;
  });
}

interface Stored {
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion: string; managedFields?: { manager: string; operation: string }[] };
  spec: Record<string, unknown>;
}

describe('Apply Routes to Cluster: dry run, confirmation and apply on a real API server', () => {
  let server: ApiServer;
  let kubectl: KubectlOptions;
  let cluster: ClusterContext;

  /** SPK objects the cluster holds, read as the admin: in one namespace, or in all. */
  async function stored(ns?: string): Promise<Stored[]> {
    const r = await server.kubectl(['get', SPK, ...(ns ? ['-n', ns] : ['-A']), '-o', 'json', '--show-managed-fields']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { items: Stored[] }).items;
  }
  const names = (objects: Stored[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
  async function one(ns: string, name: string): Promise<Stored> {
    const found = (await stored(ns)).filter((o) => o.metadata.name === name);
    assert.equal(found.length, 1, `${ns}/${name} is stored`);
    return found[0]!;
  }
  async function createNamespace(ns: string): Promise<void> {
    const r = await server.kubectl(['create', 'namespace', ns]);
    assert.equal(r.code, 0, r.stderr);
  }
  function plan(text: string, options: Partial<PlanOptions> = {}): Promise<ApplyPlan> {
    return planApply({ kubectl, cluster, ...options }, spkDocuments('file:///work/spk/routes.yaml', text));
  }

  before(
    async () => {
      ({ server, kubectl, cluster } = await startSpkCluster());
    },
    START_TIMEOUT,
  );
  after(async () => {
    await server?.stop();
  });

  test('the context is read from the kubeconfig', () => {
    assert.deepEqual(cluster, { context: server.context, cluster: server.cluster, server: server.url, namespace: 'default' });
  });

  test('a new file: the dry run plans creates and stores nothing; the apply creates each resource with its spec', TEST_TIMEOUT, async () => {
    const ns = 'apply-create';
    await createNamespace(ns);
    const text = fixture('routes.yaml', ns);
    const p = await plan(text);
    assert.deepEqual(what(p), [`F5SPKVlan ${ns}/external: create`, `F5SPKStaticRoute ${ns}/client-route: create`, `F5SPKStaticRoute ${ns}/server-route: create`]);
    assert.deepEqual(await stored(ns), [], 'the dry run stored nothing');

    const confirm = confirmation(p);
    assert.equal(confirm.message, 'Apply 3 resources to context spk-test?');
    assert.equal(confirm.button, 'Apply');
    assert.equal(confirm.detail, [
      'Context: spk-test',
      `Cluster: ${server.cluster} (${server.url})`,
      `Namespace: ${ns}`,
      '',
      'Dry run (server-side): 3 create, 0 update, 0 unchanged',
      `+ create F5SPKVlan ${ns}/external`,
      `+ create F5SPKStaticRoute ${ns}/client-route`,
      `+ create F5SPKStaticRoute ${ns}/server-route`,
    ].join('\n'));
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);

    const progress: string[] = [];
    const outcomes = await applyPlan(kubectl, p, (done, total, item) => progress.push(`${done}/${total} ${item.doc.name}`));
    assert.deepEqual(outcomes.map((o) => o.message), [`F5SPKVlan ${ns}/external: created`, `F5SPKStaticRoute ${ns}/client-route: created`, `F5SPKStaticRoute ${ns}/server-route: created`]);
    assert.deepEqual(statuses(outcomes), ['external: applied', 'client-route: applied', 'server-route: applied']);
    assert.deepEqual(progress, ['0/3 external', '1/3 client-route', '2/3 server-route']);
    assert.deepEqual(resultSummary(outcomes), { ok: true, message: 'SPK: 3 applied, 0 unchanged.' });

    assert.deepEqual((await one(ns, 'external')).spec, { name: 'external', interfaces: ['1.1'], tag: 201, selfip_v4s: ['10.2.201.201', '10.2.201.202'], prefixlen_v4: 24, mtu: 1500, bonded: false }, 'with the CRD\'s defaults');
    const route = await one(ns, 'client-route');
    assert.deepEqual(route.spec, { destination: '10.1.30.0', prefixLen: 24, type: 'gateway', gateway: '10.2.201.5' });
    assert.deepEqual(route.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`), ['spk-routes/Apply']);
    assert.deepEqual((await one(ns, 'server-route')).spec, { destination: '10.20.0.0', prefixLen: 16, gateway: '10.2.201.6' });
  });

  test('applied again: everything unchanged and nothing sent; one gateway changed: an update of that route only', TEST_TIMEOUT, async () => {
    const ns = 'apply-update';
    await createNamespace(ns);
    const text = fixture('routes.yaml', ns);
    assert.deepEqual(statuses(await applyPlan(kubectl, await plan(text))), ['external: applied', 'client-route: applied', 'server-route: applied']);
    const before = new Map((await stored(ns)).map((o) => [o.metadata.name, o.metadata.resourceVersion]));

    const again = await plan(text);
    assert.deepEqual(what(again), [`F5SPKVlan ${ns}/external: unchanged`, `F5SPKStaticRoute ${ns}/client-route: unchanged`, `F5SPKStaticRoute ${ns}/server-route: unchanged`]);
    assert.deepEqual(itemsToApply(again), []);
    const confirm = confirmation(again);
    assert.equal(confirm.button, undefined, 'no apply button when everything is unchanged');
    assert.equal(confirm.message, 'Nothing to apply to spk-test: everything is unchanged.');
    const outcomes = await applyPlan(kubectl, again);
    assert.deepEqual(statuses(outcomes), ['external: unchanged', 'client-route: unchanged', 'server-route: unchanged']);
    assert.deepEqual(resultSummary(outcomes), { ok: true, message: 'SPK: 0 applied, 3 unchanged.' });
    assert.deepEqual(new Map((await stored(ns)).map((o) => [o.metadata.name, o.metadata.resourceVersion])), before, 'nothing was written');

    const changed = text.replace('gateway: 10.2.201.6', 'gateway: 10.2.201.66');
    assert.notEqual(changed, text);
    const update = await plan(changed);
    assert.deepEqual(what(update), [`F5SPKVlan ${ns}/external: unchanged`, `F5SPKStaticRoute ${ns}/client-route: unchanged`, `F5SPKStaticRoute ${ns}/server-route: update`]);
    assert.deepEqual(itemsToApply(update).map((i) => i.doc.name), ['server-route']);
    assert.equal((await one(ns, 'server-route')).spec.gateway, '10.2.201.6', 'the dry run did not change the stored route');
    const updateConfirm = confirmation(update);
    assert.equal(updateConfirm.message, 'Apply 1 resource to context spk-test?');
    assert.match(updateConfirm.detail, new RegExp(`0 create, 1 update, 2 unchanged\n= unchanged F5SPKVlan ${ns}/external\n= unchanged F5SPKStaticRoute ${ns}/client-route\n~ update F5SPKStaticRoute ${ns}/server-route$`));

    const applied = await applyPlan(kubectl, update);
    assert.deepEqual(applied.map((o) => o.message), [`F5SPKVlan ${ns}/external: unchanged`, `F5SPKStaticRoute ${ns}/client-route: unchanged`, `F5SPKStaticRoute ${ns}/server-route: updated`]);
    const after = await stored(ns);
    assert.equal(after.find((o) => o.metadata.name === 'server-route')!.spec.gateway, '10.2.201.66');
    for (const name of ['external', 'client-route']) {
      assert.equal(after.find((o) => o.metadata.name === name)!.metadata.resourceVersion, before.get(name), `${name} was not written`);
    }
  });

  test('documents the server rejects: errors on their lines with the full message; planApply applies nothing, applyPlan only the valid ones', TEST_TIMEOUT, async () => {
    const ns = 'apply-rejected';
    await createNamespace(ns);
    const text = fixture('rejected.yaml', ns);
    const p = await plan(text);
    assert.deepEqual(what(p), [
      `F5SPKStaticRoute ${ns}/good-route: create`,
      `F5SPKStaticRoute ${ns}/cidr-route: error invalid`,
      `F5SPKStaticRoute ${ns}/metric-route: error invalid`,
      `F5SPKVlan ${ns}/internal: create`,
    ]);
    const cidr = p.items[1]!.error!;
    assert.equal(cidr.line, lineWith(text, 'destination: 10.241.0.0/24'));
    assert.equal(cidr.message, 'The F5SPKStaticRoute "cidr-route" is invalid: spec.destination: Invalid value: "string": must be a bare IPv4 or IPv6 address without a prefix length (got "10.241.0.0/24"); put the prefix length in spec.prefixLen');
    assert.match(cidr.detail, /The F5SPKStaticRoute "cidr-route" is invalid: spec\.destination: Invalid value: "string": must be a bare IPv4 or IPv6 address without a prefix length \(got "10\.241\.0\.0\/24"\); put the prefix length in spec\.prefixLen/);
    const metric = p.items[2]!.error!;
    assert.equal(metric.line, lineWith(text, 'metric: 5'));
    assert.match(metric.message, /failed to create typed patch object \(apply-rejected\/metric-route; k8s\.f5net\.com\/v1, Kind=F5SPKStaticRoute\): \.spec\.metric: field not declared in schema/);
    assert.deepEqual(await stored(ns), [], 'planApply applied nothing');

    const confirm = confirmation(p);
    assert.equal(confirm.message, 'Apply 2 resources to context spk-test?');
    assert.equal(confirm.button, 'Apply 2 Valid Resources', 'applying the valid ones is an explicit choice');
    assert.match(confirm.detail, /2 create, 0 update, 0 unchanged, 2 rejected\n/);
    assert.ok(confirm.detail.includes(`✗ F5SPKStaticRoute ${ns}/cidr-route: The F5SPKStaticRoute "cidr-route" is invalid: spec.destination`));
    assert.match(confirm.detail, /The rejected resources are not applied\.$/);

    const outcomes = await applyPlan(kubectl, p);
    assert.deepEqual(statuses(outcomes), ['good-route: applied', 'cidr-route: skipped', 'metric-route: skipped', 'internal: applied']);
    assert.match(outcomes[1]!.message, /^F5SPKStaticRoute apply-rejected\/cidr-route: not applied \(dry run failed: The F5SPKStaticRoute "cidr-route" is invalid: spec\.destination/);
    assert.deepEqual(resultSummary(outcomes), { ok: false, message: 'SPK: 2 applied, 0 unchanged, 0 failed, 2 not applied.' });
    assert.deepEqual(names(await stored(ns)), [`F5SPKStaticRoute ${ns}/good-route`, `F5SPKVlan ${ns}/internal`]);
  });

  test('a field owned by another field manager: a conflict on the gateway line, and the stored value is kept', TEST_TIMEOUT, async () => {
    const ns = 'apply-conflict';
    await createNamespace(ns);
    const other = await server.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'client-route', namespace: ns }, spec: { destination: '10.1.30.0', prefixLen: 24, type: 'gateway', gateway: '10.2.201.99' } }),
    });
    assert.equal(other.code, 0, other.stderr);
    const text = fixture('routes.yaml', ns);
    const p = await plan(text);
    assert.deepEqual(what(p), [`F5SPKVlan ${ns}/external: create`, `F5SPKStaticRoute ${ns}/client-route: error conflict`, `F5SPKStaticRoute ${ns}/server-route: create`]);
    const conflict = p.items[1]!.error!;
    assert.equal(conflict.message, 'Apply failed with 1 conflict: conflict with "other": .spec.gateway');
    assert.match(conflict.detail, /--force-conflicts/, 'the full kubectl message');
    assert.equal(conflict.line, lineWith(text, 'gateway: 10.2.201.5'));

    const outcomes = await applyPlan(kubectl, p);
    assert.deepEqual(statuses(outcomes), ['external: applied', 'client-route: skipped', 'server-route: applied']);
    const kept = await one(ns, 'client-route');
    assert.equal(kept.spec.gateway, '10.2.201.99', 'not overwritten');
    assert.deepEqual(kept.metadata.managedFields?.map((m) => m.manager), ['other']);
  });

  test('forbidden: an item error per resource (RBAC is per namespace), nothing applied; the allowed ones can still be applied', TEST_TIMEOUT, async () => {
    const denied = 'apply-denied';
    const allowed = 'apply-allowed';
    await createNamespace(denied);
    await createNamespace(allowed);
    const intruder = await resolveContext(kubectl, server.forbiddenContext);
    assert.equal(intruder.context, server.forbiddenContext);

    const p = await plan(fixture('routes.yaml', denied), { cluster: intruder });
    assert.deepEqual(what(p), [`F5SPKVlan ${denied}/external: error forbidden`, `F5SPKStaticRoute ${denied}/client-route: error forbidden`, `F5SPKStaticRoute ${denied}/server-route: error forbidden`]);
    assert.equal(p.items[1]!.error!.message, `not allowed: f5-spk-staticroutes.k8s.f5net.com "client-route" is forbidden: User "intruder" cannot get resource "f5-spk-staticroutes" in API group "k8s.f5net.com" in the namespace "${denied}"`);
    const confirm = confirmation(p);
    assert.equal(confirm.button, undefined);
    assert.equal(confirm.message, `Nothing can be applied to ${server.forbiddenContext}: the dry run rejected 3 resources.`);
    assert.ok(confirm.detail.includes(`✗ F5SPKVlan ${denied}/external: not allowed: f5-spk-vlans.k8s.f5net.com "external" is forbidden: User "intruder"`));
    assert.deepEqual(statuses(await applyPlan(kubectl, p)), ['external: skipped', 'client-route: skipped', 'server-route: skipped']);
    assert.deepEqual(await stored(denied), []);

    // The same user, allowed in one namespace by a Role: those resources are planned, the others are not.
    for (const args of [
      ['create', 'role', 'spk-editor', '-n', allowed, '--verb=get,create,patch', `--resource=${SPK}`],
      ['create', 'rolebinding', 'spk-editor', '-n', allowed, '--role=spk-editor', '--user=intruder'],
    ]) {
      const r = await server.kubectl(args);
      assert.equal(r.code, 0, r.stderr);
    }
    for (const deadline = Date.now() + 30_000; ;) { // the authorizer sees the new binding through its informer
      const can = await server.kubectl(['auth', 'can-i', 'patch', 'f5-spk-staticroutes.k8s.f5net.com', '-n', allowed], { context: server.forbiddenContext });
      if (can.stdout.trim() === 'yes') break;
      assert.ok(Date.now() < deadline, `RBAC binding not effective: ${can.stdout}${can.stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const deniedRoute = fixture('routes.yaml', denied).split('---\n')[2]!;
    const mixed = `${fixture('routes.yaml', allowed)}---\n${deniedRoute}`;
    const partial = await plan(mixed, { cluster: intruder });
    assert.deepEqual(what(partial), [
      `F5SPKVlan ${allowed}/external: create`,
      `F5SPKStaticRoute ${allowed}/client-route: create`,
      `F5SPKStaticRoute ${allowed}/server-route: create`,
      `F5SPKStaticRoute ${denied}/server-route: error forbidden`,
    ]);
    assert.equal(confirmation(partial).button, 'Apply 3 Valid Resources');
    assert.deepEqual(statuses(await applyPlan(kubectl, partial)), ['external: applied', 'client-route: applied', 'server-route: applied', 'server-route: skipped']);
    assert.deepEqual(names(await stored(allowed)), [`F5SPKStaticRoute ${allowed}/client-route`, `F5SPKStaticRoute ${allowed}/server-route`, `F5SPKVlan ${allowed}/external`]);
    assert.deepEqual(await stored(denied), []);
  });

  test('a cluster that went away: the dry run stops with "unreachable", and an apply already confirmed stops sending', TEST_TIMEOUT, async () => {
    const gone = await startApiServer({ context: 'spk-gone' });
    const dir = mkdtempSync(path.join(tmpdir(), 'spk-gone-'));
    try {
      const crds = generateCrds();
      await installCrds(gone, crdsToYaml(crds), crds);
      const r = await gone.kubectl(['create', 'namespace', 'gone']);
      assert.equal(r.code, 0, r.stderr);
      // The kubeconfig and kubectl's caches outside the server's folder, which stop() removes.
      const kubeconfig = path.join(dir, 'kubeconfig');
      copyFileSync(gone.kubeconfig, kubeconfig);
      const options = (name: string): KubectlOptions => {
        const home = path.join(dir, name);
        mkdirSync(home);
        return { path: KUBECTL, timeoutMs: 60_000, env: { ...gone.env, KUBECONFIG: kubeconfig, HOME: home, XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, TMPDIR: dir } };
      };
      const warm = options('warm'); // kubectl has used the cluster: its discovery cache is fresh
      const cold = options('cold');
      const goneCluster = await resolveContext(warm, '');
      assert.deepEqual(goneCluster, { context: 'spk-gone', cluster: gone.cluster, server: gone.url, namespace: 'default' });
      const docs = spkDocuments('file:///work/spk/routes.yaml', fixture('routes.yaml', 'gone'));
      const planned = await planApply({ kubectl: warm, cluster: goneCluster }, docs);
      assert.deepEqual(what(planned), ['F5SPKVlan gone/external: create', 'F5SPKStaticRoute gone/client-route: create', 'F5SPKStaticRoute gone/server-route: create']);

      await gone.stop();
      const port = new URL(gone.url).port;
      const refused = new RegExp(`^the cluster cannot be reached: The connection to the server 127\\.0\\.0\\.1:${port} was refused`);
      await rejectsWith(planApply({ kubectl: warm, cluster: goneCluster }, docs), 'unreachable', refused);
      await rejectsWith(planApply({ kubectl: cold, cluster: goneCluster }, docs), 'unreachable', refused);

      // Confirmed while the cluster was up, applied after it went away: one failure, the rest not sent.
      const outcomes = await applyPlan(warm, planned);
      assert.deepEqual(statuses(outcomes), ['external: failed', 'client-route: skipped', 'server-route: skipped']);
      assert.match(outcomes[0]!.message, new RegExp(`^F5SPKVlan gone/external: failed: the cluster cannot be reached: .*dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
      assert.match(outcomes[1]!.message, /^F5SPKStaticRoute gone\/client-route: not applied \(the cluster cannot be reached: /);
      assert.equal(resultSummary(outcomes).ok, false);
    } finally {
      await gone.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a context the kubeconfig lacks: "no-context", before and during the dry run', TEST_TIMEOUT, async () => {
    await rejectsWith(resolveContext(kubectl, 'nope'), 'no-context', /^the kubeconfig has no context "nope" \(spkRoutes\.kubectl\.context\)$/);
    // The kubeconfig changed between reading the context and the dry run.
    await rejectsWith(plan(fixture('routes.yaml', 'default'), { cluster: { ...cluster, context: 'nope' } }), 'no-context', /context "nope" does not exist/);
  });

  test('kubectl that does not answer in time: "timeout" from the dry run; the apply stops sending, nothing stored', TEST_TIMEOUT, async () => {
    const ns = 'apply-timeout';
    await createNamespace(ns);
    const text = fixture('routes.yaml', ns);
    const hurried = { ...kubectl, timeoutMs: 1 };
    await rejectsWith(plan(text, { kubectl: hurried }), 'timeout', /^kubectl did not answer within \d+ s \(spkRoutes\.kubectl\.timeoutSeconds\): \S+ --context=spk-test --namespace=apply-timeout get F5SPK\w+\.v1\.k8s\.f5net\.com\/[\w-]+ -o json /);
    const p = await plan(text);
    const outcomes = await applyPlan(hurried, p);
    assert.deepEqual(statuses(outcomes), ['external: failed', 'client-route: skipped', 'server-route: skipped']);
    assert.match(outcomes[0]!.message, /: failed: kubectl did not answer within/);
    assert.deepEqual(await stored(ns), []);
  });

  test('a file with other Kubernetes documents between the routes: only the SPK resources are sent', TEST_TIMEOUT, async () => {
    const ns = 'apply-mixed';
    await createNamespace(ns);
    const text = fixture('mixed.yaml', ns);
    const p = await plan(text);
    assert.deepEqual(what(p), [`F5SPKStaticRoute ${ns}/first-route: create`, `F5SPKStaticRoute ${ns}/second-route: create`]);
    assert.equal(p.items[1]!.doc.lineOf(['spec', 'gateway']), lineWith(text, 'gateway: 10.2.201.6'), 'lines still map into the file');
    assert.deepEqual(statuses(await applyPlan(kubectl, p)), ['first-route: applied', 'second-route: applied']);
    assert.deepEqual(names(await stored(ns)), [`F5SPKStaticRoute ${ns}/first-route`, `F5SPKStaticRoute ${ns}/second-route`]);
    const others = await server.kubectl(['get', 'configmaps,deployments', '-n', ns, '-o', 'name']);
    assert.equal(others.code, 0, others.stderr);
    assert.ok(!/not-sent/.test(others.stdout), `neither the ConfigMap nor the Deployment was created: ${others.stdout}`);
  });

  test('namespaces: the resource\'s own, else the setting, else the context\'s; none, or one that does not exist: an item error, nothing applied', TEST_TIMEOUT, async () => {
    const own = 'ns-own';
    const setting = 'ns-setting';
    const fromContext = 'ns-context';
    for (const ns of [own, setting, fromContext]) await createNamespace(ns);
    const text = fixture('no-namespace.yaml', own);

    // spkRoutes.kubectl.namespace
    const p1 = await plan(text, { namespace: setting });
    assert.deepEqual(what(p1), [`F5SPKStaticRoute ${setting}/ns-route-a: create`, `F5SPKStaticRoute ${setting}/ns-route-b: create`, `F5SPKStaticRoute ${own}/ns-route-own: create`]);
    assert.match(confirmation(p1).detail, new RegExp(`^Namespaces: ${own}, ${setting}$`, 'm'));
    assert.deepEqual(statuses(await applyPlan(kubectl, p1)), ['ns-route-a: applied', 'ns-route-b: applied', 'ns-route-own: applied']);
    assert.deepEqual(names(await stored(setting)), [`F5SPKStaticRoute ${setting}/ns-route-a`, `F5SPKStaticRoute ${setting}/ns-route-b`]);
    assert.deepEqual(names(await stored(own)), [`F5SPKStaticRoute ${own}/ns-route-own`]);

    // The context's namespace (the setting empty, as the command passes it), and a context without one.
    const dir = mkdtempSync(path.join(tmpdir(), 'spk-ns-'));
    try {
      const env = { ...server.env, KUBECONFIG: path.join(dir, 'kubeconfig') };
      copyFileSync(server.kubeconfig, env.KUBECONFIG);
      for (const args of [
        ['config', 'set-context', 'with-ns', `--cluster=${server.cluster}`, '--user=spk-admin', `--namespace=${fromContext}`],
        ['config', 'set-context', 'without-ns', `--cluster=${server.cluster}`, '--user=spk-admin'],
      ]) {
        const r = await run(KUBECTL, args, { env });
        assert.equal(r.code, 0, r.stderr);
      }
      const withNs: KubectlOptions = { ...kubectl, env };
      const ctx = await resolveContext(withNs, 'with-ns');
      assert.equal(ctx.namespace, fromContext);
      const p2 = await planApply({ kubectl: withNs, cluster: ctx, namespace: '' }, spkDocuments('file:///work/spk/routes.yaml', text));
      assert.deepEqual(what(p2), [`F5SPKStaticRoute ${fromContext}/ns-route-a: create`, `F5SPKStaticRoute ${fromContext}/ns-route-b: create`, `F5SPKStaticRoute ${own}/ns-route-own: unchanged`]);
      assert.deepEqual(statuses(await applyPlan(withNs, p2)), ['ns-route-a: applied', 'ns-route-b: applied', 'ns-route-own: unchanged']);
      assert.deepEqual(names(await stored(fromContext)), [`F5SPKStaticRoute ${fromContext}/ns-route-a`, `F5SPKStaticRoute ${fromContext}/ns-route-b`]);

      const none = await resolveContext(withNs, 'without-ns');
      assert.equal(none.namespace, undefined);
      const before = names(await stored());
      const p3 = await planApply({ kubectl: withNs, cluster: none, namespace: '' }, spkDocuments('file:///work/spk/routes.yaml', text));
      assert.deepEqual(what(p3), ['F5SPKStaticRoute ?/ns-route-a: error no-namespace', 'F5SPKStaticRoute ?/ns-route-b: error no-namespace', `F5SPKStaticRoute ${own}/ns-route-own: unchanged`]);
      assert.equal(p3.items[0]!.error!.message, 'F5SPKStaticRoute ns-route-a names no namespace, and neither spkRoutes.kubectl.namespace nor context without-ns sets one');
      assert.equal(p3.items[0]!.error!.line, lineWith(text, 'name: ns-route-a') - 1, 'on the metadata line');
      assert.equal(confirmation(p3).button, undefined);
      assert.equal(confirmation(p3).message, 'Nothing can be applied to without-ns: the dry run rejected 2 resources.');
      assert.deepEqual(statuses(await applyPlan(withNs, p3)), ['ns-route-a: skipped', 'ns-route-b: skipped', 'ns-route-own: unchanged']);
      assert.deepEqual(names(await stored()), before, 'nothing applied');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A namespace that does not exist: named by the resource, or by the setting.
    const missing = text.replace(`namespace: ${own}`, 'namespace: no-such-ns');
    const p4 = await plan(missing, { namespace: 'no-such-setting' });
    assert.deepEqual(what(p4), ['F5SPKStaticRoute no-such-setting/ns-route-a: error not-found', 'F5SPKStaticRoute no-such-setting/ns-route-b: error not-found', 'F5SPKStaticRoute no-such-ns/ns-route-own: error not-found']);
    assert.equal(p4.items[2]!.error!.message, 'namespaces "no-such-ns" not found');
    assert.equal(p4.items[2]!.error!.detail, 'Error from server (NotFound): namespaces "no-such-ns" not found');
    assert.equal(p4.items[2]!.error!.line, lineWith(missing, 'namespace: no-such-ns'));
    assert.equal(p4.items[0]!.error!.message, 'namespaces "no-such-setting" not found');
    assert.equal(p4.items[0]!.error!.line, lineWith(missing, 'name: ns-route-a') - 1, 'no namespace line: on metadata');
    assert.deepEqual(statuses(await applyPlan(kubectl, p4)), ['ns-route-a: skipped', 'ns-route-b: skipped', 'ns-route-own: skipped']);
    const ns = await server.kubectl(['get', 'namespaces', '-o', 'name']);
    assert.ok(!/no-such/.test(ns.stdout), 'no namespace was created');
  });
});
