import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fastParse } from '../../server/src/core/yaml/fastParse.js';
import { parseWithYamlLib } from '../../server/src/core/yaml/yamlLibParse.js';

function sameTree(text: string): 'fast' | 'fallback' {
  const fast = fastParse(text);
  if (fast === undefined) return 'fallback';
  const exact = parseWithYamlLib(text);
  assert.deepEqual(exact.errors, [], `the fast path accepted text the yaml package rejects: ${JSON.stringify(text)}`);
  assert.deepEqual(fast, exact.root, `trees differ for ${JSON.stringify(text)}`);
  return 'fast';
}

const scalarText = fc.constantFrom(
  '10.20.0.0', 'gateway', 'event1-static-route-10-10-20.0', 'http://x:80/a', '24', '0', '-5', '1e400', '1.5', '.inf', '-.Inf',
  '.nan', '0x1F', '0o17', '012', 'true', 'False', 'null', '~', '', 'a b c', 'a#b', 'x, y', "it's", 'say "hi"', '2001:db8::1',
  '10.241.0.0/24', 'AUTO_LASTHOP_ENABLED', '1.1', '-', 'key: value', '# not a comment', '[x]', '{y}', '@at', '* star',
  'NULL', 'Null', 'nULL', 'nul', 'N', 'TRUE', 'True', 'tRUE', 'FALSE', 'fALSE', 'f', 't', '+5', '+.5', '.5', '-.5e3', '+0x1',
  '0x', '.', '+', '~x', 'yes', 'no', 'on', 'Infinity', 'NaN',
);
const key = fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'destination', 'prefixLen', 'gateway', 'type', 'selfip_v4s', 'a.b/c', 'x-y', '1abc');
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.oneof(scalarText, fc.integer(), fc.boolean(), fc.constant(null)), tie('map'), tie('seq')),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  seq: fc.array(tie('node'), { maxLength: 4 }),
})).node;

const render = fc.record({
  doc: fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }),
  flowStyle: fc.boolean(),
  indent: fc.integer({ min: 1, max: 4 }),
  indentSeq: fc.boolean(),
  quote: fc.constantFrom('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE'),
  marker: fc.boolean(),
  comments: fc.boolean(),
  trailingSpaces: fc.boolean(),
  crlf: fc.boolean(),
});

type Rendering = typeof render extends fc.Arbitrary<infer T> ? T : never;

function toText(r: Rendering): string {
  let text = stringify(r.doc, {
    flowCollectionPadding: false,
    indent: r.indent,
    indentSeq: r.indentSeq,
    defaultStringType: r.quote as 'PLAIN',
    lineWidth: 0,
  });
  if (r.flowStyle) text = stringify(r.doc, { lineWidth: 0, collectionStyle: 'flow' });
  let lines = text.split('\n');
  if (r.comments) lines = lines.flatMap((line, i) => (i % 3 === 0 ? [`${' '.repeat(i % 5)}# comment ${i}`, line] : i % 3 === 1 && line.trim() && !line.includes('#') && !line.endsWith(':') && !line.endsWith('|-') && !line.endsWith('>-') ? [`${line} # trailing`] : [line]));
  if (r.trailingSpaces) lines = lines.map((line, i) => (i % 2 ? `${line}  ` : line));
  if (r.marker) lines.unshift('---');
  return lines.join(r.crlf ? '\r\n' : '\n');
}

test('the fast parser builds the same tree as the yaml package, or declines', () => {
  let fast = 0;
  let runs = 0;
  fc.assert(
    fc.property(render, (r) => {
      runs++;
      if (sameTree(toText(r)) === 'fast') fast++;
    }),
    { numRuns: 1500, seed: 20261126 },
  );
  // Random documents often hold shapes the fast path leaves to the yaml package (nested `- - x`,
  // escapes); it must still take a good share, and all of the typical manifests below.
  assert.ok(fast / runs > 0.3, `fast path taken for only ${fast} of ${runs} documents`);
});

test('the fast parser takes typical SPK manifests', () => {
  const cases = [
    'apiVersion: "k8s.f5net.com/v1"\nkind: IngressRouteStaticRoute\nmetadata:\n  name: "event1-static-route-10-10-20.0"\n  namespace: event1\nspec:\n  destination: 10.20.0.0\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway\n',
    '---\napiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: client-route, namespace: f5-bnk}\nspec: {destination: 10.1.30.0, prefixLen: 24, type: gateway, gateway: 10.2.201.5}\n',
    '# default route\napiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: red-vlan}\nspec:\n  name: red-vlan\n  interfaces: ["1.1"]\n  tag: 201\n  selfip_v4s: [10.2.201.201, 10.2.201.202, 10.2.201.203]\n  prefixlen_v4: 24\n  auto_lasthop: AUTO_LASTHOP_ENABLED\n',
    'spec:\n  selfip_v4s:\n  - 10.1.1.1\n  - 10.1.1.2\n  allowed_services:\n    - protocol: TCP\n      port: "22"\n    - protocol: UDP\n      port: 53\n',
    'a:\r\n  b: 1\r\n  c:\r\n',
    'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v, labels: &labels {app: spk}}\nspec:\n  tag: &tag 201\n  selfip_v4s: &ips\n    - 10.2.201.201\n  selfip_v6s: []\n  x: [*tag, *ips, *labels]\n',
  ];
  for (const text of cases) assert.equal(sameTree(text), 'fast', JSON.stringify(text));
});

