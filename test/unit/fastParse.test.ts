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
  ];
  for (const text of cases) assert.equal(sameTree(text), 'fast', JSON.stringify(text));
});

test('the fast parser declines what it does not handle, and the yaml package parses it', () => {
  const cases = [
    'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: b\n  c\n', 'a: [1,\n  2]\n', 'a: "x\\ty"\n', 'a: 1\na: 2\n',
    '\ta: 1\n', 'a: 1\n b: 2\n', '? a\n: b\n', '%YAML 1.2\n---\na: 1\n', 'key : value\n', 'a: b: c\n',
  ];
  for (const text of cases) assert.equal(fastParse(text), undefined, JSON.stringify(text));
});
