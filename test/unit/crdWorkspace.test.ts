// CRDs as schema sources in the Workspace (issue 14): a CustomResourceDefinition document in any file
// governs the (group, version, kind) it serves in every file; other kinds and versions keep the
// bundled schema; a change of the CRD re-checks (and returns) the files with documents of its kinds;
// diagnostics and hover name the source; completion offers the CRD's fields; `bundled: false` checks
// only what a CRD serves.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { complete } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import { SchemaRegistry } from '../../server/src/core/resources/schemaSources';
import { Workspace } from '../../server/src/core/workspace/workspace';
import { withCursor } from '../support/cursor';

const CRD_TEXT = readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml'), 'utf8');
const CRD = 'file:///w/crds/spk.yaml';
const ROUTES = 'file:///w/routes.yaml';
const VLANS = 'file:///w/vlans.yaml';

const route = (spec: string, apiVersion = 'k8s.f5net.com/v1') => `apiVersion: ${apiVersion}\nkind: F5SPKStaticRoute\nmetadata:\n  name: r1\n  namespace: spk\nspec:\n${spec}`;
const VLAN = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata:\n  name: v1\n  namespace: other\nspec:\n  name: ext\n  tag: 5000\n';

function codes(ws: Workspace, uri: string): string[] {
  return ws.diagnostics(uri).map((d) => `${d.range.start.line + 1} ${d.code}: ${d.message}`);
}

