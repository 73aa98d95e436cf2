// The exact parser's alias resolution and duplicate-key check, held to the `yaml` package's own
// definitions (which are quadratic, so the parser does not use them).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { toJS, type YNode, type YPair, type YScalar } from '../../server/src/core/yaml/tree.js';
import { parseWithYamlLib } from '../../server/src/core/yaml/yamlLibParse.js';

const TOO_COMPLEX = 'document is nested too deeply or expands to too many nodes to analyse';

/**
 * The definition: each alias resolved by `Alias.resolve` (a walk of the whole document) and its
 * target converted again; 64 levels and 200,000 expanded nodes at most. What the parser did before.
 */
function reference(text: string): { root: YNode | null; errors: { start: number; end: number; message: string }[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const errors = doc.errors.map((e) => ({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') }));
  if (!doc.contents) return { root: null, errors };
  let nodes = 0;
  const scalar = (value: YScalar['value'], start: number, end: number, quoted: boolean): YScalar => ({ type: 'scalar', value, source: text.slice(start, end), quoted, start, end });
  const convert = (node: Node, depth: number): YNode => {
    if (depth > 64 || ++nodes > 200_000) throw new RangeError();
    if (isAlias(node)) {
      const [start, end] = node.range ?? [0, 0];
      const target = node.resolve(doc as Document);
      if (!target) return scalar(null, start, end, false);
      const value = convert(target as Node, depth + 1);
      return value.type === 'scalar' ? { ...value, source: text.slice(start, end), start, end } : { ...value, start, end };
    }
    const [start, end] = node.range ?? [0, 0];
    if (isMap(node)) {
      const pairs: YPair[] = [];
      for (const item of node.items) {
        const key = item.key as Node | null;
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
        const keyNode = scalar(String(key.value), key.range![0], key.range![1], key.type === 'QUOTE_DOUBLE' || key.type === 'QUOTE_SINGLE');
        pairs.push({ key: keyNode, value: item.value ? convert(item.value as Node, depth + 1) : scalar(null, keyNode.end, keyNode.end, false) });
      }
      return node.flow || !pairs.length ? { type: 'map', pairs, flow: !!node.flow, start, end } : { type: 'map', pairs, flow: false, start: pairs[0]!.key.start, end: pairs.at(-1)!.value.end };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => convert(item as Node, depth + 1));
      return node.flow || !items.length ? { type: 'seq', items, flow: !!node.flow, start, end } : { type: 'seq', items, flow: false, start: items[0]!.start, end: items.at(-1)!.end };
    }
    const s = node as Scalar;
    const v = s.value;
    return scalar(v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v), start, end, s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE');
  };
  try {
    return { root: convert(doc.contents as Node, 0), errors };
  } catch {
    const range = (doc.contents as Node).range ?? [0, 0];
    return { root: null, errors: [...errors, { start: range[0], end: range[0], message: TOO_COMPLEX }] };
  }
}

const byStart = <T extends { start: number }>(errors: T[]) => [...errors].sort((a, b) => a.start - b.start);

describe('aliases', () => {
  // Anchors a, b, c defined, redefined and used anywhere (also before any definition, inside their
  // own anchor, on keys and in skipped complex keys), in flow and block style.
  const names = ['a', 'b', 'c'];
  const node = fc.letrec<{ n: string; anchored: string; seq: string; map: string }>((tie) => ({
    n: fc.oneof({ depthSize: 'small' }, fc.constantFrom('x', '1', 'true', '"q"', '~'), fc.constantFrom(...names).map((n) => `*${n}`), tie('anchored'), tie('seq'), tie('map')),
    anchored: fc.tuple(fc.constantFrom(...names), fc.oneof(fc.constantFrom('x', '2'), tie('seq'), tie('map'))).map(([a, n]) => `&${a} ${n}`),
    seq: fc.array(tie('n'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    map: fc.array(fc.tuple(fc.constantFrom('k', 'l', '&a k', '&b 1', '*a ', '*c ', '[z]', '&c [y]', '? &b [w]'), tie('n')), { maxLength: 4 })
      .map((xs) => `{${xs.map(([k, v], i) => `${/^[kl&]/.test(k) && !k.includes('[') ? k + i : k}: ${v}`).join(', ')}}`),
  })).n;
  const block = fc.array(node, { minLength: 1, maxLength: 5 }).map((values) => values.map((v, i) => `p${i}: ${v}`).join('\n') + '\n');

  test('trees and errors are those of resolving each alias on its own', () => {
    let resolved = 0;
    fc.assert(
      fc.property(block, (text) => {
        const expected = reference(text);
        const actual = parseWithYamlLib(text);
        assert.deepEqual(actual.root, expected.root, text);
        assert.deepEqual(byStart(actual.errors), byStart(expected.errors), text);
        if (expected.root && text.includes('*')) resolved++;
      }),
      { numRuns: 3000, seed: 20261201 },
    );
    assert.ok(resolved > 500, `only ${resolved} documents with aliases were converted`);
  });

  test('an alias refers to the latest anchor of its name before it', () => {
    const { root, errors } = parseWithYamlLib('a: &x 1\nb: *x\nc: &x [2]\nd: *x\n&x e: *x\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(toJS(root!), { a: 1, b: 1, c: [2], d: [2], e: 'e' });
  });

  test('an alias stands where it is written; its target keeps its own offsets', () => {
    const text = 'a: &x {p: 1}\nb: *x\n';
    const root = parseWithYamlLib(text).root!;
    assert.equal(root.type, 'map');
    const b = root.type === 'map' ? root.pairs[1]!.value : undefined;
    assert.deepEqual([b?.start, b?.end], [text.indexOf('*x'), text.indexOf('*x') + 2]);
    assert.equal(b?.type === 'map' && b.pairs[0]!.key.start, text.indexOf('p'));
  });

  test('an alias inside its own anchor, and expansions past the bound, are too complex', () => {
    assert.deepEqual(parseWithYamlLib('a: &x [1, *x]\n').errors.map((e) => e.message), [TOO_COMPLEX]);
    // Nine times nine … nine: 9^7 = 4.8 million nodes from 300 bytes.
    let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 7; i++) laughs += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    assert.deepEqual(parseWithYamlLib(laughs), { root: null, errors: [{ start: 0, end: 0, message: TOO_COMPLEX }] });
    // Just under the bound it is converted, and each alias costs O(1): this is fast.
    const under = laughs.split('\n').slice(0, 5).join('\n');
    const started = performance.now();
    const { root } = parseWithYamlLib(under);
    assert.ok(root);
    assert.equal(JSON.stringify((toJS(root) as Record<string, unknown>).a4).split('x').length - 1, 9 ** 5);
    assert.ok(performance.now() - started < 2000);
  });

  test('aliases count as deep as what they expand to', () => {
    let deep = 'a0: &a0 x\n';
    for (let i = 1; i < 70; i++) deep += `a${i}: &a${i} [*a${i - 1}]\n`;
    assert.deepEqual(parseWithYamlLib(deep), reference(deep));
    assert.deepEqual(parseWithYamlLib(deep).errors.map((e) => e.message), [TOO_COMPLEX]);
  });
});

describe('duplicate keys', () => {
  test('the same errors as the yaml package, reported at the repeated key', () => {
    const cases = [
      'a: 1\na: 2\n', '{a: 1, a: 2}', '{ a: 1,   "a": 2 }', '&x a: 1\n!!str a: 2\n', 'a: 1\n? a\n: 2\n', '1: a\n"1": b\n1: c\n',
      '.nan: 1\n.nan: 2\n', 'null: 1\n~: 2\n', '[a: 1, a: 2]', 'x:\n  a: 1\n  b: 2\n  a: 3\ny: {q: 1, q: 2}\n', '? [a]\n: 1\n? [a]\n: 2\n',
      'a: &k 1\n*k : 2\n*k : 3\n', 'true: 1\nTrue: 2\n', '0x1: 1\n1: 2\n', 'a: 1\na: 2\n bad\n',
    ];
    for (const text of cases) assert.deepEqual(byStart(parseWithYamlLib(text).errors), byStart(reference(text).errors), text);
  });

  test('after an empty value, at the key (the yaml package says the end of the line before)', () => {
    assert.deepEqual(parseWithYamlLib('p: \np: x\n').errors, [{ start: 4, end: 5, message: 'Map keys must be unique' }]);
  });
});
