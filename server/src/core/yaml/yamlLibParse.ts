// The exact path: the `yaml` package parses what fastParse does not handle (and reports errors);
// its AST is converted to the same located tree.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
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
const MAX_NODES = 200_000;

class TooComplex extends Error {}

export function parseWithYamlLib(text: string): ParsedYaml {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const errors: YamlError[] = doc.errors.map((error) => ({
    start: error.pos[0],
    end: Math.max(error.pos[1], error.pos[0]),
    message: cleanMessage(error.message),
  }));
  if (!doc.contents) return { root: null, errors };
  try {
    const converter = new Converter(text, doc);
    return { root: converter.convert(doc.contents as Node, 0), errors };
  } catch (error) {
    if (!(error instanceof TooComplex) && !(error instanceof RangeError)) throw error;
    const range = (doc.contents as Node).range ?? [0, 0];
    errors.push({ start: range[0], end: range[0], message: 'document is nested too deeply or expands to too many nodes to analyse' });
    return { root: null, errors };
  }
}

function cleanMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {}

  convert(node: Node, depth: number): YNode {
    if (depth > MAX_DEPTH || ++this.nodes > MAX_NODES) throw new TooComplex();
    if (isAlias(node)) {
      // The alias stands where it is written: diagnostics on its value point at the alias.
      const [aliasStart, aliasEnd] = node.range ?? [0, 0];
      const target = node.resolve(this.doc);
      if (!target) return this.scalar(null, aliasStart, aliasEnd, false);
      const value = this.convert(target as Node, depth + 1);
      return value.type === 'scalar'
        ? { ...value, source: this.text.slice(aliasStart, aliasEnd), start: aliasStart, end: aliasEnd }
        : { ...value, start: aliasStart, end: aliasEnd };
    }
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
    const scalar = node as import('yaml').Scalar;
    const value = scalar.value;
    const plain = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : String(value);
    return this.scalar(plain, start, end, scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE');
  }

  private scalar(value: YScalar['value'], start: number, end: number, quoted: boolean): YScalar {
    return { type: 'scalar', value, source: this.text.slice(start, end), quoted, start, end };
  }
}
