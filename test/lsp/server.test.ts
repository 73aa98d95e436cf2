// Speaks real LSP over stdio to `node dist/server.js --stdio`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../support/lspClient.js';

// Each test works in a namespace of its own: the server checks routes across every open file.
const seed = (namespace: string) => SEED.replace('namespace: event1', `namespace: ${namespace}`);
const SEED = `apiVersion: "k8s.f5net.com/v1"
kind: IngressRouteStaticRoute
metadata:
  name: "event1-static-route-10-10-20.0"
  namespace: event1
spec:
  destination: 10.20.0.0/16
  gateway: 10.10.255.252
  type: gateway
`;

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

describe('language server over stdio', () => {
  test('initialize announces the features', () => {
    const caps = client.capabilities;
    assert.ok(caps.hoverProvider);
    assert.ok(caps.completionProvider);
    assert.ok(caps.codeActionProvider);
    assert.ok(caps.documentSymbolProvider);
  });

  test('didOpen publishes diagnostics with source, code and exact range', async () => {
    const diagnostics = await client.open('file:///w/seed.yaml', seed('t-open'));
    assert.deepEqual(diagnostics.map((d) => [d.source, d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['spk-routes', 'missing-field', 1, 5, 0, 4],
      ['spk-routes', 'destination-cidr', 1, 6, 15, 27],
    ]);
  });

  test('codeAction returns the quick fix, and applying it clears the diagnostics', async () => {
    const uri = 'file:///w/fix.yaml';
    const diagnostics = await client.open(uri, seed('t-fix'));
    const cidr = diagnostics.find((d) => d.code === 'destination-cidr')!;
    const actions = await client.codeActions(uri, cidr.range, [cidr]);
    assert.deepEqual(actions.map((a) => a.title), ['Split into destination 10.20.0.0 and prefixLen 16']);
    const edits = actions[0]!.edit!.changes![uri]!;
    assert.deepEqual(edits, [
      { range: { start: { line: 6, character: 15 }, end: { line: 6, character: 27 } }, newText: '10.20.0.0' },
      { range: { start: { line: 6, character: 27 }, end: { line: 6, character: 27 } }, newText: '\n  prefixLen: 16' },
    ]);
    // Apply as the editor would: the later edit first, as incremental changes.
    await client.change(uri, edits[1]!.newText, edits[1]!.range);
    const after = await client.change(uri, edits[0]!.newText, edits[0]!.range);
    assert.deepEqual(after, []);
  });

  test('didChange (incremental) re-checks and publishes the new diagnostics', async () => {
    const uri = 'file:///w/edit.yaml';
    const fixed = seed('t-edit').replace('10.20.0.0/16', '10.20.0.0\n  prefixLen: 16');
    assert.deepEqual(await client.open(uri, fixed), []);
    const diagnostics = await client.change(uri, '33', { start: { line: 7, character: 13 }, end: { line: 7, character: 15 } });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['prefix-length-range', 'prefixLen 33 is above 32, the longest IPv4 prefix (destination 10.20.0.0 is IPv4)']]);
  });

  test('hover, completion and document symbols', async () => {
    const uri = 'file:///w/features.yaml';
    await client.open(uri, seed('t-features').replace('10.20.0.0/16', '10.20.0.0\n  prefixLen: 16'));
    const hover = await client.hover(uri, { line: 7, character: 13 });
    assert.match((hover!.contents as { value: string }).value, /\*\*10\.20\.0\.0\/16\*\*[\s\S]*\| Broadcast \| `10\.20\.255\.255` \|/);
    await client.change(uri, '  ', { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } });
    const items = await client.completion(uri, { line: 10, character: 2 });
    assert.deepEqual(items.map((i) => i.label), []);
    const symbols = await client.symbols(uri);
    assert.deepEqual(symbols.map((s) => s.name), ['IngressRouteStaticRoute event1-static-route-10-10-20.0']);
    assert.deepEqual(symbols[0]!.children!.map((c) => c.name), ['destination', 'prefixLen', 'gateway', 'type']);
  });

  test('completion offers the missing spec fields with documentation', async () => {
    const uri = 'file:///w/complete.yaml';
    await client.open(uri, 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec:\n  destination: 10.1.0.0\n  \n');
    const items = await client.completion(uri, { line: 5, character: 2 });
    assert.deepEqual(items.map((i) => i.label), ['prefixLen', 'gateway', 'type']);
    assert.match((items[0]!.documentation as { value: string }).value, /Prefix length/);
    assert.equal(items[2]!.textEdit && 'newText' in items[2]!.textEdit ? items[2]!.textEdit.newText : '', 'type: ${1|gateway,blackhole|}');
  });
});