test('the fast parser declines what it does not handle, and the yaml package parses it', () => {
  const cases = [
    'a: !!str 1\n', 'a: |\n  text\n', 'a: b\n  c\n', 'a: [1,\n  2]\n', 'a: "x\\ty"\n', 'a: 1\na: 2\n',
    '\ta: 1\n', 'a: 1\n b: 2\n', '? a\n: b\n', '%YAML 1.2\n---\na: 1\n', 'key : value\n', 'a: b: c\n',
    // Aliases of no anchor, inside their own anchor, anchors on keys or on nothing, names with other characters.
    'a: *x\n', 'a: &x [1, *x]\n', '&k a: 1\n', 'a: &x\nb: 1\n', 'a: &x:y 1\n', 'a: &x 1\nb: *x:\n', 'a: &x 1\nb: [*x: 1]\n',
  ];
  for (const text of cases) assert.equal(fastParse(text), undefined, JSON.stringify(text));
});

/** Block and flow YAML with anchors (defined again, nested, on collections) and aliases of them. */
type Shape = { t: 'scalar'; text: string } | { t: 'alias'; name: string } | { t: 'anchor'; name: string; node: Shape } | { t: 'map' | 'seq' | 'flow'; nodes: Shape[] };
const anchorName = fc.constantFrom('a', 'b', 'c', 'web-1', 'x.y');
const shape = fc.letrec<{ node: Shape; anchor: Shape; map: Shape; seq: Shape; flow: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('10.1.0.0', 'gw', '24', 'true', '"q"', "'s'", 'null').map((text) => ({ t: 'scalar' as const, text })),
    anchorName.map((name) => ({ t: 'alias' as const, name })),
    tie('anchor'), tie('map'), tie('seq'), tie('flow'),
  ),
  anchor: fc.record({ t: fc.constant('anchor' as const), name: anchorName, node: fc.oneof(tie('map'), tie('seq'), tie('flow'), fc.constant<Shape>({ t: 'scalar', text: 'v' })) }),
  map: fc.record({ t: fc.constant('map' as const), nodes: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  seq: fc.record({ t: fc.constant('seq' as const), nodes: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  flow: fc.record({ t: fc.constant('flow' as const), nodes: fc.array(tie('node'), { maxLength: 3 }) }),
})).node;

function flowText(node: Shape, asMap: boolean): string {
  switch (node.t) {
    case 'scalar': return node.text;
    case 'alias': return `*${node.name}`;
    case 'anchor': return `&${node.name} ${flowText(node.node, asMap)}`;
    case 'map': return `{${node.nodes.map((n, i) => `k${i}: ${flowText(n, !asMap)}`).join(', ')}}`;
    default: return asMap ? `{${node.nodes.map((n, i) => `f${i}: ${flowText(n, !asMap)}`).join(', ')}}` : `[${node.nodes.map((n) => flowText(n, !asMap)).join(', ')}]`;
  }
}

/** The value after `key:` or `-`: on the line, or on the lines below at `indent`. */
function blockValue(node: Shape, indent: number, comment: boolean): string {
  const pad = ' '.repeat(indent);
  switch (node.t) {
    case 'map': return `\n${node.nodes.map((n, i) => `${pad}k${i}:${blockValue(n, indent + 2, comment)}`).join('')}`;
    case 'seq': return `\n${node.nodes.map((n) => `${pad}-${blockValue(n, indent + 2, comment)}`).join('')}`;
    case 'anchor': return node.node.t === 'map' || node.node.t === 'seq'
      ? ` &${node.name}${comment ? ' # anchored' : ''}${blockValue(node.node, indent, comment)}`
      : ` &${node.name} ${flowText(node.node, false)}\n`;
    default: return ` ${flowText(node, false)}${comment ? ' # c' : ''}\n`;
  }
}

test('with anchors and aliases: the same tree as the yaml package, or declines', () => {
  let fast = 0;
  let withAlias = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.array(shape, { minLength: 1, maxLength: 5 }), fc.boolean(), (nodes, comment) => {
      runs++;
      const text = `defs: [&a 1, &b [x], &c {k: v}, &web-1 w, &x.y z]\n${nodes.map((n, i) => `p${i}:${blockValue(n, 2, comment)}`).join('')}`;
      if (sameTree(text) === 'fast') {
        fast++;
        if (text.includes('*')) withAlias++;
      }
    }),
    { numRuns: 3000, seed: 20261201 },
  );
  assert.ok(withAlias > runs / 3, `fast path with aliases for only ${withAlias} of ${runs} documents (${fast} fast in all)`);
});

test('aliases that expand past the exact parser\'s bounds are left to it', () => {
  let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 7; i++) laughs += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  assert.equal(fastParse(laughs), undefined);
  assert.equal(sameTree(laughs.split('\n').slice(0, 5).join('\n')), 'fast');
  // Each line nests two levels deeper: past line 32 the tree is deeper than 64 levels.
  let deep = 'a0: &a0 x\n';
  for (let i = 1; i < 40; i++) deep += `a${i}: &a${i} [*a${i - 1}]\n`;
  for (let lines = 30; lines < 36; lines++) {
    const text = deep.split('\n').slice(0, lines).join('\n');
    assert.equal(sameTree(text), parseWithYamlLib(text).errors.length ? 'fallback' : 'fast', `${lines} lines`);
  }
  assert.equal(fastParse(deep), undefined);
});
