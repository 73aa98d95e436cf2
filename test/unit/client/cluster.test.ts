// The apply path's logic, and its failures caused for real with the real kubectl: no binary, no
// context, a wrong context, a cluster that refuses connections, one that never answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveContext } from '../../../client/src/cluster/clusterContext.js';
import { classify, commandLine, KubectlError, type KubectlOptions } from '../../../client/src/cluster/kubectl.js';
import { spkDocuments } from '../../../client/src/cluster/manifests.js';
import { answeredFor, compare, fieldPath, planApply, resourceName } from '../../../client/src/cluster/plan.js';
import { confirmation } from '../../../client/src/cluster/planText.js';

const KUBECTL = process.env.SPK_KUBECTL ?? 'kubectl';
const FILE = `apiVersion: v1
kind: ConfigMap
metadata: {name: not-sent}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: r1
  namespace: event1
spec:
  destination: 10.20.0.0
  prefixLen: 16
  gateway: 10.10.255.252
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external}
spec: {name: external, selfip_v4s: [10.10.0.10], prefixlen_v4: 16}
`;

describe('what is sent', () => {
  test('only SPK documents, each with its lines; a selection picks the documents it touches', () => {
    const docs = spkDocuments('file:///w/a.yaml', FILE);
    assert.deepEqual(docs.map((d) => [d.kind, d.name, d.namespace, d.line, d.endLine]), [
      ['F5SPKStaticRoute', 'r1', 'event1', 3, 12],
      ['F5SPKVlan', 'external', undefined, 13, 18],
    ]);
    assert.deepEqual(JSON.parse(docs[0]!.body), {
      apiVersion: 'k8s.f5net.com/v1',
      kind: 'F5SPKStaticRoute',
      metadata: { name: 'r1', namespace: 'event1' },
      spec: { destination: '10.20.0.0', prefixLen: 16, gateway: '10.10.255.252' },
    }, 'what is sent is our JSON of the object, not its source text');
    assert.ok(!docs.some((d) => d.body.includes('ConfigMap')));
    assert.equal(docs[0]!.lineOf(['spec', 'destination']), 10);
    assert.equal(docs[0]!.lineOf(['spec', 'nothere']), 9, 'falls back to the nearest existing parent');
    assert.deepEqual(spkDocuments('file:///w/a.yaml', FILE, { from: 15, to: 16 }).map((d) => d.name), ['external']);
  });

  test('resource names and field paths from server errors', () => {
    assert.equal(resourceName(spkDocuments('u', FILE)[0]!), 'F5SPKStaticRoute.v1.k8s.f5net.com');
    assert.deepEqual(fieldPath('The F5SPKStaticRoute "client-route" is invalid: spec.destination: Invalid value: "string": must be a bare IPv4'), ['spec', 'destination']);
    assert.deepEqual(fieldPath('Error from server: failed to create typed patch object (ns/x; k8s.f5net.com/v1, Kind=F5SPKStaticRoute): .spec.metric: field not declared in schema'), ['spec', 'metric']);
    assert.deepEqual(fieldPath('error: Apply failed with 1 conflict: conflict with "other": .spec.gateway\nPlease review'), ['spec', 'gateway']);
    assert.deepEqual(fieldPath('spec.selfip_v4s[1]: Invalid value'), ['spec', 'selfip_v4s', 1]);
    assert.deepEqual(fieldPath('Error from server (NotFound): namespaces "nope" not found'), []);
  });

  test('create, update or unchanged, from the live object and the dry run', () => {
    const obj = (gateway: string, labels = {}) => JSON.stringify({ metadata: { labels, managedFields: [{ manager: String(Math.random()) }] }, spec: { destination: '10.20.0.0', prefixLen: 16, gateway } });
    assert.equal(compare('', obj('10.1.1.1')), 'create');
    assert.equal(compare(obj('10.1.1.1'), obj('10.1.1.1')), 'unchanged');
    assert.equal(compare(obj('10.1.1.1'), obj('10.1.1.2')), 'update');
    assert.equal(compare(obj('10.1.1.1'), obj('10.1.1.1', { team: 'net' })), 'update');
  });

  test('kubectl failures are told apart from their messages', () => {
    const cases: [string, string][] = [
      ['Unable to connect to the server: dial tcp 127.0.0.1:1: connect: connection refused', 'unreachable'],
      ['The connection to the server 127.0.0.1:40123 was refused - did you specify the right host or port?', 'unreachable'],
      ['E1126 06:55:55.123 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:1/api": dial tcp 127.0.0.1:1: connect: connection refused\nThe connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?', 'unreachable'],
      ['error: context "nope" does not exist', 'no-context'],
      ['Error from server (Forbidden): f5-spk-staticroutes.k8s.f5net.com "r1" is forbidden: User "intruder" cannot get resource', 'forbidden'],
      ['error: Apply failed with 1 conflict: conflict with "other": .spec.gateway', 'conflict'],
      ['The F5SPKStaticRoute "r1" is invalid: spec.destination: Invalid value', 'invalid'],
      ['Error from server (NotFound): namespaces "nope" not found', 'not-found'],
    ];
    for (const [stderr, failure] of cases) assert.equal(classify(stderr).failure, failure, stderr);
    assert.equal(commandLine({ path: 'kubectl', timeoutMs: 1 }, ['get', '--token=secret']), 'kubectl get --token=***');
  });

  test('two documents naming one object are not sent, each pointing at the other', async () => {
    const twice = spkDocuments('file:///w/a.yaml', FILE).slice(0, 1).concat(spkDocuments('file:///w/b.yaml', FILE).slice(0, 1));
    const plan = await planApply({ kubectl: { path: '/nonexistent', timeoutMs: 1000 }, cluster: { context: 'c', cluster: 'c', server: 's' } }, twice);
    assert.deepEqual(plan.items.map((i) => [i.error?.failure, i.error?.message, i.error?.line]), [
      ['duplicate', 'F5SPKStaticRoute r1 is also defined at b.yaml:4: apply one of them', 7],
      ['duplicate', 'F5SPKStaticRoute r1 is also defined at a.yaml:4: apply one of them', 7],
    ]);
  });

  test('the confirmation names the context, cluster and namespaces, and lists the plan', () => {
    const [route, vlan] = spkDocuments('u', FILE);
    const cluster = { context: 'prod-east', cluster: 'east', server: 'https://10.0.0.1:6443', namespace: 'event1' };
    const text = confirmation({ cluster, items: [{ doc: route!, namespace: 'event1', action: 'create' }, { doc: vlan!, namespace: 'event1', action: 'unchanged' }] });
    assert.equal(text.message, 'Apply 1 resource to context prod-east?');
    assert.equal(text.button, 'Apply');
    assert.equal(text.detail, 'Context: prod-east\nCluster: east (https://10.0.0.1:6443)\nNamespace: event1\n\nDry run (server-side): 1 create, 0 update, 1 unchanged\n+ create F5SPKStaticRoute event1/r1\n= unchanged F5SPKVlan event1/external');
    const rejected = confirmation({ cluster, items: [{ doc: route!, namespace: 'event1', action: 'update' }, { doc: vlan!, namespace: 'event1', error: { failure: 'invalid', message: 'spec.tag: Invalid value', detail: '', line: 3 } }] });
    assert.equal(rejected.button, 'Apply 1 Valid Resource');
    assert.match(rejected.detail, /✗ F5SPKVlan event1\/external: spec\.tag: Invalid value[\s\S]*The rejected resources are not applied\.$/);
  });
});

