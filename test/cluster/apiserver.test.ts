// Smoke test of the cluster tier: a real kube-apiserver (scripts/cluster/build-apiserver.sh) with
// the CRDs generated from schemas/, driven by the real kubectl the way "Apply Routes to Cluster"
// will drive it. Run: node --import tsx --test test/cluster/apiserver.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installCrds, KUBECTL, run, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver';
import { crdsToYaml, generateCrds, type GeneratedCrd } from '../../scripts/cluster/crds';

const NS = 'spk-ingress';
const MANAGER = 'spk-routes';
const APPLY = ['apply', '--server-side', `--field-manager=${MANAGER}`, '-f', '-'];

function route(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'k8s.f5net.com/v1',
    kind: 'F5SPKStaticRoute',
    metadata: { name: 'client-route', namespace: NS, ...meta },
    spec,
  });
}
const VALID = { destination: '10.1.30.0', prefixLen: 24, type: 'gateway', gateway: '10.2.201.5' };

describe('test API server with the SPK CRDs', () => {
  let server: ApiServer;
  let crds: GeneratedCrd[];

  before(
    async () => {
      crds = generateCrds();
      server = await startApiServer();
      await installCrds(server, crdsToYaml(crds), crds);
    },
    { timeout: 30 * 60_000 }, // includes a first build of the server on a new machine
  );
  after(async () => {
    await server?.stop();
  });

  test('serves Kubernetes to kubectl with the generated CRDs', async () => {
    const v = await server.kubectl(['version', '-o', 'json']);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(JSON.parse(v.stdout).serverVersion.gitVersion, server.version);
    const r = await server.kubectl(['api-resources', '--api-group=k8s.f5net.com', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    const served = r.stdout.trim().split('\n').sort();
    // The CRDs of this group; BNK 2.4's Infra is served under gateway.k8s.f5.com.
    assert.deepEqual(served, crds.filter((c) => c.group === 'k8s.f5net.com').map((c) => c.name).sort());
    const gateway = await server.kubectl(['api-resources', '--api-group=gateway.k8s.f5.com', '-o', 'name']);
    assert.deepEqual(gateway.stdout.trim().split('\n'), ['infras.gateway.k8s.f5.com']);
    assert.ok(served.includes('f5-spk-staticroutes.k8s.f5net.com'));
    const ns = await server.kubectl(['create', 'namespace', NS]);
    assert.equal(ns.code, 0, ns.stderr);
    assert.match(ns.stdout, /namespace\/spk-ingress created/);
  });

  test('server-side apply: dry run persists nothing, then apply for real and get it back', async () => {
    const dry = await server.kubectl([...APPLY, '--dry-run=server'], { input: route(VALID) });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /client-route serverside-applied \(server dry run\)/);
    const missing = await server.kubectl(['get', 'f5-spk-staticroutes', 'client-route', '-n', NS]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NotFound.*"client-route" not found/);

    const real = await server.kubectl(APPLY, { input: route(VALID) });
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /f5spkstaticroute\.k8s\.f5net\.com\/client-route serverside-applied/);
    const got = await server.kubectl(['get', 'f5-spk-staticroutes.k8s.f5net.com', 'client-route', '-n', NS, '-o', 'json', '--show-managed-fields']);
    assert.equal(got.code, 0, got.stderr);
    const obj = JSON.parse(got.stdout);
    assert.deepEqual(obj.spec, VALID);
    const managers = obj.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`);
    assert.deepEqual(managers, [`${MANAGER}/Apply`]);
  });

  test('a CIDR in spec.destination is rejected by the server', async () => {
    const r = await server.kubectl([...APPLY, '--dry-run=server'], {
      input: route({ ...VALID, destination: '10.241.0.0/24' }),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The F5SPKStaticRoute "client-route" is invalid: spec\.destination: Invalid value/);
    assert.match(r.stderr, /10\.241\.0\.0\/24/);
  });

  test('other server-side validation: gateway rule, unknown field, IPv6 route', async () => {
    const noGw = await server.kubectl([...APPLY, '--dry-run=server'], {
      input: route({ destination: '10.1.30.0', prefixLen: 24, type: 'gateway' }),
    });
    assert.equal(noGw.code, 1);
    assert.match(noGw.stderr, /spec: Invalid value: "object": gateway is required/);
    const unknown = await server.kubectl([...APPLY, '--dry-run=server'], { input: route({ ...VALID, metric: 5 }) });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /\.spec\.metric: field not declared in schema/);
    const v6 = await server.kubectl([...APPLY, '--dry-run=server'], {
      input: route({ destination: '2001:db8:10::', prefixLen: 64, type: 'gateway', gateway: '2001:db8::1' }, { name: 'v6-route' }),
    });
    assert.equal(v6.code, 0, v6.stderr);
    // The SPK 1.2.x kind of the seed use case (CRD ingressroutestaticroutes.k8s.f5net.com).
    const seed = JSON.stringify({
      apiVersion: 'k8s.f5net.com/v1',
      kind: 'IngressRouteStaticRoute',
      metadata: { name: 'event1-static-route-10-10-20.0', namespace: NS },
      spec: { destination: '10.20.0.0', prefixLen: 16, gateway: '10.10.255.252', type: 'gateway' },
    });
    const legacy = await server.kubectl([...APPLY, '--dry-run=server'], { input: seed });
    assert.equal(legacy.code, 0, legacy.stderr);
    assert.match(legacy.stdout, /ingressroutestaticroute\.k8s\.f5net\.com\/event1-static-route-10-10-20\.0 serverside-applied/);
  });

  test('a second field manager changing spec.gateway gets a conflict', async () => {
    const r = await server.kubectl(['apply', '--server-side', '--field-manager=other-tool', '-f', '-'], {
      input: route({ ...VALID, gateway: '10.2.201.9' }),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "spk-routes": \.spec\.gateway/);
    const got = await server.kubectl(['get', 'f5-spk-staticroutes', 'client-route', '-n', NS, '-o', 'jsonpath={.spec.gateway}']);
    assert.equal(got.stdout, VALID.gateway);
  });

  test('a namespace that does not exist is reported by the server', async () => {
    const r = await server.kubectl([...APPLY, '--dry-run=server'], { input: route(VALID, { namespace: 'no-such-ns' }) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /namespaces "no-such-ns" not found/);
  });

  test('a user without RBAC bindings is forbidden', async () => {
    const r = await server.kubectl([...APPLY, '--dry-run=server'], { input: route(VALID), context: server.forbiddenContext });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Error from server \(Forbidden\): f5-spk-staticroutes\.k8s\.f5net\.com "client-route" is forbidden: User "intruder" cannot patch resource "f5-spk-staticroutes" in API group "k8s\.f5net\.com" in the namespace "spk-ingress"/,
    );
  });

  test('after stop() the server is unreachable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spk-unreachable-'));
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      copyFileSync(server.kubeconfig, kubeconfig);
      await server.stop();
      const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, XDG_CACHE_HOME: dir, XDG_CONFIG_HOME: dir };
      const r = await run(KUBECTL, ['get', 'namespaces', '--request-timeout=5s'], { env, timeoutMs: 60_000 });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /The connection to the server 127\.0\.0\.1:\d+ was refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
