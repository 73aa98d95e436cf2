// Completion from the schemas: keys with their descriptions, enum and boolean values, kinds and
// apiVersions, and snippets for whole resources. Works on the line structure of the document around
// the cursor, because the text being typed is often not valid YAML yet.
import { groupOf, isSpkKind, KIND_GROUPS, KIND_ROLES } from '../resources/kinds.js';
import { findSchema, KIND_SCHEMAS, schemaAt, type JsonSchema, type KindSchema } from '../resources/schemas.js';
import type { FileModel } from '../workspace/fileModel.js';
import type { Position, Range } from '../types.js';
import { RESOURCE_SNIPPETS } from './snippets.js';
import { routeTestCompletions } from './routeTestSnippet.js';

export interface CompletionEntry {
  label: string;
  kind: 'field' | 'value' | 'snippet';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** A snippet in VS Code syntax (`$1`, `${1|a,b|}`, `$0`). */
  insertText: string;
  /** The text that the entry replaces: the word being typed. */
  range: Range;
  sortText?: string;
}

interface DocumentText {
  lines: string[];
  /** Line of the file where the document starts. */
  firstLine: number;
}

export function complete(file: FileModel, text: string, position: Position): CompletionEntry[] {
  const doc = documentLines(file, text, position);
  const lineIndex = position.line - doc.firstLine;
  const line = doc.lines[lineIndex] ?? '';
  const before = line.slice(0, position.character);
  const header = withSchemaSources(readHeader(doc.lines), file);

  const valueMatch = /^(\s*)(?:-\s+)?([\w.\-/]+):\s+(["']?)([^"'#]*)$/.exec(before);
  if (valueMatch) {
    const [, , key, , typed] = valueMatch;
    const wordRange = range(position, typed!.length);
    const keyIndent = before.indexOf(key!);
    const path = [...parentPath(doc.lines, lineIndex, keyIndent), key!];
    return valueCompletions(header, path, wordRange);
  }
  const keyMatch = /^(\s*)(-\s+)?([\w.\-/]*)$/.exec(before);
  if (!keyMatch) return [];
  const [, indent, dash, typed] = keyMatch;
  const keyIndent = indent!.length + (dash?.length ?? 0);
  const wordRange = range(position, typed!.length);
  const path = parentPath(doc.lines, lineIndex, keyIndent);
  if (path.length === 0 && !dash && !header.kind) return isBlankDocument(doc.lines, lineIndex) ? [...routeTestCompletions(file, text, position, wordRange, true), ...starterCompletions(wordRange)] : [];
  const schema = header.schema;
  if (!schema) return [];
  if (dash) path.push(0);
  const target = schemaAt(schema.schema, path);
  if (!target?.properties) return [];
  const present = siblingKeys(doc.lines, lineIndex, keyIndent);
  const keys = Object.entries(target.properties)
    .filter(([name, fieldSchema]) => !present.has(name) && !fieldSchema.description?.startsWith('Read-only'))
    .map(([name, fieldSchema], order) => keyEntry(name, fieldSchema, wordRange, order));
  // After a route's last field: a RouteTest for it.
  return path.length === 0 && !dash ? [...keys, ...routeTestCompletions(file, text, position, wordRange, false)] : keys;
}

function documentLines(file: FileModel, text: string, position: Position): DocumentText {
  const found = file.documentAt(position);
  const start = found?.document.offset ?? 0;
  const end = found?.end ?? text.length;
  // The editor's text: its lines end at \r\n, \n or a lone \r, as LSP counts them.
  return { lines: text.slice(start, end).split(/\r\n?|\n/), firstLine: found?.document.line ?? 0 };
}

interface Header {
  kind?: string;
  apiVersion?: string;
  schema?: KindSchema;
}

function readHeader(lines: readonly string[]): Header {
  let kind: string | undefined;
  let apiVersion: string | undefined;
  for (const line of lines) {
    const match = /^(kind|apiVersion):[ \t]*["']?([^"'\s#]+)/.exec(line);
    if (match?.[1] === 'kind') kind = match[2];
    else if (match?.[1] === 'apiVersion') apiVersion = match[2];
  }
  // A kind of a fixed group (`Infra`) written with another group's apiVersion is not ours.
  const ours = isSpkKind(kind) && (KIND_GROUPS[kind] === undefined || apiVersion === undefined || groupOf(apiVersion) === KIND_GROUPS[kind]);
  const schema = ours && kind !== undefined ? findSchema(apiVersion, kind) ?? KIND_SCHEMAS.find((s) => s.kind === kind) : undefined;
  return { kind, apiVersion, schema };
}

/** The header's schema from the file's schema sources: a CRD's where one serves the kind and version. */
function withSchemaSources(header: Header, file: FileModel): Header {
  if (!file.schemas || header.kind === undefined || header.schema === undefined) return header;
  const schema = file.schemas.lookup(header.apiVersion, header.kind);
  return schema ? { ...header, schema } : header;
}

/** The keys (and list items, as 0) that enclose a key written at `indent` on line `lineIndex`. */
export function parentPath(lines: readonly string[], lineIndex: number, indent: number): (string | number)[] {
  const path: (string | number)[] = [];
  let target = indent;
  let afterDash = false;
  for (let i = lineIndex - 1; i >= 0 && target > 0; i--) {
    const line = lines[i]!;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#') || content.startsWith('---')) continue;
    const lineIndent = line.length - content.length;
    const dash = /^-(\s+|$)/.exec(content);
    const keyColumn = dash ? lineIndent + dash[0].length : lineIndent;
    const key = /^([\w.\-/]+):\s*(#.*)?$/.exec(content.slice(keyColumn - lineIndent));
    if (dash && keyColumn === target) {
      path.unshift(0);
      target = lineIndent;
      afterDash = true;
      continue;
    }
    if (key && (lineIndent < target || (afterDash && lineIndent === target && !dash))) {
      path.unshift(key[1]!);
      if (dash) path.unshift(0);
      target = lineIndent;
      afterDash = false;
    } else if (lineIndent < target) {
      return path; // a scalar line that cannot hold children: not a place we know
    }
  }
  return path;
}

function siblingKeys(lines: readonly string[], lineIndex: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const line = lines[i]!;
      const content = line.trimStart();
      if (content === '' || content.startsWith('#')) continue;
      const lineIndent = line.length - content.length;
      const dash = /^-\s+/.exec(content);
      const column = dash ? lineIndent + dash[0].length : lineIndent;
      if (column < indent || (dash && step > 0)) return;
      const key = /^([\w.\-/]+):/.exec(content.slice(column - lineIndent));
      if (column === indent && key) keys.add(key[1]!);
      if (dash && column === indent) return;
    }
  };
  scan(lineIndex - 1, -1);
  scan(lineIndex + 1, 1);
  return keys;
}

function isBlankDocument(lines: readonly string[], cursorLine: number): boolean {
  return lines.every((line, i) => i === cursorLine || /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)/.test(line) || /^(apiVersion|kind):/.test(line));
}

function keyEntry(name: string, schema: JsonSchema, wordRange: Range, order: number): CompletionEntry {
  return {
    label: name,
    kind: 'field',
    detail: schemaSummary(schema),
    documentation: schema.description,
    insertText: `${name}:${valueSnippet(schema)}`,
    range: wordRange,
    sortText: String(order).padStart(3, '0'),
  };
}

function valueSnippet(schema: JsonSchema): string {
  if (schema.type === 'object') return '\n  $0';
  if (schema.type === 'array') return schema.items?.type === 'object' ? '\n  - $0' : '\n  - ${1}';
  if (schema.enum) return ` \${1|${schema.enum.map(String).join(',')}|}`;
  if (schema.type === 'boolean') return ` \${1|${String(schema.default ?? false)},${String(!(schema.default ?? false))}|}`;
  if (schema.default !== undefined) return ` \${1:${String(schema.default)}}`;
  return ' $0';
}

function schemaSummary(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(schemaSummary).join(' or ');
  const type = schema.type === 'array' ? `list of ${schema.items?.type ?? 'values'}` : schema.type === 'object' ? 'map' : String(schema.type ?? 'value');
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${schema.minimum}–${schema.maximum}` : '';
  return `${type}${range}${schema['x-spk-certainty'] === 'inferred' ? ' (inferred)' : ''}`;
}

function valueCompletions(header: Header, path: (string | number)[], wordRange: Range): CompletionEntry[] {
  if (path.length === 1 && path[0] === 'kind') {
    if (header.apiVersion && !KIND_SCHEMAS.some((s) => s.apiVersion === header.apiVersion)) return [];
    return Object.keys(KIND_ROLES).map((kind) => valueEntry(kind, `SPK ${KIND_ROLES[kind]} kind`, wordRange));
  }
  if (path.length === 1 && path[0] === 'apiVersion') {
    if (header.kind && !isSpkKind(header.kind)) return [];
    const versions = new Set(KIND_SCHEMAS.filter((s) => !header.kind || s.kind === header.kind).map((s) => s.apiVersion));
    return [...versions].map((v) => valueEntry(v, header.kind ? `apiVersion of ${header.kind}` : 'SPK apiVersion', wordRange));
  }
  const schema = header.schema && schemaAt(header.schema.schema, path);
  if (!schema) return [];
  if (schema.enum) return schema.enum.map((v) => valueEntry(String(v), schema.description ? firstLine(schema.description) : undefined, wordRange));
  if (schema.type === 'boolean') return ['true', 'false'].map((v) => valueEntry(v, undefined, wordRange));
  return [];
}

function valueEntry(value: string, detail: string | undefined, wordRange: Range): CompletionEntry {
  return { label: value, kind: 'value', detail, insertText: value, range: wordRange };
}

function starterCompletions(wordRange: Range): CompletionEntry[] {
  const pairs = KIND_SCHEMAS.map((s) => ({
    label: `${s.kind} (${s.apiVersion})`,
    kind: 'value' as const,
    detail: 'apiVersion and kind',
    documentation: s.schema.description,
    insertText: `apiVersion: ${s.apiVersion}\nkind: ${s.kind}\n$0`,
    range: wordRange,
    sortText: `1${s.kind}`,
  }));
  const snippets = RESOURCE_SNIPPETS.map((snippet) => ({ ...snippet, kind: 'snippet' as const, range: wordRange, sortText: `0${snippet.label}` }));
  return [...snippets, ...pairs];
}

function firstLine(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end > 0 ? text.slice(0, end) : text;
}

function range(position: Position, typedLength: number): Range {
  return { start: { line: position.line, character: position.character - typedLength }, end: position };
}
