// CRDs read from a cluster, sent by the client (spk/setClusterSchemas), in the real language server
// over stdio (issue 14): they govern over the workspace's CRD at once (diagnostics of a closed file,
// hover of an open one, both naming the context and the time read), the previous context's are
// forgotten, an empty list goes back to the workspace's, and every change is told to the client
// (spk/schemaSources) for its status bar item.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { SetClusterSchemasRequest, type SchemaSourcesParams } from '../../server/src/protocol.js';
import { withCursor } from '../support/cursor.js';
import { LspClient } from '../support/lspClient.js';

const CRD_TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml'), 'utf8');
const CRD_LINE = CRD_TEXT.split('\n').findIndex((l) => l.includes('openAPIV3Schema:')) + 1;
const WORKSPACE_SOURCE = `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:${CRD_LINE}`;
/** The cluster's CRD knows `colour` (a string of red or green); the workspace's does not. */
const CLUSTER_CRD = parse(CRD_TEXT.replace('                metric:\n', '                colour:\n                  type: string\n                  enum: [red, green]\n                metric:\n')) as unknown;
const READ_AT = '2026-12-01T10:00:00.000Z';
const PROD_SOURCE = `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, cluster prod (read ${READ_AT})`;
const ROUTE = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r1, namespace: c}\nspec:\n  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  prefixLen: 24\n  colour: blue\n';

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;
const lines = (d: { diagnostics: readonly { code?: unknown; message: unknown; range: { start: { line: number } } }[] }) => d.diagnostics.map((x) => `${x.range.start.line} ${String(x.code)}: ${String(x.message)}`);

/** The next spk/schemaSources notification that `holds`. */
async function sourcesWhere(holds: (p: SchemaSourcesParams) => boolean): Promise<SchemaSourcesParams> {
  for (let i = 0; i < 300; i++) {
    const found = [...client.schemaSources].reverse().find(holds);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`no such spk/schemaSources notification: ${JSON.stringify(client.schemaSources)}`);
}

async function hoverText(): Promise<string> {
  const at = withCursor(ROUTE.replace('  gateway:', '  gate|way:'));
  const shown = await client.hover(uri('open.yaml'), at.position);
  return typeof shown?.contents === 'object' && 'value' in shown.contents ? shown.contents.value : '';
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spk-cluster-schemas-'));
  mkdirSync(join(dir, 'crds'));
  writeFileSync(join(dir, 'crds', 'spk.yaml'), CRD_TEXT);
  writeFileSync(join(dir, 'routes.yaml'), ROUTE);
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
  await client.open(uri('open.yaml'), ROUTE.replace('r1', 'r2'));
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('at start the client is told the sources: the workspace CRD, and the bundled schemas for the rest', async () => {
  const sources = await sourcesWhere((p) => p.sources.length > 0);
  assert.deepEqual(sources, {
    sources: [{ origin: 'workspace', crdName: 'f5-spk-staticroutes.k8s.f5net.com', version: 'v1', kinds: ['F5SPKStaticRoute k8s.f5net.com/v1'], uri: uri('crds/spk.yaml'), line: CRD_LINE, context: null, readAt: null, label: WORKSPACE_SOURCE }],
    bundled: true,
  });
  const published = client.lastDiagnostics(uri('routes.yaml')) ?? (await client.nextDiagnostics(uri('routes.yaml')));
  assert.ok(lines(published).includes(`7 unknown-field: spec.colour: unknown field "spec.colour" (${WORKSPACE_SOURCE})`), lines(published).join('\n'));
});

test('the cluster\'s CRDs govern over the workspace\'s: a closed file\'s diagnostics and an open file\'s hover say the context and the time read', async () => {
  const next = client.nextDiagnostics(uri('routes.yaml'));
  const result = await client.connection.sendRequest(SetClusterSchemasRequest, { context: 'prod', readAt: READ_AT, crds: [CLUSTER_CRD, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'broken.k8s.f5net.com' }, spec: {} }] });
  assert.deepEqual(result, { used: 1, skipped: ['broken.k8s.f5net.com: the CRD has no spec.group or spec.names.kind'] });
  const found = lines(await next);
  assert.ok(found.includes(`7 invalid-value: spec.colour: Unsupported value: "blue": supported values: "red", "green" (${PROD_SOURCE})`), found.join('\n'));
  assert.ok(!found.some((m) => m.includes('unknown field')), found.join('\n'));
  assert.ok((await hoverText()).includes(`*${PROD_SOURCE}*`), await hoverText());
  const sources = await sourcesWhere((p) => p.sources[0]?.origin === 'cluster');
  assert.deepEqual(sources.sources, [{ origin: 'cluster', crdName: 'f5-spk-staticroutes.k8s.f5net.com', version: 'v1', kinds: ['F5SPKStaticRoute k8s.f5net.com/v1'], uri: null, line: null, context: 'prod', readAt: READ_AT, label: PROD_SOURCE }]);
  const log = client.logs.map((l) => l.message).filter((m) => m.startsWith('spk-routes: schemas in use:')).at(-1) ?? '';
  assert.ok(log.includes(`  ${PROD_SOURCE}: F5SPKStaticRoute k8s.f5net.com/v1`), log);
});

test('another context replaces the first one\'s CRDs; an empty list goes back to the workspace\'s', async () => {
  await client.connection.sendRequest(SetClusterSchemasRequest, { context: 'staging', readAt: READ_AT, crds: [CLUSTER_CRD] });
  const staging = await sourcesWhere((p) => p.sources[0]?.context === 'staging');
  assert.deepEqual(staging.sources.map((s) => s.label), [PROD_SOURCE.replace('prod', 'staging')]);
  const next = client.nextDiagnostics(uri('routes.yaml'));
  assert.deepEqual(await client.connection.sendRequest(SetClusterSchemasRequest, { context: 'staging', readAt: READ_AT, crds: [] }), { used: 0, skipped: [] });
  assert.ok(lines(await next).includes(`7 unknown-field: spec.colour: unknown field "spec.colour" (${WORKSPACE_SOURCE})`));
  const back = await sourcesWhere((p) => p.sources.length === 1 && p.sources[0]!.origin === 'workspace' && client.schemaSources.indexOf(p) > client.schemaSources.indexOf(staging));
  assert.equal(back.sources[0]!.label, WORKSPACE_SOURCE);
  assert.ok((await hoverText()).includes(`*${WORKSPACE_SOURCE}*`));
});
