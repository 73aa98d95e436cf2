// The pure parts of the cluster view and of the apply's traffic check (client/src/cluster/clusterRoutes.ts,
// planText.ts): the kinds read, the conditions, drift, the cluster after an apply, and their words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLUSTER_KINDS, clusterAfterApply, conditionsOf, conditionText, driftOf, kindsArg, routeDocument, type ClusterObject, type ProgrammedResult } from '../../../client/src/cluster/clusterRoutes.js';
import type { ApplyPlan } from '../../../client/src/cluster/plan.js';
import { confirmation, programmedReport, trafficText } from '../../../client/src/cluster/planText.js';
import { spkDocuments } from '../../../client/src/cluster/manifests.js';

const route = (name: string, spec: Record<string, unknown>, status?: unknown): ClusterObject => ({
  apiVersion: 'k8s.f5net.com/v1',
  kind: 'F5SPKStaticRoute',
  metadata: { name, namespace: 'event1', generation: 1 },
  spec,
  ...(status ? { status: status as ClusterObject['status'] } : {}),
});

test('every SPK kind of a cluster by kind and group, never RouteTest', () => {
  assert.deepEqual(CLUSTER_KINDS.map((k) => `${k.kind}.${k.group}`), [
    'IngressRouteStaticRoute.k8s.f5net.com', 'F5SPKStaticRoute.k8s.f5net.com', 'IngressRouteVlan.k8s.f5net.com', 'F5SPKVlan.k8s.f5net.com',
    'F5SPKVxlan.k8s.f5net.com', 'F5SPKEgress.k8s.f5net.com', 'F5SPKSnatpool.k8s.f5net.com', 'Infra.gateway.k8s.f5.com',
  ]);
  assert.equal(kindsArg([{ kind: 'F5SPKVlan', group: 'k8s.f5net.com' }, { kind: 'Infra', group: 'gateway.k8s.f5.com' }]), 'F5SPKVlan.k8s.f5net.com,Infra.gateway.k8s.f5.com');
});

test('conditions: Programmed and Accepted first, with reason and message; malformed entries left out', () => {
  const object = route('r', {}, { conditions: [
    { type: 'Ready', status: 'True' },
    { type: 'Accepted', status: 'True', reason: 'Accepted', message: '' },
    { type: 'Programmed', status: 'False', reason: 'GatewayUnreachable', message: 'no self IP reaches 10.2.201.5', observedGeneration: 1 },
    { type: 7, status: 'True' },
    'junk',
  ] });
  assert.deepEqual(conditionsOf(object).map(conditionText), ['Programmed=False (GatewayUnreachable): no self IP reaches 10.2.201.5', 'Accepted=True (Accepted)', 'Ready=True']);
  assert.equal(conditionsOf(object)[0]!.observedGeneration, 1);
  assert.deepEqual(conditionsOf(route('s', {})), []);
  assert.deepEqual(conditionsOf(route('s', {}, { conditions: 'no list' })), []);
  assert.deepEqual(routeDocument({ ...object, metadata: { ...object.metadata, managedFields: [{}] } as ClusterObject['metadata'] }), { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'r', namespace: 'event1' }, spec: {} });
});

test('drift: only in the cluster, only in the workspace, different in a field the workspace sets; the cluster\'s defaults are no drift', () => {
  const ws = (name: string, spec: unknown, namespace = 'event1') => ({ kind: 'F5SPKStaticRoute', namespace, name, spec, uri: 'file:///w/routes.yaml', line: 3 });
  const drift = driftOf(
    [ws('same', { destination: '10.1.0.0', prefixLen: 16 }), ws('changed', { destination: '10.2.0.0', prefixLen: 16, gateway: '10.0.0.1' }), ws('new', {}), ws('same', {}, 'other')],
    [route('same', { destination: '10.1.0.0', prefixLen: 16, type: 'gateway' }), route('changed', { destination: '10.2.0.0', prefixLen: 24, gateway: '10.0.0.2' }), route('gone', {})],
  );
  assert.deepEqual(drift.map((d) => [d.mark, `${d.namespace}/${d.name}`, d.fields, d.line ?? null]), [
    ['different', 'event1/changed', ['spec.prefixLen', 'spec.gateway'], 3],
    ['only-in-cluster', 'event1/gone', [], null],
    ['only-in-workspace', 'event1/new', [], 3],
    ['only-in-workspace', 'other/same', [], 3],
  ]);
  // A list is compared whole; key order is no difference.
  assert.deepEqual(driftOf([ws('l', { a: [1, 2], b: { x: 1, y: 2 } })], [route('l', { b: { y: 2, x: 1 }, a: [1, 2, 3] })]).map((d) => d.fields), [['spec.a']]);
});

