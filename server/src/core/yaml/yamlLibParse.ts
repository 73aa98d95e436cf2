// The exact path: the `yaml` package parses what fastParse does not handle (and reports errors);
// its AST is converted to the same located tree.
//
// Everything here is linear in the size of the text. The `yaml` package's own alias resolution
// (`Alias.resolve`) walks the whole document for each alias, and its duplicate-key check compares
// each key with every earlier key of its map; both are quadratic, so neither is used: one pass over
// the AST records what each alias refers to and which keys repeat, and converted alias targets are
// shared, with their expanded size known, so an alias costs O(1).
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Alias, type Node, type Scalar } from 'yaml';
import type { YNode, YPair, YScalar } from './tree.js';

export interface YamlError {
  start: number;
  end: number;
  message: string;
}

export interface ParsedYaml {
  root: YNode | null;
  errors: YamlError[];
}

/** Past these, a document is reported as too large to analyse rather than converted. */
const MAX_DEPTH = 64;
/** Counts the tree as expanded: an alias counts as the nodes of its target, plus one. */
const MAX_NODES = 200_000;

class TooComplex extends Error {}

export function parseWithYamlLib(text: string): ParsedYaml {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  let errors: YamlError[] = doc.errors.map((error) => ({
    start: error.pos[0],
    end: Math.max(error.pos[1], error.pos[0]),
    message: cleanMessage(error.message),
  }));
  const contents = doc.contents as Node | null;
  if (!contents) return { root: null, errors };
  const { targets, duplicateKeys } = scan(contents);
  if (duplicateKeys.length) errors = mergeErrors(errors, duplicateKeys.map((start) => ({ start, end: start + 1, message: 'Map keys must be unique' })));
  try {
    return { root: new Converter(text, targets).convert(contents, 0), errors };
  } catch (error) {
    if (!(error instanceof TooComplex) && !(error instanceof RangeError)) throw error;
    const range = contents.range ?? [0, 0];
    errors.push({ start: range[0], end: range[0], message: 'document is nested too deeply or expands to too many nodes to analyse' });
    return { root: null, errors };
  }
}

function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * One walk over the AST in the order `yaml`'s `visit` takes (a node, then its items; a pair's key,
 * then its value), without recursion. An alias refers to the latest anchor of its name before it in
 * that order (YAML lets an anchor be defined again), which is what `Alias.resolve` finds. A scalar key
 * equal to an earlier scalar key of its map is a duplicate, as the `yaml` package's `uniqueKeys` says;
 * it is reported at the key itself.
 */
function scan(root: Node): { targets: Map<Alias, Node>; duplicateKeys: number[] } {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const duplicateKeys: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
    } else if (isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isMap(node)) checkKeys(node.items, duplicateKeys);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return { targets, duplicateKeys };
}

function checkKeys(pairs: readonly unknown[], duplicateKeys: number[]): void {
  if (pairs.length < 2) return;
  const seen = new Set<unknown>();
  for (const pair of pairs) {
    const key = isPair(pair) ? pair.key : undefined;
    if (!isScalar(key)) continue;
    // `===` on values, as the yaml package compares them: NaN equals no key.
    if (typeof key.value === 'number' && Number.isNaN(key.value)) continue;
    if (seen.has(key.value)) duplicateKeys.push(key.range?.[0] ?? 0);
    else seen.add(key.value);
  }
}

/** The parser's errors with `added` (in document order) among them, each after those at its offset or before. */
function mergeErrors(errors: readonly YamlError[], added: readonly YamlError[]): YamlError[] {
  const merged: YamlError[] = [];
  let i = 0;
  for (const error of added) {
    while (i < errors.length && errors[i]!.start <= error.start) merged.push(errors[i++]!);
    merged.push(error);
  }
  while (i < errors.length) merged.push(errors[i++]!);
  return merged;
}

/** A converted node with the size and depth it has when expanded, for reuse by every alias of it. */
interface Converted {
  node: YNode;
  nodes: number;
  height: number;
}

