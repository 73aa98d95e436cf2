// One YAML file as a list of documents, each analysed once per distinct text: an edit re-analyses
// only the documents whose text changed.
import { analyzeDocument, type DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import { DocumentReport } from '../diagnostics/report.js';
import { reportAfterEndMarker } from '../diagnostics/ambiguityChecks.js';
import { type Diagnostic } from '../diagnostics/rules.js';
import { shiftRange, type Position } from '../types.js';
import { splitDocuments, type DocumentChunk } from '../yaml/splitDocuments.js';
import { CRD_HINT } from '../resources/crd/crdDocuments.js';
import type { SchemaRegistry } from '../resources/schemaSources.js';

export interface FileDocument {
  /** Offset and 0-based line of the document in the file. */
  offset: number;
  line: number;
  analysis: DocumentAnalysis;
  /** Problems that depend on where the document stands in its file (0-based lines of the document). */
  placement: Diagnostic[];
  /** Its diagnostics in file lines, made when first asked for at this line. */
  shifted?: { line: number; diagnostics: Diagnostic[] };
}

const OPENS_DOCUMENT = /^(?:---|%)/;

/**
 * Analyses made ahead of an update, one document per step (see `FileModel.prepare`): used by the
 * update to the same text while the model's text and the schemas are as they were then.
 */
export interface PreparedText {
  text: string;
  before: string | undefined;
  generation: number;
  /** The text's documents, as `splitDocuments` cut it: not cut again by the update. */
  chunks: DocumentChunk[];
  byText: Map<string, DocumentAnalysis>;
}

/** Files with fewer documents are split whole on every edit. */
const SPLIT_AROUND_EDIT_MIN_DOCUMENTS = 16;
/** Characters around an edit whose documents are split again (a marker and its line break). */
const MARKER_MARGIN = 8;
/** Characters compared at once when looking for where an edit starts and ends. */
const COMPARE_BLOCK = 4096;

export class FileModel {
  private byText = new Map<string, DocumentAnalysis>();
  /** During an update: what was prepared for it. */
  private prepared: PreparedText | undefined;
  /** The text the documents were split from. */
  private text: string | undefined;
  documents: FileDocument[] = [];
  /** `\r` in a file whose every line ends with a lone CR (the documents see `\n`, see splitDocuments). */
  lineBreak: '\n' | '\r' = '\n';

  /**
   * `checks: false`: documents are read for their resources only, with no diagnostics. `schemas`: the
   * schema sources of the workspace (CRDs before the bundled schemas).
   */
  constructor(text: string, private readonly options: { checks?: boolean; schemas?: SchemaRegistry } = {}, prepared?: PreparedText) {
    this.update(text, prepared);
  }

  /**
   * The analyses that updating `model` (or a new model) to `text` would make, one document per step,
   * for callers that let other work run between steps. The documents keep slices of the text when
   * none of the model's is kept (as `update` would have them), else their own copies (whatever
   * `update` then keeps, no earlier text stays alive). Undefined for a file with CRDs: they change the
   * schemas its documents are checked against, so `update` analyses it. Each step yields the
   * analyses so far: an update to the same text may use them before the last step.
   */
  static *prepare(model: FileModel | undefined, text: string, options: { checks?: boolean; schemas?: SchemaRegistry } = {}): Generator<PreparedText, PreparedText | undefined> {
    if (CRD_HINT.test(text)) return undefined;
    const chunks = splitDocuments(text);
    const prepared: PreparedText = { text, before: model?.text, generation: options.schemas?.generation ?? 0, chunks, byText: new Map() };
    const known = model?.byText;
    // As `update` decides: slices of the text when no document of the model's is kept, else copies.
    const slice = !chunks.some((chunk) => known?.get(chunk.text)?.text);
    const analyze = slice ? { ...options, slice } : options;
    for (const chunk of chunks) {
      if (prepared.byText.has(chunk.text) || known?.has(chunk.text)) continue;
      prepared.byText.set(chunk.text, analyzeDocument(chunk.text, analyze));
      yield prepared;
    }
    return prepared;
  }

  /** The schema sources the documents are checked against (completion reads them too). */
  get schemas(): SchemaRegistry | undefined {
    return this.options.schemas;
  }

  /** Whether a document of one of the kinds, or an SPK document not recognised, is in the file. */
  hasKinds(kinds: ReadonlySet<string>): boolean {
    return this.documents.some((doc) => doc.analysis.text !== '' && (doc.analysis.resource ? kinds.has(doc.analysis.resource.kind) : true));
  }

  /** Analyses again the documents of those kinds (their schema changed); true when any was. */
  refresh(kinds: ReadonlySet<string>): boolean {
    let changed = false;
    this.documents = this.documents.map((doc) => {
      const { analysis } = doc;
      if (analysis.text === '' || (analysis.resource && !kinds.has(analysis.resource.kind))) return doc;
      const fresh = analyzeDocument(analysis.text, this.options);
      if (this.options.checks !== false) {
        this.byText.delete(analysis.text);
        this.byText.set(fresh.text || analysis.text, fresh);
      }
      changed = true;
      return { offset: doc.offset, line: doc.line, analysis: fresh, placement: doc.placement };
    });
    return changed;
  }

  /** `prepared`: analyses made ahead (see `prepare`), used when still valid. */
  update(text: string, prepared?: PreparedText): void {
    const before = this.text;
    if (before === text) return;
    this.text = text;
    this.prepared = prepared?.text === text && prepared.before === before && prepared.generation === (this.options.schemas?.generation ?? 0) ? prepared : undefined;
    try {
      if (before === undefined || !this.updateAroundEdit(before, text)) this.splitAll(text);
    } finally {
      this.prepared = undefined;
    }
  }

  private splitAll(text: string): void {
    const previous = this.byText;
    const next = new Map<string, DocumentAnalysis>();
    this.lineBreak = text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
    const chunks = this.prepared?.chunks ?? splitDocuments(text);
    // When no document that holds its text is kept from the text before, the documents keep slices
    // of this one (the model holds it anyway); else they copy theirs, so that no earlier text is
    // kept alive beside this one.
    const slice = !chunks.some((chunk) => previous.get(chunk.text)?.text);
    const options = slice ? { ...this.options, slice } : this.options;
    this.documents = chunks.map((chunk) => {
      let analysis = next.get(chunk.text) ?? (previous.size ? previous.get(chunk.text) : undefined) ?? this.prepared?.byText.get(chunk.text);
      if (!analysis) analysis = analyzeDocument(chunk.text, options);
      // One-shot files (no checks) are never edited: nothing to reuse.
      if (this.options.checks !== false) next.set(chunk.text, analysis);
      const placement = this.options.checks === false ? NO_PROBLEMS : placementProblems(chunk.offset, chunk.text, analysis);
      return { offset: chunk.offset, line: chunk.line, analysis, placement };
    });
    this.byText = next;
  }

  /**
   * An edit of a large file: the documents before and after the changed text are kept (those after
   * it moved by the edit's length and lines), and only the documents it touches are split and
   * analysed again. False when the text is not one this can do (then everything is split).
   */
  private updateAroundEdit(before: string, text: string): boolean {
    const docs = this.documents;
    if (docs.length < SPLIT_AROUND_EDIT_MIN_DOCUMENTS || this.options.checks === false || text.includes('\r') || before.includes('\r')) return false;
    const shortest = Math.min(before.length, text.length);
    // Whole blocks are compared natively first, then characters.
    let prefix = 0;
    while (prefix + COMPARE_BLOCK <= shortest && before.slice(prefix, prefix + COMPARE_BLOCK) === text.slice(prefix, prefix + COMPARE_BLOCK)) prefix += COMPARE_BLOCK;
    while (prefix < shortest && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    if (prefix === before.length && prefix === text.length) return true;
    let suffix = 0;
    const room = shortest - prefix;
    while (suffix + COMPARE_BLOCK <= room && before.slice(before.length - suffix - COMPARE_BLOCK, before.length - suffix) === text.slice(text.length - suffix - COMPARE_BLOCK, text.length - suffix)) suffix += COMPARE_BLOCK;
    while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    // Documents that start (with their marker and the line break before it) inside the unchanged
    // text on either side are cut where they were.
    let first = 0;
    while (first + 1 < docs.length && docs[first + 1]!.offset <= prefix - MARKER_MARGIN) first++;
    // A document opened by `%` directives is cut where its `---` is, further on: split it again too.
    while (first > 0 && before.charCodeAt(docs[first]!.offset) === 0x25) first--;
    let last = docs.length; // the first document kept after the edit
    while (last - 1 > first && docs[last - 1]!.offset - 1 >= before.length - suffix + MARKER_MARGIN) last--;
    const delta = text.length - before.length;
    const start = docs[first]!.offset;
    const endBefore = last < docs.length ? docs[last]!.offset : before.length;
    const endAfter = endBefore + delta;
    // `%` directives right above the first kept document would move its cut.
    if (last < docs.length && text[text.lastIndexOf('\n', endAfter - 2) + 1] === '%') return false;
    const middle = text.slice(start, endAfter);
    const lineDelta = countLines(middle) - countLines(before.slice(start, endBefore));
    const firstLine = docs[first]!.line;
    for (let i = first; i < last; i++) this.byText.delete(before.slice(docs[i]!.offset, i + 1 < docs.length ? docs[i + 1]!.offset : before.length));
    // Every document new (the whole file rewritten): they keep slices of the text, as in `update`.
    const slice = first === 0 && last === docs.length;
    const fresh = splitDocuments(middle).map((chunk) => this.documentOf(chunk.text, start + chunk.offset, firstLine + chunk.line, slice));
    // The documents after the edit move in place: each keeps what is cached about it.
    for (let i = last; i < docs.length; i++) {
      docs[i]!.offset += delta;
      docs[i]!.line += lineDelta;
    }
    this.documents = [...docs.slice(0, first), ...fresh, ...docs.slice(last)];
    return true;
  }

  /** A document at its place, its analysis reused when its text was seen. */
  private documentOf(text: string, offset: number, line: number, slice: boolean): FileDocument {
    let analysis = this.byText.get(text) ?? this.prepared?.byText.get(text);
    if (analysis) this.byText.set(text, analysis);
    else {
      analysis = analyzeDocument(text, slice ? { ...this.options, slice } : this.options);
      this.byText.set(text, analysis);
    }
    return { offset, line, analysis, placement: placementProblems(offset, text, analysis) };
  }

  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const doc of this.documents) {
      if (!doc.analysis.diagnostics.length && !doc.placement.length) continue;
      if (doc.shifted?.line !== doc.line) doc.shifted = { line: doc.line, diagnostics: [...doc.analysis.diagnostics, ...doc.placement].map((d) => shiftDiagnostic(d, doc.line)) };
      for (const diagnostic of doc.shifted.diagnostics) out.push(diagnostic);
    }
    return out;
  }

  /** The document that holds a position, with the position relative to it. */
  documentAt(position: Position): { document: FileDocument; position: Position; end?: number } | undefined {
    let low = 0;
    let high = this.documents.length - 1;
    if (high < 0) return undefined;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.documents[mid]!.line <= position.line) low = mid;
      else high = mid - 1;
    }
    // A marker line `---` belongs to the document it opens; a position before every document has none.
    const document = this.documents[low]!;
    if (document.line > position.line) return undefined;
    const end = this.documents[low + 1]?.offset;
    return { document, position: { line: position.line - document.line, character: position.character }, end };
  }
}

const NO_PROBLEMS: Diagnostic[] = [];

/** A document after a `...` marker that no `---` opens: kubectl never reads it. */
function placementProblems(offset: number, text: string, analysis: DocumentAnalysis): Diagnostic[] {
  if (offset === 0 || !analysis.text || OPENS_DOCUMENT.test(text)) return NO_PROBLEMS;
  const report = new DocumentReport(text);
  reportAfterEndMarker(text, report);
  return report.diagnostics;
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export function shiftDiagnostic(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return diagnostic;
  const shifted: Diagnostic = { ...diagnostic, range: shiftRange(diagnostic.range, lines) };
  if (diagnostic.fixes) {
    shifted.fixes = diagnostic.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ range: shiftRange(e.range, lines), newText: e.newText })) }));
  }
  if (diagnostic.related) shifted.related = diagnostic.related.map((r) => (r.uri ? r : { ...r, range: shiftRange(r.range, lines) }));
  return shifted;
}