test('the cluster after an apply: applied objects replace theirs or are added, in the applied namespaces only', () => {
  const cluster = [route('a', { gateway: '10.0.0.1' }), route('b', { gateway: '10.0.0.2' }), { ...route('x', {}), metadata: { name: 'x', namespace: 'elsewhere' } }];
  const body = (name: string, gateway: string) => JSON.stringify({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name }, spec: { gateway } });
  const { now, after } = clusterAfterApply(cluster, [
    { kind: 'F5SPKStaticRoute', namespace: 'event1', name: 'b', body: body('b', '10.0.0.3') },
    { kind: 'F5SPKStaticRoute', namespace: 'event1', name: 'c', body: body('c', '10.0.0.4') },
  ]);
  assert.deepEqual(now.map((o) => o.metadata.name), ['a', 'b']);
  assert.deepEqual(after.map((o) => [o.metadata.namespace, o.metadata.name, (o.spec as { gateway: string }).gateway]), [['event1', 'a', '10.0.0.1'], ['event1', 'b', '10.0.0.3'], ['event1', 'c', '10.0.0.4']]);
});

test('the confirmation: the plan, then the traffic the apply changes, or that it changes none', () => {
  const [doc] = spkDocuments('file:///w/r.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: event1}\nspec: {destination: 10.20.0.0, prefixLen: 16, gateway: 10.10.0.1}\n');
  const plan: ApplyPlan = { cluster: { context: 'c', cluster: 'k', server: 'https://s' }, items: [{ doc: doc!, namespace: 'event1', action: 'create' }] };
  const line = 'event1  10.20.0.0/16  → 10.10.0.1 on external (a)  ⇒  → 10.10.0.2 on external (r)';
  assert.deepEqual(confirmation(plan, { lines: [line] }).detail.split('\n').slice(-4), ['+ create F5SPKStaticRoute event1/r', '', 'Traffic (the cluster now ⇒ after this apply): 1 change', line]);
  assert.deepEqual(confirmation(plan, { lines: [] }).detail.split('\n').slice(-2), ['', 'This apply changes no traffic.']);
  assert.deepEqual(trafficText({ error: 'the cluster cannot be reached\u001b[2J' }), ['Traffic: not compared (the cluster cannot be reached\\x1b[2J).']);
  assert.equal(confirmation(plan).detail.split('\n').at(-1), '+ create F5SPKStaticRoute event1/r', 'without a traffic check, as before');
});

test('after the apply: programmed, refused with the controller\'s words, and no answer at the bound', () => {
  const target = (name: string) => ({ kind: 'F5SPKStaticRoute', namespace: 'event1', name });
  const results: ProgrammedResult[] = [
    { target: target('a'), state: 'programmed', condition: { type: 'Programmed', status: 'True', reason: 'Programmed', message: '' } },
    { target: target('b'), state: 'not-programmed', condition: { type: 'Programmed', status: 'False', reason: 'Invalid', message: 'gateway 10.9.0.1 is on no VLAN' } },
    { target: target('c'), state: 'no-answer' },
  ];
  assert.deepEqual(programmedReport({ results, cancelled: false, timedOut: true }, 60_000), {
    ok: false,
    message: 'SPK: 1 of 3 resources Programmed after 60 s.',
    lines: [
      '✓ F5SPKStaticRoute event1/a: Programmed',
      '✗ F5SPKStaticRoute event1/b: not programmed: Programmed=False (Invalid): gateway 10.9.0.1 is on no VLAN',
      '… F5SPKStaticRoute event1/c: no controller reported Programmed within 60 s (status.conditions has none for this generation): is a controller for F5SPKStaticRoute running in this cluster?',
    ],
  });
  assert.equal(programmedReport({ results: [results[2]!], cancelled: true, timedOut: false }, 60_000).lines[0], '… F5SPKStaticRoute event1/c: no Programmed condition yet (the wait was cancelled)');
  assert.deepEqual(programmedReport({ results: [results[0]!], cancelled: false, timedOut: false }, 60_000), { ok: true, message: 'SPK: the resource is Programmed.', lines: ['✓ F5SPKStaticRoute event1/a: Programmed'] });
});