describe('workspace CRDs', () => {
  test('a CRD in another file governs its kind: its unknown fields, CEL rules and enums, each naming the source', () => {
    const ws = new Workspace();
    ws.schemas.describeUri = (uri) => uri.replace('file:///w/', '');
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  colour: red\n  sources: ["10.1.0.1/16"]\n'));
    const bundled = codes(ws, ROUTES);
    assert.ok(bundled.some((d) => d.includes('unknown-field') && d.includes('"colour"')), bundled.join('\n'));
    assert.ok(!bundled.some((d) => d.includes('schema: CRD')));
    const affected = ws.setFile(CRD, CRD_TEXT);
    assert.ok(affected.includes(ROUTES), 'the route file is affected by the CRD');
    const line = CRD_TEXT.split('\n').findIndex((l) => l.includes('openAPIV3Schema:')) + 1;
    const source = `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:${line}`;
    const withCrd = codes(ws, ROUTES);
    assert.ok(withCrd.includes(`9 unknown-field: spec.colour: unknown field "spec.colour" (${source})`), withCrd.join('\n'));
    assert.equal(ws.diagnostics(ROUTES).find((d) => d.code === 'unknown-field')!.severity, 'error', 'strict field validation refuses it');
    assert.deepEqual(codes(ws, CRD), [], 'the CRD file itself has no findings');
  });

  test('CEL rules at their fieldPath; rules skipped after a blocking error; fixes for enums', () => {
    const ws = new Workspace();
    ws.setFile(CRD, CRD_TEXT);
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  sources: ["10.1.0.1/16"]\n'));
    const found = codes(ws, ROUTES);
    assert.ok(found.some((d) => d.startsWith('6 schema: spec.gateway: Required value: gateway is required when type is gateway')), found.join('\n'));
    assert.ok(found.some((d) => d.startsWith('8 schema: spec.sources[0]: Invalid value: "string": must be a network address (no host bits)')), found.join('\n'));
    ws.setFile(ROUTES, route('  destination: 10.0.0.0/24\n  type: gatway\n'));
    const blocked = ws.diagnostics(ROUTES).filter((d) => d.message.includes('schema: CRD'));
    assert.deepEqual(blocked.map((d) => d.code), ['invalid-value']);
    assert.deepEqual(blocked[0]!.fixes?.map((f) => f.title), ['Change to "gateway"']);
  });

  test('other kinds and versions keep the bundled schema; a version only the CRD serves is known', () => {
    const ws = new Workspace();
    ws.setFile(CRD, CRD_TEXT.replace('- name: v1\n', '- name: v9\n'));
    ws.setFile(VLANS, VLAN);
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  colour: red\n'));
    assert.ok(codes(ws, VLANS).some((d) => d.includes('out-of-range') && !d.includes('schema: CRD')), 'the VLAN keeps the bundled schema');
    assert.ok(!codes(ws, ROUTES).some((d) => d.includes('schema: CRD')), 'v1 keeps the bundled schema');
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  colour: red\n', 'k8s.f5net.com/v9'));
    const v9 = codes(ws, ROUTES);
    assert.ok(!v9.some((d) => d.includes('unknown-api-version')), v9.join('\n'));
    assert.ok(v9.some((d) => d.includes('spec.colour: unknown field') && d.includes('f5-spk-staticroutes.k8s.f5net.com v9')), v9.join('\n'));
  });

  test('editing or removing the CRD re-checks the files of its kind, and only those', () => {
    const ws = new Workspace();
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  colour: red\n'));
    ws.setFile(VLANS, VLAN);
    assert.deepEqual(ws.setFile(CRD, CRD_TEXT).sort(), [CRD, ROUTES]);
    assert.deepEqual(ws.setFile(CRD, `${CRD_TEXT}\n# a comment\n`), [CRD], 'the same CRD: nothing else is re-checked');
    const withColour = CRD_TEXT.replace('                metric:\n', '                colour:\n                  type: string\n                metric:\n');
    assert.deepEqual(ws.setFile(CRD, withColour).sort(), [CRD, ROUTES]);
    assert.ok(!codes(ws, ROUTES).some((d) => d.includes('colour')), codes(ws, ROUTES).join('\n'));
    assert.deepEqual(ws.removeFile(CRD).sort(), [CRD, ROUTES]);
    assert.ok(codes(ws, ROUTES).some((d) => d.includes('"colour"') && !d.includes('schema: CRD')));
  });

  test('hover names the CRD; completion offers its fields and enums', () => {
    const ws = new Workspace();
    ws.schemas.describeUri = (uri) => uri.replace('file:///w/', '');
    ws.setFile(CRD, CRD_TEXT);
    const { text, position } = withCursor(route('  desti|nation: 10.0.0.0\n'));
    ws.setFile(ROUTES, text);
    const shown = hover(ws.file(ROUTES)!, position)!.markdown;
    assert.match(shown, /The destination network address, a bare IPv4 or IPv6 address\./);
    assert.match(shown, /\*schema: CRD f5-spk-staticroutes\.k8s\.f5net\.com v1, crds\/spk\.yaml:\d+\*/);
    const typing = withCursor(route('  destination: 10.0.0.0\n  |\n'));
    ws.setFile(ROUTES, typing.text);
    const keys = complete(ws.file(ROUTES)!, typing.text, typing.position).map((e) => e.label);
    for (const key of ['nextHops', 'bfd', 'vendor', 'template', 'metric']) assert.ok(keys.includes(key), `${key} in ${keys.join(', ')}`);
    const value = withCursor(route('  destination: 10.0.0.0\n  type: |\n'));
    ws.setFile(ROUTES, value.text);
    assert.deepEqual(complete(ws.file(ROUTES)!, value.text, value.position).map((e) => e.label), ['gateway', 'blackhole']);
  });

  test('without bundled schemas only what a CRD serves is checked', () => {
    const ws = new Workspace(undefined, { schemas: new SchemaRegistry({ bundled: false }) });
    ws.setFile(VLANS, VLAN);
    assert.deepEqual(codes(ws, VLANS).filter((d) => d.includes('out-of-range')), []);
    ws.setFile(CRD, CRD_TEXT);
    ws.setFile(ROUTES, route('  destination: 10.0.0.0\n  gateway: 10.0.0.1\n  colour: red\n'));
    assert.ok(codes(ws, ROUTES).some((d) => d.includes('schema: CRD')));
    assert.equal(ws.namespaces().includes('other'), true, 'the VLAN still joins its namespace');
  });

  test('a CRD that cannot be used is a problem of its file', () => {
    const ws = new Workspace();
    ws.setFile(CRD, 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\nspec: {}\n');
    assert.deepEqual(ws.crdProblemsOf(CRD), [{ line: 1, message: 'the CRD has no spec.group or spec.names.kind' }]);
  });
});
