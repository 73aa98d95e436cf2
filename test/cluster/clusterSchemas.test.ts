// Schemas loaded from the cluster (issue 14, first source) against the real kube-apiserver: the SPK
// groups' CRDs read with kubectl (client/src/cluster/clusterSchemas.ts, what SPK: Load Schemas from
// Cluster runs), cached on disk per context, governing a Workspace over a workspace CRD; then, with
// the server stopped, the cache alone, sent to the real language server as activation sends it.
// Run: node --import tsx --test test/cluster/clusterSchemas.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheFile, loadClusterSchemas, placedCrds, readClusterSchemas, readSchemaCache } from '../../client/src/cluster/clusterSchemas';
import { KubectlError, type KubectlOptions } from '../../client/src/cluster/kubectl';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { installCrds, KUBECTL, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver';
import { SetClusterSchemasRequest } from '../../server/src/protocol';
import { LspClient } from '../support/lspClient';

const CRD = readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml'), 'utf8');
const ROUTE = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: spk}\nspec:\n  destination: 10.0.0.0\n  prefixLen: 24\n  gateway: 10.0.0.1\n  colour: red\n';
const OTHER_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

describe('Load Schemas from Cluster: kubectl, the cache per context, offline', () => {
  let server: ApiServer;
  let kubectl: KubectlOptions;
  let cacheDir: string;

  before(async () => {
    server = await startApiServer();
    await installCrds(server, `${CRD}\n---\n${OTHER_CRD}`, [
      { name: 'f5-spk-staticroutes.k8s.f5net.com', plural: 'f5-spk-staticroutes', group: 'k8s.f5net.com' },
      { name: 'widgets.example.com', plural: 'widgets', group: 'example.com' },
    ]);
    kubectl = { path: KUBECTL, timeoutMs: 30_000, env: server.env };
    cacheDir = mkdtempSync(path.join(tmpdir(), 'spk-schema-cache-'));
  }, { timeout: 300_000 });

  after(async () => {
    await server?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('the SPK groups\' CRDs of the context are read and cached with the time they were read; they govern over the workspace\'s', { timeout: 120_000 }, async () => {
    const loaded = await loadClusterSchemas(kubectl, server.context, cacheDir, () => new Date('2026-01-02T03:04:05.000Z'));
    const { schemas } = loaded;
    assert.deepEqual(schemas.crds.map((c) => (c as { metadata: { name: string } }).metadata.name), ['f5-spk-staticroutes.k8s.f5net.com'], 'only the SPK groups');
    assert.equal(schemas.readAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual([loaded.used, loaded.skipped], [1, []]);
    const file = loaded.cacheFile;
    assert.equal(file, cacheFile(cacheDir, server.context));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!readFileSync(file, 'utf8').includes('managedFields'));

    const ws = new Workspace();
    ws.setFile('file:///w/crds.yaml', CRD.replace('maxLength: 45', 'maxLength: 44'));
    ws.setFile('file:///w/routes.yaml', ROUTE);
    assert.match(ws.diagnostics('file:///w/routes.yaml').find((d) => d.code === 'unknown-field')!.message, /schema: CRD f5-spk-staticroutes\.k8s\.f5net\.com v1, \/w\/crds\.yaml:\d+\)$/);
    const affected = ws.setClusterCrds(server.context, placedCrds(schemas));
    assert.ok(affected.includes('file:///w/routes.yaml'));
    assert.match(ws.diagnostics('file:///w/routes.yaml').find((d) => d.code === 'unknown-field')!.message, /\(schema: CRD f5-spk-staticroutes\.k8s\.f5net\.com v1, cluster spk-test \(read 2026-01-02T03:04:05\.000Z\)\)$/);
    assert.deepEqual(ws.schemas.summary().map((s) => s.label), ['schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, cluster spk-test (read 2026-01-02T03:04:05.000Z)', 'schema: bundled (every other SPK kind and version)']);
  });

  test('a context the kubeconfig does not have: kubectl\'s error, and no cache is written', { timeout: 120_000 }, async () => {
    await assert.rejects(loadClusterSchemas(kubectl, 'no-such-context', cacheDir), (e: unknown) => e instanceof KubectlError && e.failure === 'no-context' && /context was not found for specified context: no-such-context/.test(e.message));
    assert.equal(readSchemaCache(cacheDir, 'no-such-context'), undefined);
  });

  test('with the server stopped: kubectl says the cluster cannot be reached, and the cache still serves', { timeout: 120_000 }, async () => {
    // The kubeconfig goes with the server's folder: keep a copy to ask the stopped server.
    const kubeconfig = path.join(cacheDir, 'kubeconfig');
    copyFileSync(server.kubeconfig, kubeconfig);
    await server.stop();
    const offline = { ...kubectl, env: { ...server.env, KUBECONFIG: kubeconfig, HOME: cacheDir, XDG_CACHE_HOME: cacheDir, TMPDIR: cacheDir } };
    await assert.rejects(readClusterSchemas(offline, server.context), (e: unknown) => e instanceof KubectlError && e.failure === 'unreachable');
    const cached = readSchemaCache(cacheDir, server.context);
    assert.ok(cached);
    assert.equal(readSchemaCache(cacheDir, 'another-context'), undefined);
    const ws = new Workspace();
    ws.setClusterCrds(cached.context, placedCrds(cached));
    ws.setFile('file:///w/routes.yaml', ROUTE.replace('10.0.0.0', '10.0.0.0/24'));
    const messages = ws.diagnostics('file:///w/routes.yaml').map((d) => d.message);
    assert.ok(messages.some((m) => m.startsWith('spec.colour: unknown field "spec.colour" (schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, cluster spk-test (read ')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('spec.destination: Invalid value: "string": must be a bare IP address, not 10.0.0.0/24')), messages.join('\n'));

    // As the extension does at activation: the cache sent to the language server, no kubectl.
    const folder = mkdtempSync(path.join(tmpdir(), 'spk-schema-lsp-'));
    writeFileSync(path.join(folder, 'routes.yaml'), ROUTE);
    const client = await LspClient.start({ rootUri: pathToFileURL(folder).href });
    try {
      const routes = pathToFileURL(path.join(folder, 'routes.yaml')).href;
      const before = client.lastDiagnostics(routes) ?? (await client.nextDiagnostics(routes));
      assert.ok(before.diagnostics.some((d) => d.code === 'unknown-field' && d.severity === 2 && String(d.message).startsWith('unknown field "colour" in spec of F5SPKStaticRoute')), JSON.stringify(before.diagnostics));
      const next = client.nextDiagnostics(routes);
      assert.deepEqual(await client.connection.sendRequest(SetClusterSchemasRequest, { context: cached.context, readAt: cached.readAt, crds: cached.crds }), { used: 1, skipped: [] });
      const colour = (await next).diagnostics.find((d) => d.code === 'unknown-field')!;
      assert.equal(colour.message, 'spec.colour: unknown field "spec.colour" (schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, cluster spk-test (read 2026-01-02T03:04:05.000Z))');
      assert.deepEqual([colour.range.start.line, colour.severity], [7, 1]);
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
