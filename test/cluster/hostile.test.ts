// A hostile workspace against the apply path, on a real kube-apiserver with the real kubectl.
// Each file below hides an object that kubectl would create if it were handed the file's text (a
// control dry run of the raw text with kubectl proves it does); through the command's own sequence
// (spkDocuments → planApply → applyPlan) and through `spk-route plan/apply`, the cluster must then
// hold exactly the objects the plan listed, and the refused document must name its line.
// Names that start with `-` must never reach kubectl as flags: a kubeconfig whose exec credential
// plugin leaves a mark, and a listener that counts connections, show that they did not.
// Run: node --import tsx --test test/cluster/hostile.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyPlan, itemsToApply } from '../../client/src/cluster/apply';
import { resolveContext, type ClusterContext } from '../../client/src/cluster/clusterContext';
import type { KubectlOptions } from '../../client/src/cluster/kubectl';
import { spkDocuments } from '../../client/src/cluster/manifests';
import { planApply, type ApplyPlan } from '../../client/src/cluster/plan';
import type { ApiServer } from '../../scripts/cluster/apiserver';
import { startSpkCluster, START_TIMEOUT } from './spkCluster';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const TEST_TIMEOUT = { timeout: 120_000 };

const route = (ns: string, name: string, extra = '') => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  destination: 10.20.0.0
  prefixLen: 16
  type: gateway
  gateway: 10.10.255.252
