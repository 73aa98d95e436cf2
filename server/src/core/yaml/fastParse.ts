// A fast parser for the YAML that Kubernetes manifests are made of: block maps and sequences,
// one-line plain, quoted and flow scalars, comments, anchors and aliases of values. Anything else —
// tags, block scalars, multi-line scalars, anchors on keys, errors — returns `undefined`, and the
// caller falls back to the `yaml` package, which is exact but about ten times slower. A differential
// test holds the two to the same trees.
import { resolvePlainScalar } from './resolveScalar.js';
import type { YMap, YNode, YPair, YScalar, YSeq } from './tree.js';

class Unsupported extends Error {}

interface Line {
  start: number;
  /** End of the line's text, before any `\r\n` / `\n`. */
  end: number;
  indent: number;
}

const PLAIN_KEY = /[A-Za-z0-9_][A-Za-z0-9_.\-/]*/y;
const INDICATORS = '&*!|>%@`?';
/** The anchor names this parser takes (YAML allows more; those go to the exact parser). */
const ANCHOR_NAME = /[A-Za-z0-9_.\-]+/y;
/** The bounds of yamlLibParse.ts, on the tree as aliases expand it. */
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;
/** Maps with more keys than this look duplicates up in a set. */
const LINEAR_KEY_CHECK = 16;

/** An anchor whose node is still being parsed: an alias of it would expand without end. */
class OpenAnchor {}