describe('failures, caused for real with kubectl', () => {
  let dir: string;
  let silent: Server;
  let silentPort = 0;
  const sockets: Socket[] = [];
  const options = (kubeconfig: string, timeoutMs = 15_000): KubectlOptions => ({ path: KUBECTL, timeoutMs, env: { ...process.env, KUBECONFIG: join(dir, kubeconfig), HOME: dir } });
  const kubeconfig = (server: string, current = 'ctx') => `apiVersion: v1
kind: Config
clusters: [{name: c1, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: u1, user: {token: very-secret-token}}]
contexts: [{name: ctx, context: {cluster: c1, user: u1, namespace: event1}}]
current-context: "${current}"
`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spk-kubectl-'));
    silent = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    writeFileSync(join(dir, 'refused'), kubeconfig('https://127.0.0.1:1'));
    writeFileSync(join(dir, 'silent'), kubeconfig(`https://127.0.0.1:${silentPort}`));
    writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
    writeFileSync(join(dir, 'nocurrent'), kubeconfig('https://127.0.0.1:1', ''));
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('kubectl missing', async () => {
    await assert.rejects(resolveContext({ path: join(dir, 'no-kubectl'), timeoutMs: 5000 }, ''), (e: KubectlError) => e.failure === 'missing' && /kubectl not found at ".*no-kubectl": install kubectl \(or oc\) or set spkRoutes\.kubectl\.path/.test(e.message));
  });

  test('no context set, and a context name that the kubeconfig lacks', async () => {
    await assert.rejects(resolveContext(options('empty'), ''), (e: KubectlError) => e.failure === 'no-context' && /no kubeconfig context is set/.test(e.message));
    await assert.rejects(resolveContext(options('nocurrent'), ''), (e: KubectlError) => e.failure === 'no-context');
    await assert.rejects(resolveContext(options('refused'), 'prod'), (e: KubectlError) => e.failure === 'no-context' && /no context "prod"/.test(e.message));
  });

  test('the context, cluster, server and namespace are read, and the token never shows', async () => {
    const cluster = await resolveContext(options('refused'), '');
    assert.deepEqual(cluster, { context: 'ctx', cluster: 'c1', server: 'https://127.0.0.1:1', namespace: 'event1' });
    assert.ok(!JSON.stringify(cluster).includes('very-secret-token'));
  });

  test('an unreachable cluster stops the dry run with a clear error', async () => {
    const kubectl = options('refused');
    const cluster = await resolveContext(kubectl, '');
    await assert.rejects(planApply({ kubectl, cluster }, spkDocuments('u', FILE)), (e: KubectlError) => e.failure === 'unreachable' && /the cluster cannot be reached/.test(e.message));
  });

  test('a cluster that never answers times out', async () => {
    const cluster = await resolveContext(options('silent'), '');
    const kubectl = options('silent', 1500);
    const started = Date.now();
    await assert.rejects(planApply({ kubectl, cluster }, spkDocuments('u', FILE)), (e: KubectlError) => e.failure === 'timeout' && /did not answer within 2 s/.test(e.message));
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('the cluster must answer for the object that was sent', () => {
  const doc = spkDocuments('file:///w/a.yaml', FILE)[0]!;
  const answer = (object: unknown) => JSON.stringify(object);
  const same = { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'r1', namespace: 'event1' } };

  test('the same apiVersion, kind, namespace and name: no difference', () => {
    assert.equal(answeredFor(answer(same), doc, 'event1'), undefined);
  });

  test('any difference is named', () => {
    assert.equal(answeredFor(answer({ ...same, kind: 'ClusterRoleBinding' }), doc, 'event1'), 'k8s.f5net.com/v1 ClusterRoleBinding event1/r1');
    assert.equal(answeredFor(answer({ ...same, metadata: { name: 'r2', namespace: 'event1' } }), doc, 'event1'), 'k8s.f5net.com/v1 F5SPKStaticRoute event1/r2');
    assert.equal(answeredFor(answer(same), doc, 'other'), 'k8s.f5net.com/v1 F5SPKStaticRoute event1/r1');
    assert.equal(answeredFor(answer({ ...same, apiVersion: 'v1' }), doc, 'event1'), 'v1 F5SPKStaticRoute event1/r1');
    assert.equal(answeredFor(answer({ apiVersion: 'v1', kind: 'List', items: [same, same] }), doc, 'event1'), 'v1 List undefined/undefined');
    assert.equal(answeredFor(`${answer(same)}\n${answer(same)}`, doc, 'event1'), 'something that is not one JSON object');
    assert.equal(answeredFor('[]', doc, 'event1'), 'something that is not one object');
  });
});

describe('the confirmation cannot be forged by what a file holds', () => {
  test('a refused name with terminal escapes, bidi controls and a line break is shown escaped', async () => {
    const text = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: "ok\\e[2J\\u202Eetuor\\n+ create F5SPKStaticRoute x/y"\n  namespace: event1\nspec: {destination: 10.20.0.0, prefixLen: 16, gateway: 10.10.255.252}\n';
    const docs = spkDocuments('file:///w/a.yaml', text);
    // Refused documents never reach kubectl: a binary that does not exist shows it.
    const plan = await planApply({ kubectl: { path: '/nonexistent/kubectl', timeoutMs: 1000 }, cluster: { context: 'c\u001b]0;x', cluster: 'k', server: 'https://h' } }, docs);
    const detail = confirmation(plan).detail;
    assert.equal(detail.split('\n').length, 6, detail);
    assert.doesNotMatch(detail, /[\u001b\u202e]/);
    assert.match(detail, /^Context: c\\x1b\]0;x$/m);
    assert.match(detail, /^✗ F5SPKStaticRoute event1\/ok\\x1b\[2J\\u\{202e\}etuor\\n\+ create F5SPKStaticRoute x\/y: not sent: /m);
  });
});