describe('bad input: a diagnostic or nothing, and the server keeps answering', () => {
  const head = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\n';
  const cases: [string, string, (codes: string[]) => void][] = [
    ['malformed YAML', `${head}spec: {destination: [10.0.0.0\n`, (c) => assert.ok(c.includes('yaml-syntax'))],
    ['tabs as indentation', `${head}spec:\n\tdestination: 10.0.0.0\n`, (c) => assert.ok(c.includes('yaml-syntax'))],
    ['binary junk', '\u0000\u0001\u00ff\ufffdPK\u0003\u0004 kind: \u0000\u0007'.repeat(5000), (c) => assert.deepEqual(c, [])],
    ['deep nesting', `${head}spec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, (c) => assert.ok(c.length >= 1)],
    ['deep nesting in a foreign document', `x: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`, (c) => assert.deepEqual(c, [])],
    ['spec: null', `${head}spec: null\n`, (c) => assert.deepEqual(c, ['wrong-type'])],
    ['spec as a list', `${head}spec:\n  - destination: 10.0.0.0\n`, (c) => assert.deepEqual(c, ['wrong-type'])],
    ['1e400 as prefixLen', `${head}spec: {destination: 10.0.0.0, prefixLen: 1e400, gateway: 10.1.1.1}\n`, (c) => assert.deepEqual(c, ['wrong-type'])],
    ['strings where numbers belong', `${head}spec: {destination: 10.0.0.0, prefixLen: sixteen, gateway: 10.1.1.1}\n`, (c) => assert.deepEqual(c, ['wrong-type'])],
    ['numbers where strings belong', `${head}spec: {destination: 167772160, prefixLen: 8, gateway: 10.1.1.1}\n`, (c) => assert.deepEqual(c, ['wrong-type'])],
    ['a Helm chart template', `{{- if .Values.enabled }}\n${head}spec:\n  destination: {{ .Values.net | quote }}\n  prefixLen: {{ .Values.len }}\n  gateway: "\${GATEWAY}"\n{{- with .Values.extra }}\n  {{- toYaml . | nindent 2 }}\n{{- end }}\n{{- end }}\n`, (c) => assert.deepEqual(c, [])],
    ['alias bomb', `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n${head.replace('apiVersion', 'apiVersion2')}`, () => undefined],
  ];
  for (const [name, text, check] of cases) {
    test(name, async () => {
      const uri = `file:///w/bad-${name.replaceAll(' ', '-')}.yaml`;
      const diagnostics = await client.open(uri, text);
      check(diagnostics.map((d) => String(d.code)));
      for (const d of diagnostics) assert.ok(d.range.start.line >= 0 && String(d.message).length > 0);
      await client.hover(uri, { line: 0, character: 0 });
      assert.equal(client.exitCode, null, `server exited; stderr: ${client.stderr}`);
    });
  }

  test('a 10 MB file: diagnostics arrive and the server answers a hover right after', async () => {
    const route = (i: number) => `---\n${head.replace('name: r', `name: r${i}`)}spec:\n  destination: 10.${(i >> 8) & 255}.${i & 255}.0\n  prefixLen: 24\n  gateway: 172.16.0.${i % 7 === 0 ? 300 : 1}\n  type: gateway\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10_000_000; i++) {
      parts.push(route(i));
      size += parts[parts.length - 1]!.length;
    }
    const uri = 'file:///w/huge.yaml';
    const started = performance.now();
    const diagnostics = await client.open(uri, parts.join(''));
    const elapsed = performance.now() - started;
    // Over 8,000 findings: the first 999 and the summary of the rest are published.
    const findings = Math.ceil(parts.length / 7);
    assert.equal(diagnostics.length, 1000);
    assert.equal(diagnostics[0]!.code, 'too-many-diagnostics');
    assert.match(String(diagnostics[0]!.message), new RegExp(`^${(findings - 999).toLocaleString('en-US')} more diagnostics are not shown`));
    assert.ok(diagnostics.slice(1).every((d) => d.code === 'invalid-address'));
    const hover = await client.hover(uri, { line: 5, character: 16 });
    assert.ok(hover, 'hover answered');
    assert.ok(elapsed < 15_000, `first diagnostics took ${elapsed.toFixed(0)} ms`);
  });
});