export function fastParse(text: string): YNode | null | undefined {
  try {
    return new FastParser(text).parseDocument();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class FastParser {
  private readonly lines: Line[] = [];
  private index = 0;
  /** The latest node of each anchor name so far, in document order, as an alias refers to it. */
  private readonly anchors = new Map<string, YNode | OpenAnchor>();
  /** The alias nodes: each a copy of its target standing where the alias is written. */
  private readonly aliasCopies = new Set<YNode>();

  constructor(private readonly text: string) {
    this.collectLines();
  }

  parseDocument(): YNode | null {
    if (this.lines.length === 0) return null;
    const first = this.lines[0]!;
    if (first.indent !== 0) unsupported();
    const root = this.parseBlock(first.indent);
    if (this.index < this.lines.length) unsupported();
    if (this.aliasCopies.size) this.checkExpansion(root);
    return root;
  }

  /** Aliases may expand the tree past the exact parser's bounds: then that parser reports it. */
  private checkExpansion(root: YNode): void {
    // Per collection (by its items, which alias copies share): expanded nodes and levels below it.
    const memo = new Map<readonly unknown[], { nodes: number; levels: number }>();
    const visit = (node: YNode): { nodes: number; levels: number } => {
      // An alias counts as one node and one level more than its target, as yamlLibParse counts it.
      const own = this.aliasCopies.has(node) ? 1 : 0;
      if (node.type === 'scalar') return { nodes: 1 + own, levels: 1 + own };
      const children = node.type === 'map' ? node.pairs : node.items;
      let sums = memo.get(children);
      if (!sums) {
        let nodes = 1;
        let levels = 0;
        for (const child of node.type === 'map' ? node.pairs.map((p) => p.value) : node.items) {
          const below = visit(child);
          nodes += below.nodes;
          levels = Math.max(levels, below.levels);
        }
        sums = { nodes, levels: levels + 1 };
        memo.set(children, sums);
      }
      return { nodes: sums.nodes + own, levels: sums.levels + own };
    };
    const { nodes, levels } = visit(root);
    if (nodes > MAX_NODES || levels - 1 > MAX_DEPTH) unsupported();
  }

  /** `&name` or `*name` at `at`: the name, and the offset after it. */
  private anchorName(at: number): { name: string; stop: number } {
    ANCHOR_NAME.lastIndex = at + 1;
    if (!ANCHOR_NAME.test(this.text)) unsupported();
    return { name: this.text.slice(at + 1, ANCHOR_NAME.lastIndex), stop: ANCHOR_NAME.lastIndex };
  }

  /** Parses the node that an anchor is on, and records it under the anchor's name. */
  private anchored(name: string, parse: () => YNode): YNode {
    const open = new OpenAnchor();
    this.anchors.set(name, open);
    const node = parse();
    // An anchor of the same name inside this node came later in document order: it stays.
    if (this.anchors.get(name) === open) this.anchors.set(name, node);
    return node;
  }

  private alias(name: string, start: number, end: number): YNode {
    const target = this.anchors.get(name);
    // An unknown name, or an alias inside its own anchor: left to the exact parser.
    if (target === undefined || target instanceof OpenAnchor) unsupported();
    const copy: YNode = target.type === 'scalar'
      ? { ...target, source: this.text.slice(start, end), start, end }
      : { ...target, start, end };
    this.aliasCopies.add(copy);
    return copy;
  }

  /** `&name` and then nothing but a comment on the line: the anchor of the block below. */
  private blockAnchor(at: number, end: number): string | undefined {
    if (this.text[at] !== '&') return undefined;
    const { name, stop } = this.anchorName(at);
    const rest = this.skipSpaces(stop, end);
    if (rest < end && (this.text[rest] !== '#' || rest === stop)) return undefined;
    return name;
  }

  /** The block under a line that ends with an anchor; an anchored empty value is left to the exact parser. */
  private anchoredBlock(name: string, column: number, allowSameIndentSeq: boolean): YNode {
    return this.anchored(name, () => {
      this.index++;
      const next = this.lines[this.index];
      if (next && next.indent > column) return this.parseBlock(next.indent);
      if (allowSameIndentSeq && next && next.indent === column && this.isDash(next.start + column, next.end)) return this.parseSeq(column);
      return unsupported();
    });
  }

  /** Keeps the lines that hold content; rejects what this parser does not handle. */
  private collectLines(): void {
    const text = this.text;
    // Tabs (indentation or separators) and a lone \r are left to the exact parser.
    if (text.includes('\t') || /\r(?!\n)/.test(text)) unsupported();
    let start = 0;
    let started = false;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      const next = end < 0 ? text.length : end + 1;
      if (end < 0) end = text.length;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      let indent = 0;
      while (start + indent < end && text.charCodeAt(start + indent) === 32) indent++;
      const contentStart = start + indent;
      if (contentStart < end && text[contentStart] !== '#') {
        if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start))) {
          const rest = text.slice(start + 3, end).trim();
          if (text.startsWith('...', start) || started || (rest !== '' && !rest.startsWith('#'))) unsupported();
        } else if (indent === 0 && text[start] === '%') {
          unsupported();
        } else {
          this.lines.push({ start, end, indent });
          started = true;
        }
      }
      start = next;
    }
  }

  private parseBlock(indent: number): YNode {
    const line = this.lines[this.index]!;
    const at = line.start + line.indent;
    if (this.isDash(at, line.end)) return this.parseSeq(indent);
    if (this.keyEnd(at, line.end) >= 0) return this.parseMap(at, indent);
    const value = this.parseLineValue(at, line.end);
    this.index++;
    return value;
  }

  private parseSeq(indent: number): YSeq {
    const items: YNode[] = [];
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent !== indent) {
        if (line.indent > indent) unsupported();
        break;
      }
      const dash = line.start + indent;
      if (!this.isDash(dash, line.end)) break;
      const at = this.skipSpaces(dash + 1, line.end);
      const anchor = this.blockAnchor(at, line.end);
      if (at >= line.end || this.text[at] === '#') {
        items.push(this.blockValueOrNull(indent, at, false));
      } else if (anchor !== undefined) {
        items.push(this.anchoredBlock(anchor, indent, false));
      } else if (this.isDash(at, line.end)) {
        unsupported();
      } else if (this.keyEnd(at, line.end) >= 0) {
        items.push(this.parseMap(at, at - line.start));
      } else {
        items.push(this.parseLineValue(at, line.end));
        this.index++;
        this.expectNoDeeperLine(indent);
      }
    }
    return { type: 'seq', items, flow: false, start: items[0]!.start, end: items[items.length - 1]!.end };
  }

  /** A block map whose first key starts at `firstKey`; later keys stand at column `column`. */
  private parseMap(firstKey: number, column: number): YMap {
    const pairs: YPair[] = [];
    // Duplicate keys (left to the exact parser, which reports them): a set only for large maps.
    let seen: Set<string> | undefined;
    let at = firstKey;
    for (;;) {
      const line = this.lines[this.index]!;
      const colon = this.keyEnd(at, line.end);
      if (colon < 0) unsupported();
      const key = this.parseKey(at, colon);
      const name = key.value as string;
      if (seen) {
        if (seen.has(name)) unsupported();
        seen.add(name);
      } else {
        for (const pair of pairs) if (pair.key.value === name) unsupported();
        if (pairs.length === LINEAR_KEY_CHECK) seen = new Set(pairs.map((pair) => pair.key.value as string).concat(name));
      }
      const valueAt = this.skipSpaces(colon + 1, line.end);
      let value: YNode;
      const anchor = this.blockAnchor(valueAt, line.end);
      if (valueAt >= line.end || this.text[valueAt] === '#') {
        value = this.blockValueOrNull(column, valueAt, true);
      } else if (anchor !== undefined) {
        value = this.anchoredBlock(anchor, column, true);
      } else {
        value = this.parseLineValue(valueAt, line.end);
        this.index++;
        this.expectNoDeeperLine(column);
      }
      pairs.push({ key, value });
      const next = this.lines[this.index];
      if (!next || next.indent < column) break;
      if (next.indent > column) unsupported();
      at = next.start + column;
    }
    return { type: 'map', pairs, flow: false, start: pairs[0]!.key.start, end: pairs[pairs.length - 1]!.value.end };
  }

  /** The value of `key:` or `-` with nothing after it on the line: a nested block, or null. */
  private blockValueOrNull(column: number, nullAt: number, allowSameIndentSeq: boolean): YNode {
    this.index++;
    const next = this.lines[this.index];
    if (next && next.indent > column) return this.parseBlock(next.indent);
    if (allowSameIndentSeq && next && next.indent === column && this.isDash(next.start + column, next.end)) {
      return this.parseSeq(column);
    }
    return { type: 'scalar', value: null, source: '', quoted: false, start: nullAt, end: nullAt };
  }

  private expectNoDeeperLine(column: number): void {
    const next = this.lines[this.index];
    if (next && next.indent > column) unsupported();
  }

  private isDash(at: number, end: number): boolean {
    return this.text[at] === '-' && (at + 1 >= end || this.text[at + 1] === ' ');
  }

  /** Offset of the `:` that ends a simple key starting at `at`, or -1 if no key starts there. */
  private keyEnd(at: number, end: number): number {
    let keyStop: number;
    const quote = this.text[at];
    if (quote === '"' || quote === "'") {
      keyStop = this.quotedEnd(at, end);
      if (keyStop < 0) return -1;
    } else {
      PLAIN_KEY.lastIndex = at;
      if (!PLAIN_KEY.test(this.text)) return -1;
      keyStop = Math.min(PLAIN_KEY.lastIndex, end);
    }
    if (this.text[keyStop] !== ':') return -1;
    const after = keyStop + 1;
    return after >= end || this.text[after] === ' ' ? keyStop : -1;
  }

  private parseKey(at: number, colon: number): YScalar {
    const quote = this.text[at];
    if (quote === '"' || quote === "'") return this.quotedScalar(at, colon);
    const source = knownKey(this.text, at, colon);
    const value = resolvePlainScalar(source);
    if (typeof value !== 'string') unsupported();
    return { type: 'scalar', value, source, quoted: false, start: at, end: colon };
  }

  /** A value that must end on its line: quoted, flow collection, or plain; then only a comment. */
  private parseLineValue(at: number, end: number): YNode {
    const first = this.text[at]!;
    let node: YNode;
    if (first === '&') {
      const { name, stop } = this.anchorName(at);
      const valueAt = this.skipSpaces(stop, end);
      const c = this.text[valueAt];
      if (valueAt === stop || valueAt >= end || c === '#' || c === '&' || c === '*') unsupported();
      return this.anchored(name, () => this.parseLineValue(valueAt, end));
    }
    if (first === '*') {
      const { name, stop } = this.anchorName(at);
      if (stop < end && this.text[stop] !== ' ') unsupported();
      node = this.alias(name, at, stop);
    } else if (first === '[' || first === '{') {
      node = this.parseFlow(at, end);
    } else if (first === '"' || first === "'") {
      const close = this.quotedEnd(at, end);
      if (close < 0) unsupported();
      node = this.quotedScalar(at, close);
    } else {
      if (INDICATORS.includes(first) || first === '-' && (at + 1 >= end || this.text[at + 1] === ' ')) unsupported();
      if (first === ']' || first === '}' || first === ',' || first === '#' || first === ':') unsupported();
      let stop = end;
      // ` #` searched within the line only: a search to the end of the text would make many lines quadratic.
      for (let i = at + 1; i < end; i++) {
        if (this.text.charCodeAt(i) === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) {
          stop = i - 1;
          break;
        }
      }
      while (stop > at && this.text.charCodeAt(stop - 1) === 32) stop--;
      const source = this.text.slice(at, stop);
      if (source.includes(': ') || source.endsWith(':')) unsupported();
      return { type: 'scalar', value: resolvePlainScalar(source), source, quoted: false, start: at, end: stop };
    }
    const rest = this.skipSpaces(node.end, end);
    if (rest < end && (this.text[rest] !== '#' || rest === node.end)) unsupported();
    return node;
  }

  /** Offset just past the closing quote of a one-line quoted scalar at `at`, or -1. */
  private quotedEnd(at: number, end: number): number {
    const quote = this.text[at];
    for (let i = at + 1; i < end; i++) {
      const c = this.text[i];
      if (quote === '"' && c === '\\') return -1;
      if (c === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  private quotedScalar(at: number, close: number): YScalar {
    const source = this.text.slice(at, close);
    const inner = source.slice(1, -1);
    const value = source[0] === "'" ? inner.replaceAll("''", "'") : inner;
    return { type: 'scalar', value, source, quoted: true, start: at, end: close };
  }

  private parseFlow(at: number, end: number): YMap | YSeq {
    return this.flowCollection({ pos: at }, end, 0);
  }

  private flowCollection(cursor: { pos: number }, end: number, depth: number): YMap | YSeq {
    if (depth > 32) unsupported();
    const start = cursor.pos;
    const open = this.text[start];
    const close = open === '[' ? ']' : '}';
    cursor.pos++;
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    const seen = new Set<string>();
    for (;;) {
      cursor.pos = this.skipSpaces(cursor.pos, end);
      if (cursor.pos >= end) unsupported();
      if (this.text[cursor.pos] === close) {
        cursor.pos++;
        break;
      }
      if (open === '[') {
        items.push(this.flowValue(cursor, end, depth));
      } else {
        const key = this.flowScalar(cursor, end);
        if (typeof key.value !== 'string' || seen.has(key.value)) unsupported();
        seen.add(key.value);
        if (this.text[cursor.pos] !== ':') unsupported();
        cursor.pos = this.skipSpaces(cursor.pos + 1, end);
        const c = this.text[cursor.pos];
        if (c === ',' || c === '}') unsupported();
        pairs.push({ key, value: this.flowValue(cursor, end, depth) });
      }
      cursor.pos = this.skipSpaces(cursor.pos, end);
      const separator = this.text[cursor.pos];
      if (separator === ',') cursor.pos++;
      else if (separator !== close) unsupported();
    }
    return open === '['
      ? { type: 'seq', items, flow: true, start, end: cursor.pos }
      : { type: 'map', pairs, flow: true, start, end: cursor.pos };
  }

  private flowValue(cursor: { pos: number }, end: number, depth: number): YNode {
    const c = this.text[cursor.pos];
    if (c === '[' || c === '{') return this.flowCollection(cursor, end, depth + 1);
    if (c === '&') {
      const { name, stop } = this.anchorName(cursor.pos);
      const valueAt = this.skipSpaces(stop, end);
      const next = this.text[valueAt];
      if (valueAt === stop || valueAt >= end || next === '&' || next === '*' || next === ',' || next === ']' || next === '}' || next === '#') unsupported();
      cursor.pos = valueAt;
      return this.anchored(name, () => this.flowValue(cursor, end, depth));
    }
    let value: YNode;
    if (c === '*') {
      const at = cursor.pos;
      const { name, stop } = this.anchorName(at);
      const next = this.text[stop];
      if (next !== ' ' && next !== ',' && next !== ']' && next !== '}') unsupported();
      cursor.pos = stop;
      value = this.alias(name, at, stop);
    } else {
      value = this.flowScalar(cursor, end);
    }
    if (this.text[this.skipSpaces(cursor.pos, end)] === ':') unsupported();
    return value;
  }

  private flowScalar(cursor: { pos: number }, end: number): YScalar {
    const at = cursor.pos;
    const c = this.text[at]!;
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at, end);
      if (close < 0) unsupported();
      cursor.pos = close;
      return this.quotedScalar(at, close);
    }
    if (INDICATORS.includes(c) || '#,[]{}:-'.includes(c)) unsupported();
    let stop = at;
    while (stop < end) {
      const ch = this.text[stop]!;
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '#') break;
      if (ch === ':' && (stop + 1 >= end || ' ,[]{}'.includes(this.text[stop + 1]!))) break;
      stop++;
    }
    if (this.text[stop] === '#' || this.text[stop] === '[' || this.text[stop] === '{') unsupported();
    let valueEnd = stop;
    while (valueEnd > at && this.text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    cursor.pos = stop;
    const source = this.text.slice(at, valueEnd);
    if (source === '') unsupported();
    return { type: 'scalar', value: resolvePlainScalar(source), source, quoted: false, start: at, end: valueEnd };
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at;
  }
}

/**
 * The same few keys (`apiVersion`, `name`, `destination`…) stand in every document: the last plain key
 * of each length and first character is kept and given again when the text holds it, instead of a
 * new string per key (fewer allocations, and equal keys compare as one string).
 */
const lastKeys = new Map<number, string>();
const MAX_KEPT_KEY = 64;

function knownKey(text: string, at: number, end: number): string {
  const length = end - at;
  if (length > MAX_KEPT_KEY) return text.slice(at, end);
  const slot = length * 128 + (text.charCodeAt(at) & 127);
  const kept = lastKeys.get(slot);
  if (kept !== undefined && text.startsWith(kept, at)) return kept;
  const key = text.slice(at, end);
  lastKeys.set(slot, key);
  return key;
}

function unsupported(): never {
  throw new Unsupported();
}