${extra}`;

const BINDING = (name: string, indent = '') => [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRoleBinding',
  `metadata: {name: ${name}}`,
  'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
  'subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: attacker}]',
].map((line) => indent + line);

/** 0-based line of the only line of `text` that contains `needle`. */
function lineWith(text: string, needle: string): number {
  const lines = text.split(/\n/).map((l, i) => [l, i] as const).filter(([l]) => l.includes(needle));
  assert.equal(lines.length, 1, `exactly one line with ${JSON.stringify(needle)}`);
  return lines[0]![1];
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('a hostile workspace cannot get objects past the confirmation', () => {
  let server: ApiServer;
  let kubectl: KubectlOptions;
  let cluster: ClusterContext;
  let work: string;

  before(
    async () => {
      ({ server, kubectl, cluster } = await startSpkCluster());
      work = mkdtempSync(path.join(tmpdir(), 'spk-hostile-'));
    },
    START_TIMEOUT,
  );
  after(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function namespace(ns: string): Promise<void> {
    const r = await server.kubectl(['create', 'namespace', ns]);
    assert.equal(r.code, 0, r.stderr);
  }

  /** What kubectl itself reads from the raw text: the objects its dry run would apply, as JSON. */
  async function kubectlReads(text: string, ns: string): Promise<string> {
    const r = await server.kubectl(['apply', '--server-side', '--dry-run=server', '-n', ns, '-o', 'json', '-f', '-'], { input: text });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  }

  /** Every object of the kinds an attacker would hide, as the admin reads them. */
  async function hostileObjects(): Promise<string[]> {
    const r = await server.kubectl(['get', 'clusterrolebindings,namespaces,f5-spk-staticroutes.k8s.f5net.com', '-A', '-o', 'jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => /attacker|\/hostile-keys| hostile-\d+\//.test(l)).sort();
  }

  /** The command's own sequence, choosing Apply at the confirmation. */
  async function applyAsTheCommandDoes(text: string): Promise<ApplyPlan> {
    const plan = await planApply({ kubectl, cluster }, spkDocuments('file:///w/hostile.yaml', text));
    if (itemsToApply(plan).length) await applyPlan(kubectl, plan);
    return plan;
  }

  const variants: { name: string; text: (ns: string) => string; hidden: RegExp; refusedAt: string; code: RegExp }[] = [
    {
      name: 'a line ---#: (a key to YAML, a document separator to kubectl)',
      text: (ns) => `${route(ns, 'r-dashes')}---#:\n${BINDING('attacker-dashes', ' ').join('\n')}\n`,
      hidden: /"kind": "ClusterRoleBinding",[\s\S]*"name": "attacker-dashes"/,
      refusedAt: '---#:',
      code: /ambiguous-yaml/,
    },
    {
      name: 'two JSON objects one after the other',
      text: (ns) => `${JSON.stringify({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'r-json', namespace: ns }, spec: { destination: '10.20.0.0', prefixLen: 16, type: 'gateway', gateway: '10.10.255.252' } })}\n${JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'attacker-json' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'attacker' }] })}\n`,
      hidden: /"kind": "ClusterRoleBinding",[\s\S]*"name": "attacker-json"/,
      refusedAt: '"attacker-json"',
      code: /yaml-syntax/,
    },
    {
      name: 'repeated apiVersion/kind keys (we read the first, kubectl the last)',
      text: (ns) => `${route(ns, 'hostile-keys')}apiVersion: v1\nkind: Namespace\nspec: {finalizers: [kubernetes]}\n`,
      hidden: /"kind": "Namespace",[\s\S]*"name": "hostile-keys"/,
      refusedAt: 'apiVersion: v1',
      code: /yaml-syntax/,
    },
    {
      name: 'U+2028 inside a comment (kubectl ends a line there): the route becomes a default route elsewhere',
      text: (ns) => `${route(ns, 'r-separator')}# reviewed\u2028spec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: 10.10.255.1}\n`,
      hidden: /"destination": "0\.0\.0\.0"/,
      refusedAt: '# reviewed',
      code: /ambiguous-yaml/,
    },
  ];

  for (const variant of variants) {
    test(`${variant.name}: refused on its line, and the cluster holds nothing that was not listed`, TEST_TIMEOUT, async () => {
      const ns = `hostile-${variants.indexOf(variant)}`;
      await namespace(ns);
      const text = variant.text(ns);
      // The control: handed the raw text, kubectl reads the hidden object.
      assert.match(await kubectlReads(text, ns), variant.hidden, 'kubectl itself would apply the hidden object');

      const plan = await applyAsTheCommandDoes(text);
      assert.equal(plan.items.length, 1, 'one SPK document is listed');
      const item = plan.items[0]!;
      assert.equal(item.error?.failure, 'refused', 'the document is refused before anything is sent');
      assert.equal(item.error.line, lineWith(text, variant.refusedAt), 'the refusal names the line');
      assert.match(item.error.message, variant.code);
      assert.deepEqual(await hostileObjects(), [], 'neither the hidden object nor the route reached the cluster');

      // The CLI refuses it the same way and exits 1.
      const file = path.join(work, `${ns}.yaml`);
      writeFileSync(file, text);
      const r = await cli(['apply', file, '--yes', '--json'], server.env);
      assert.equal(r.code, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { objects: { result: string; line: number; message: string }[] };
      assert.deepEqual(out.objects.map((o) => [o.result, o.line]), [['refused', lineWith(text, variant.refusedAt) + 1]]);
      assert.deepEqual(await hostileObjects(), [], 'nothing reached the cluster through the CLI either');
    });
  }

  test('what is applied is our JSON of what was listed: the stored spec is what we read', TEST_TIMEOUT, async () => {
    const ns = 'hostile-json-sent';
    await namespace(ns);
    // YAML 1.2 and JSON agree on this document; the object stored must be exactly what we read.
    const text = `${route(ns, 'r-sent').replace('prefixLen: 16', 'prefixLen: 0x10')}`;
    const plan = await applyAsTheCommandDoes(text);
    assert.deepEqual(plan.items.map((i) => i.error?.message ?? i.action), ['create']);
    const r = await server.kubectl(['get', 'f5-spk-staticroutes.k8s.f5net.com', 'r-sent', '-n', ns, '-o', 'jsonpath={.spec}']);
    assert.deepEqual(JSON.parse(r.stdout), { destination: '10.20.0.0', prefixLen: 16, type: 'gateway', gateway: '10.10.255.252' });
  });

  describe('names that start with - never reach kubectl as flags', () => {
    let listener: Server;
    let connections = 0;
    let port = 0;
    let mark = '';
    let evilKubeconfig = '';

    before(async () => {
      listener = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      port = (listener.address() as { port: number }).port;
      mark = path.join(work, 'plugin-ran');
      const plugin = path.join(work, 'plugin.sh');
      writeFileSync(plugin, `#!/bin/sh\ntouch '${mark}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}}'\n`);
      chmodSync(plugin, 0o755);
      evilKubeconfig = path.join(work, 'evil-kubeconfig');
      writeFileSync(evilKubeconfig, [
        'apiVersion: v1', 'kind: Config', 'current-context: evil',
        'clusters: [{name: evil, cluster: {server: "https://127.0.0.1:' + String(port) + '", insecure-skip-tls-verify: true}}]',
        'contexts: [{name: evil, context: {cluster: evil, user: evil}}]',
        `users: [{name: evil, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: '${plugin}', interactiveMode: Never}}}]`,
      ].join('\n'));
    });
    after(() => new Promise<void>((resolve) => listener.close(() => resolve())));

    const hostileNames = () => [`--server=https://127.0.0.1:${port}`, `--kubeconfig=${evilKubeconfig}`, '-v=10', '--insecure-skip-tls-verify'];

    test('through the editor\'s path: metadata.name, metadata.namespace and the namespace setting', TEST_TIMEOUT, async () => {
      await namespace('hostile-flags');
      const names = hostileNames();
      const text = [
        ...names.map((name) => route('hostile-flags', `"${name}"`)),
        route(`"--kubeconfig=${evilKubeconfig}"`, 'r-namespace'),
        'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r-setting}\nspec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: 10.10.255.252}\n',
      ].join('---\n');
      const plan = await planApply({ kubectl, cluster, namespace: `--kubeconfig=${evilKubeconfig}` }, spkDocuments('file:///w/flags.yaml', text));
      assert.deepEqual(plan.items.map((i) => i.error?.failure), ['refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
      assert.match(plan.items[0]!.error!.message, /metadata\.name "--server=https:\/\/127\.0\.0\.1:\d+" is not a valid Kubernetes name/);
      assert.equal(plan.items[0]!.error!.line, lineWith(text, '--server='));
      assert.match(plan.items[4]!.error!.message, /metadata\.namespace "--kubeconfig=.*" is not a valid namespace name/);
      assert.match(plan.items[5]!.error!.message, /^not sent: namespace "--kubeconfig=.*" is not a valid namespace name/);
      if (itemsToApply(plan).length) await applyPlan(kubectl, plan);
      assert.equal(existsSync(mark), false, 'the exec credential plugin never ran');
      assert.equal(connections, 0, 'nothing connected to the other server');
    });

    test('a context setting that looks like a flag is a context name, not a flag', TEST_TIMEOUT, async () => {
      await assert.rejects(resolveContext(kubectl, `--kubeconfig=${evilKubeconfig}`), /the kubeconfig has no context "--kubeconfig=/);
      assert.equal(existsSync(mark), false, 'the exec credential plugin never ran');
      assert.equal(connections, 0);
    });

    test('through spk-route plan and apply: refused, exit 1, and neither the plugin nor the other server was reached', TEST_TIMEOUT, async () => {
      const file = path.join(work, 'flags.yaml');
      writeFileSync(file, hostileNames().map((name) => route('hostile-flags', `"${name}"`)).join('---\n'));
      for (const command of ['plan', 'apply']) {
        const r = await cli([command, file, '--json', ...(command === 'apply' ? ['--yes'] : []), '--namespace', 'hostile-flags'], server.env);
        assert.equal(r.code, 1, r.stderr);
        const out = JSON.parse(r.stdout) as { context: string; objects: { name: string; result: string }[] };
        assert.equal(out.context, server.context);
        assert.deepEqual(out.objects.map((o) => [o.name, o.result]), hostileNames().map((name) => [name, 'refused']));
      }
      const r = await cli(['plan', file, '--context', `--kubeconfig=${evilKubeconfig}`], server.env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /nothing was applied: the kubeconfig has no context "--kubeconfig=/);
      assert.equal(existsSync(mark), false, 'the exec credential plugin never ran');
      assert.equal(connections, 0, 'nothing connected to the other server');
    });
  });

  describe('spk-route plan and apply on a real cluster', () => {
    test('plan lists, apply without --yes only plans, apply --yes applies exactly that, again is unchanged', TEST_TIMEOUT, async () => {
      const ns = 'cli-apply';
      await namespace(ns);
      const file = path.join(work, 'cli-routes.yaml');
      writeFileSync(file, `# routes\n${route(ns, 'r-one')}---\n${route(ns, 'r-two').replace('10.20.0.0', '10.30.0.0')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: not-sent, namespace: ${ns}}\n`);
      const env = { ...process.env, PATH: process.env.PATH, HOME: server.env.HOME };
      const kubeconfigArgs = ['--kubeconfig', server.kubeconfig, '--context', server.context];

      const plan = await cli(['plan', file, ...kubeconfigArgs], env);
      assert.equal(plan.code, 0, plan.stderr);
      assert.equal(plan.stdout, [
        `Context: ${server.context}`,
        `Cluster: ${server.cluster} (${server.url})`,
        `Namespace: ${ns}`,
        '',
        'Dry run (server-side): 2 create, 0 update, 0 unchanged',
        `+ create F5SPKStaticRoute ${ns}/r-one`,
        `+ create F5SPKStaticRoute ${ns}/r-two`,
        '',
      ].join('\n'));

      const dry = await cli(['apply', file, ...kubeconfigArgs], env);
      assert.equal(dry.code, 0);
      assert.equal(dry.stderr, 'spk-route: nothing was applied: add --yes to apply what this plan shows\n');
      const none = await server.kubectl(['get', 'f5-spk-staticroutes.k8s.f5net.com,configmaps', '-n', ns, '-o', 'name']);
      assert.deepEqual(none.stdout.split('\n').filter((l) => l.includes('route')), [], 'without --yes nothing is applied');

      const applied = await cli(['apply', file, ...kubeconfigArgs, '--yes', '--json'], env);
      assert.equal(applied.code, 0, applied.stderr);
      const out = JSON.parse(applied.stdout) as { context: string; server: string; objects: unknown[] };
      assert.deepEqual(out, {
        context: server.context,
        server: server.url,
        objects: ['r-one', 'r-two'].map((name, i) => ({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', namespace: ns, name, action: 'create', result: 'applied', file: path.relative(process.cwd(), file), line: [5, 16][i] })),
      });
      const stored = await server.kubectl(['get', 'f5-spk-staticroutes.k8s.f5net.com,configmaps', '-n', ns, '-o', 'name']);
      assert.deepEqual(stored.stdout.split('\n').filter((l) => l && !l.includes('kube-root-ca')).sort(), ['f5spkstaticroute.k8s.f5net.com/r-one', 'f5spkstaticroute.k8s.f5net.com/r-two']);

      const again = await cli(['apply', file, ...kubeconfigArgs, '--yes'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /Dry run \(server-side\): 0 create, 0 update, 2 unchanged/);
      assert.match(again.stdout, /0 applied, 2 unchanged\.\n$/);
    });

    test('an unreachable cluster: exit 1, nothing applied, one clear line', TEST_TIMEOUT, async () => {
      const file = path.join(work, 'one.yaml');
      writeFileSync(file, route('x', 'r1'));
      const dead = path.join(work, 'dead-kubeconfig');
      writeFileSync(dead, 'apiVersion: v1\nkind: Config\ncurrent-context: dead\nclusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: dead, context: {cluster: dead, user: u}}]\nusers: [{name: u, user: {token: secret-token-value}}]\n');
      const r = await cli(['apply', file, '--kubeconfig', dead, '--yes', '--timeout', '20'], { ...process.env, HOME: server.env.HOME });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^spk-route: nothing was applied: the cluster cannot be reached: /);
      assert.doesNotMatch(r.stderr + r.stdout, /secret-token-value/);
    });

    test('usage errors exit 2', async () => {
      const r = await cli(['plan', '--yes'], process.env);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'spk-route: --yes is for apply: plan never changes the cluster\n');
    });
  });
});
