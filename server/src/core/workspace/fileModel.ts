// One YAML file as a list of documents, each analysed once per distinct text: an edit re-analyses
// only the documents whose text changed.
import { analyzeDocument, type DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import { DocumentReport } from '../diagnostics/report.js';
import { reportAfterEndMarker } from '../diagnostics/ambiguityChecks.js';
import { type Diagnostic } from '../diagnostics/rules.js';
import { shiftRange, type Position } from '../types.js';
import { splitDocuments } from '../yaml/splitDocuments.js';
import type { SchemaRegistry } from '../resources/schemaSources.js';

export interface FileDocument {
  /** Offset and 0-based line of the document in the file. */
  offset: number;
  line: number;
  analysis: DocumentAnalysis;
  /** Problems that depend on where the document stands in its file (0-based lines of the document). */
  placement: Diagnostic[];
}

const OPENS_DOCUMENT = /^(?:---|%)/;

export class FileModel {
  private byText = new Map<string, DocumentAnalysis>();
  documents: FileDocument[] = [];
  /** `\r` in a file whose every line ends with a lone CR (the documents see `\n`, see splitDocuments). */
  lineBreak: '\n' | '\r' = '\n';

  /**
   * `checks: false`: documents are read for their resources only, with no diagnostics. `schemas`: the
   * schema sources of the workspace (CRDs before the bundled schemas).
   */
  constructor(text: string, private readonly options: { checks?: boolean; schemas?: SchemaRegistry } = {}) {
    this.update(text);
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
      return { ...doc, analysis: fresh };
    });
    return changed;
  }

  update(text: string): void {
    const previous = this.byText;
    const next = new Map<string, DocumentAnalysis>();
    this.lineBreak = text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
    this.documents = splitDocuments(text).map((chunk) => {
      let analysis = next.get(chunk.text) ?? previous.get(chunk.text);
      if (!analysis) analysis = analyzeDocument(chunk.text, this.options);
      // One-shot files (no checks) are never edited: nothing to reuse.
      if (this.options.checks !== false) next.set(chunk.text, analysis);
      const placement = this.options.checks === false ? NO_PROBLEMS : placementProblems(chunk.offset, chunk.text, analysis);
      return { offset: chunk.offset, line: chunk.line, analysis, placement };
    });
    this.byText = next;
  }

  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const doc of this.documents) {
      for (const diagnostic of doc.analysis.diagnostics) out.push(shiftDiagnostic(diagnostic, doc.line));
      for (const diagnostic of doc.placement) out.push(shiftDiagnostic(diagnostic, doc.line));
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

export function shiftDiagnostic(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return diagnostic;
  const shifted: Diagnostic = { ...diagnostic, range: shiftRange(diagnostic.range, lines) };
  if (diagnostic.fixes) {
    shifted.fixes = diagnostic.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ range: shiftRange(e.range, lines), newText: e.newText })) }));
  }
  if (diagnostic.related) shifted.related = diagnostic.related.map((r) => (r.uri ? r : { ...r, range: shiftRange(r.range, lines) }));
  return shifted;
}