class Converter {
  private nodes = 0;
  /** The deepest level reached so far in the node being converted. */
  private deepest = 0;
  private readonly converted = new Map<Node, Converted>();
  private readonly inProgress = new Set<Node>();
  private readonly anchored: Set<Node>;

  constructor(
    private readonly text: string,
    private readonly targets: Map<Alias, Node>,
  ) {
    this.anchored = new Set(targets.values());
  }

  convert(node: Node, depth: number): YNode {
    if (isAlias(node)) return this.alias(node, depth);
    if (!this.anchored.has(node)) return this.convertNode(node, depth);
    const known = this.converted.get(node);
    if (known) return this.reuse(known, depth).node;
    this.inProgress.add(node);
    const nodesBefore = this.nodes;
    const deepestBefore = this.deepest;
    this.deepest = depth;
    const converted = this.convertNode(node, depth);
    this.converted.set(node, { node: converted, nodes: this.nodes - nodesBefore, height: this.deepest - depth });
    this.deepest = Math.max(this.deepest, deepestBefore);
    this.inProgress.delete(node);
    return converted;
  }

  /** The alias stands where it is written: diagnostics on its value point at the alias. */
  private alias(node: Alias, depth: number): YNode {
    this.count(depth);
    const [aliasStart, aliasEnd] = node.range ?? [0, 0];
    const target = this.targets.get(node);
    if (!target) return this.scalar(null, aliasStart, aliasEnd, false);
    // An alias inside its own anchor expands without end.
    if (this.inProgress.has(target)) throw new TooComplex();
    let known = this.converted.get(target);
    if (!known) {
      // A target the walk did not convert in place (a key): converted once, here.
      this.convert(target, depth + 1);
      known = this.converted.get(target)!;
    } else {
      this.reuse(known, depth + 1);
    }
    const value = known.node;
    return value.type === 'scalar'
      ? { ...value, source: this.text.slice(aliasStart, aliasEnd), start: aliasStart, end: aliasEnd }
      : { ...value, start: aliasStart, end: aliasEnd };
  }

  /** Counts a converted node again where it is used, in O(1). */
  private reuse(known: Converted, depth: number): Converted {
    this.nodes += known.nodes;
    if (this.nodes > MAX_NODES || depth + known.height > MAX_DEPTH) throw new TooComplex();
    this.deepest = Math.max(this.deepest, depth + known.height);
    return known;
  }

  private count(depth: number): void {
    if (depth > MAX_DEPTH || ++this.nodes > MAX_NODES) throw new TooComplex();
    if (depth > this.deepest) this.deepest = depth;
  }

  private convertNode(node: Node, depth: number): YNode {
    this.count(depth);
    const [start, end] = node.range ?? [0, 0];
    if (isMap(node)) {
      const pairs: YPair[] = [];
      for (const item of node.items) {
        const key = item.key as Node | null;
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
        const keyNode = this.scalar(String(key.value), key.range![0], key.range![1], key.type === 'QUOTE_DOUBLE' || key.type === 'QUOTE_SINGLE');
        const value = item.value
          ? this.convert(item.value as Node, depth + 1)
          : this.scalar(null, keyNode.end, keyNode.end, false);
        pairs.push({ key: keyNode, value });
      }
      return node.flow || pairs.length === 0
        ? { type: 'map', pairs, flow: !!node.flow, start, end }
        : { type: 'map', pairs, flow: false, start: pairs[0]!.key.start, end: pairs[pairs.length - 1]!.value.end };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => this.convert(item as Node, depth + 1));
      return node.flow || items.length === 0
        ? { type: 'seq', items, flow: !!node.flow, start, end }
        : { type: 'seq', items, flow: false, start: items[0]!.start, end: items[items.length - 1]!.end };
    }
    const value = (node as Scalar).value;
    const plain = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : String(value);
    return this.scalar(plain, start, end, (node as Scalar).type === 'QUOTE_DOUBLE' || (node as Scalar).type === 'QUOTE_SINGLE');
  }

  private scalar(value: YScalar['value'], start: number, end: number, quoted: boolean): YScalar {
    return { type: 'scalar', value, source: this.text.slice(start, end), quoted, start, end };
  }
}
