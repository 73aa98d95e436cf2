// Route tests through the real server (dist/server.js over stdio) on a folder: a RouteTest file that
// is not open gets its failing expectations as diagnostics, and its diagnostics and CodeLens follow
// edits of the routes in another file; hover and completion come from the bundled schema.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lspClient.js';
import { EVENT1_VLAN } from '../support/spkYaml.js';

const VLAN = EVENT1_VLAN;
const ROUTES = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: event1-default-route, namespace: event1}
spec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: 10.10.0.1}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: seed, namespace: event1}
spec: {destination: 10.20.0.0, prefixLen: 17, type: gateway, gateway: 10.10.255.252}
`;
const TESTS = `apiVersion: spk-routes/v1alpha1
kind: RouteTest
metadata:
  name: event1-egress
spec:
  namespace: event1
  expect:
    - destination: 10.20.1.5
      nextHop: 10.10.255.252
    - destination: 10.20.0.0/16
      nextHop: 10.10.255.252
      vlan: external
    - destination: 192.0.2.0/24
      outcome: no-route
      soft: true
`;

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;
const lenses = async (u: string) => ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) ?? []).map((l) => [l.range.start.line, l.command?.title]);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spk-route-tests-'));
  writeFileSync(join(dir, 'vlans.yaml'), VLAN);
  writeFileSync(join(dir, 'routes.yaml'), ROUTES);
  writeFileSync(join(dir, 'routes.test.yaml'), TESTS);
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a closed test file: each failing expectation on its destination, soft ones as warnings', async () => {
  const shown = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => [d.code, d.severity, d.source, d.range.start.line, d.range.start.character, d.range.end.character, d.message]);
  const expected = [
    ['route-test-failed', DiagnosticSeverity.Error, 'spk-routes', 9, 19, 31, 'expected nextHop 10.10.255.252, vlan external: 10.20.128.0/17 goes → 10.10.0.1 on external via event1-default-route'],
    ['route-test-failed', DiagnosticSeverity.Warning, 'spk-routes', 12, 19, 31, 'expected no-route: 192.0.2.0/24 goes → 10.10.0.1 on external via event1-default-route'],
  ];
  // The scan may publish the test file before it has read the routes (then no route matches): the
  // diagnostics published last, once nothing more comes for a while, are the ones that count.
  let published = client.lastDiagnostics(uri('routes.test.yaml')) ?? (await client.nextDiagnostics(uri('routes.test.yaml')));
  const deadline = Date.now() + 10_000;
  while (!isDeepStrictEqual(shown(published), expected) && Date.now() < deadline) published = await client.nextDiagnostics(uri('routes.test.yaml'), Math.max(1, deadline - Date.now())).catch(() => published);
  assert.deepEqual(shown(published), expected);
  // The related location is the route that answers, in the other file.
  assert.deepEqual(published.diagnostics[0]!.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [[uri('routes.yaml'), 0, 'event1-default-route (0.0.0.0/0) answers 10.20.128.0/17']]);
  assert.deepEqual(await lenses(uri('routes.test.yaml')), [[0, '✗ 2 of 3 failed (1 soft)']]);
});

test('diagnostics and the CodeLens follow an edit of the routes in another file', async () => {
  await client.open(uri('routes.yaml'), ROUTES);
  const next = client.nextDiagnostics(uri('routes.test.yaml'));
  await client.change(uri('routes.yaml'), ROUTES.replace('prefixLen: 17', 'prefixLen: 16'));
  assert.deepEqual((await next).diagnostics.map((d) => [d.code, d.range.start.line]), [['route-test-failed', 12]]);
  assert.deepEqual(await lenses(uri('routes.test.yaml')), [[0, '✗ 1 of 3 failed (soft)']]);
  const broken = client.nextDiagnostics(uri('routes.test.yaml'));
  await client.change(uri('routes.yaml'), ROUTES.replace('prefixLen: 17', 'prefixLen: 16').replace('10.10.255.252', '10.10.255.253'));
  assert.deepEqual((await broken).diagnostics.map((d) => [d.code, d.range.start.line]), [['route-test-failed', 7], ['route-test-failed', 9], ['route-test-failed', 12]]);
  assert.deepEqual(await lenses(uri('routes.test.yaml')), [[0, '✗ 3 of 3 failed (1 soft)']]);
});

test('editing the open test file: its own diagnostics, lens, hover and completion', async () => {
  const settled = client.nextDiagnostics(uri('routes.test.yaml'));
  await client.change(uri('routes.yaml'), ROUTES.replace('prefixLen: 17', 'prefixLen: 16'));
  await settled;
  const fixed = TESTS.replace(/ {4}- destination: 192[\s\S]*$/, '    - destination: 192.0.2.0/24\n      nextHop: 10.10.0.1\n');
  const diagnostics = await client.open(uri('routes.test.yaml'), fixed);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(await lenses(uri('routes.test.yaml')), [[0, '✓ 3 passed']]);
  const hover = await client.hover(uri('routes.test.yaml'), { line: 8, character: 8 });
  assert.match(JSON.stringify(hover?.contents), /nextHop/);
  const items = await client.completion(uri('routes.test.yaml'), { line: 13, character: 0 });
  assert.deepEqual(items.map((i) => i.label), []);
  const keys = await client.change(uri('routes.test.yaml'), `${fixed}      \n`);
  assert.deepEqual(keys, []);
  const fields = await client.completion(uri('routes.test.yaml'), { line: 14, character: 6 });
  assert.deepEqual(fields.map((i) => i.label), ['outcome', 'vlan', 'route', 'source', 'replica', 'soft']);
});
