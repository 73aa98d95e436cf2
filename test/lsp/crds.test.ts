// Schemas from CRDs in the real language server over stdio (issue 14): a CustomResourceDefinition
// saved in the workspace changes the diagnostics, hover and completion of another file at once;
// messages and hovers name the CRD file relative to the folder; the output channel lists the sources.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lspClient.js';
import { withCursor } from '../support/cursor.js';

const CRD = readFileSync(join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml'), 'utf8');
const CRD_LINE = CRD.split('\n').findIndex((l) => l.includes('openAPIV3Schema:')) + 1;
const SOURCE = `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:${CRD_LINE}`;
const ROUTE = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r1, namespace: crd}
spec:
  destination: 10.0.0.0
  gateway: 10.0.0.1
  prefixLen: 24
  colour: red
  sources: [10.1.0.1/16]
`;

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;
const messages = (diagnostics: readonly { code?: unknown; message: unknown; range: { start: { line: number } } }[]) => diagnostics.map((d) => `${d.range.start.line} ${String(d.code)}: ${typeof d.message === "string" ? d.message : JSON.stringify(d.message)}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spk-crds-'));
  writeFileSync(join(dir, 'routes.yaml'), ROUTE);
  mkdirSync(join(dir, 'crds'));
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('before any CRD: the bundled schema (an unknown field is a warning, the sources rule unknown)', async () => {
  const published = client.lastDiagnostics(uri('routes.yaml')) ?? (await client.nextDiagnostics(uri('routes.yaml')));
  const found = messages(published.diagnostics);
  assert.ok(found.some((m) => m.startsWith('7 unknown-field: unknown field "colour"')), found.join('\n'));
  assert.ok(!found.some((m) => m.includes('schema: CRD')), found.join('\n'));
});

test('a CRD file saved on disk re-checks the closed route file against it', async () => {
  writeFileSync(join(dir, 'crds', 'spk.yaml'), CRD);
  const next = client.nextDiagnostics(uri('routes.yaml'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('crds/spk.yaml'), type: FileChangeType.Created }] });
  const found = messages((await next).diagnostics);
  assert.ok(found.includes(`7 unknown-field: spec.colour: unknown field "spec.colour" (${SOURCE})`), found.join('\n'));
  assert.ok(found.includes(`8 schema: spec.sources[0]: Invalid value: "string": must be a network address (no host bits) (${SOURCE})`), found.join('\n'));
  assert.equal((await next).diagnostics.find((d) => d.code === 'unknown-field')!.severity, 1, 'an error: the API server refuses it');
  const sourcesLog = () => client.logs.map((l) => l.message).filter((m) => m.startsWith('spk-routes: schemas in use:')).at(-1) ?? '';
  for (let i = 0; i < 100 && !sourcesLog().includes('CRD'); i++) await new Promise((r) => setTimeout(r, 20));
  const log = sourcesLog();
  assert.match(log, new RegExp(`${SOURCE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: F5SPKStaticRoute k8s\\.f5net\\.com/v1`));
});

test('hover and completion in an open file follow the CRD', async () => {
  const hovered = withCursor(ROUTE.replace('  colour: red', '  metr|ic: 5'));
  const u = uri('open.yaml');
  await client.open(u, hovered.text.replace('r1', 'r2'));
  const shown = await client.hover(u, hovered.position);
  const markdown = typeof shown?.contents === 'object' && 'value' in shown.contents ? shown.contents.value : '';
  assert.match(markdown, /A metric, as a number or a name\./);
  assert.ok(markdown.includes(`*${SOURCE}*`), markdown);
  const typing = withCursor(ROUTE.replace('  colour: red\n', '  |\n'));
  await client.change(u, typing.text.replace('r1', 'r2'));
  const labels = (await client.completion(u, typing.position)).map((c) => c.label);
  for (const field of ['nextHops', 'bfd', 'vendor', 'metric']) assert.ok(labels.includes(field), labels.join(', '));
});

test('editing the open CRD changes another file\'s diagnostics as soon as the text changes; removing the field from the CRD too', async () => {
  await client.open(uri('crds/spk.yaml'), CRD);
  const withColour = CRD.replace('                metric:\n', '                colour:\n                  type: string\n                  enum: [red, green]\n                metric:\n');
  const next = client.nextDiagnostics(uri('routes.yaml'));
  await client.change(uri('crds/spk.yaml'), withColour);
  const found = messages((await next).diagnostics);
  assert.ok(!found.some((m) => m.includes('colour')), found.join('\n'));
  const blue = client.nextDiagnostics(uri('routes.yaml'));
  writeFileSync(join(dir, 'routes.yaml'), ROUTE.replace('colour: red', 'colour: blue'));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('routes.yaml'), type: FileChangeType.Changed }] });
  assert.ok(messages((await blue).diagnostics).some((m) => m.startsWith('7 invalid-value: spec.colour: Unsupported value: "blue": supported values: "red", "green"')));
});
