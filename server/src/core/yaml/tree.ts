// The located YAML tree the analysis works on: plain values plus the offsets they were written at.
// Offsets are relative to the text of one YAML document (see splitDocuments.ts).

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  type: 'scalar';
  value: ScalarValue;
  /** The text as written, quotes included. */
  source: string;
  quoted: boolean;
  start: number;
  end: number;
}

export interface YPair {
  key: YScalar;
  value: YNode;
}

export interface YMap {
  type: 'map';
  pairs: YPair[];
  flow: boolean;
  start: number;
  end: number;
}

export interface YSeq {
  type: 'seq';
  items: YNode[];
  flow: boolean;
  start: number;
  end: number;
}

export type YNode = YScalar | YMap | YSeq;

export function keyText(pair: YPair): string {
  return String(pair.key.value);
}

/** Maps with more pairs than this are looked up through an index, built on first use. */
const INDEXED_PAIRS = 16;
/** Keyed by the pairs array, which an alias's copy of a map shares with its anchor. */
const pairIndexes = new WeakMap<readonly YPair[], Map<string, YPair>>();

export function getPair(map: YMap, key: string): YPair | undefined {
  const pairs = map.pairs;
  if (pairs.length <= INDEXED_PAIRS) {
    for (const pair of pairs) if (keyText(pair) === key) return pair;
    return undefined;
  }
  let index = pairIndexes.get(pairs);
  if (!index) {
    index = new Map();
    // The first pair of a key wins, as in the loop above.
    for (const pair of pairs) if (!index.has(keyText(pair))) index.set(keyText(pair), pair);
    pairIndexes.set(pairs, index);
  }
  return index.get(key);
}

export function getValue(node: YNode | undefined, key: string): YNode | undefined {
  return node?.type === 'map' ? getPair(node, key)?.value : undefined;
}

/** Plain JavaScript value of a node: for schema validation, and what apply sends as JSON. */
export function toJS(node: YNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJS);
    case 'map': {
      // Own properties always: a key `__proto__` is data, not the object's prototype (it is the
      // only key an assignment would not make an own property of).
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) {
        const key = keyText(pair);
        if (key === '__proto__') Object.defineProperty(out, key, { value: toJS(pair.value), enumerable: true, writable: true, configurable: true });
        else out[key] = toJS(pair.value);
      }
      return out;
    }
  }
}

/** What the cursor is on: the chain of pairs and items from the root down to the deepest node. */
export interface NodeHit {
  path: (string | number)[];
  node: YNode;
  /** The pair whose key or value holds the offset, if any. */
  pair?: YPair;
  onKey: boolean;
}

export function nodeAt(root: YNode, offset: number): NodeHit | undefined {
  if (offset < root.start || offset > root.end) return undefined;
  const path: (string | number)[] = [];
  let node: YNode = root;
  let pair: YPair | undefined;
  for (;;) {
    if (node.type === 'map') {
      const hit = node.pairs.find((p) => offset >= p.key.start && offset <= Math.max(p.key.end, p.value.end));
      if (!hit) return { path, node, pair, onKey: false };
      path.push(keyText(hit));
      if (offset <= hit.key.end) return { path, node: hit.key, pair: hit, onKey: true };
      pair = hit;
      node = hit.value;
    } else if (node.type === 'seq') {
      const index = node.items.findIndex((item) => offset >= item.start && offset <= item.end);
      if (index < 0) return { path, node, pair, onKey: false };
      path.push(index);
      pair = undefined;
      node = node.items[index]!;
    } else {
      return { path, node, pair, onKey: false };
    }
  }
}
