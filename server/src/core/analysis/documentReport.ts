import type { Diagnostic, QuickFix, Severity } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';

export interface Span {
  start: number;
  end: number;
}

export interface OffsetEdit extends Span {
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
}

/** Collects the diagnostics of one YAML document; spans are offsets in that document's text. */
export class DocumentReport {
  readonly diagnostics: Diagnostic[] = [];

  private index: LineIndex | undefined;

  /** The line index is built only for documents that have something to report. */
  constructor(private readonly text: string) {}

  private get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  add(severity: Severity, code: string, span: Span, message: string, fixes?: OffsetFix[]): void {
    const diagnostic: Diagnostic = { range: this.lines.range(span.start, span.end), severity, code, message };
    if (fixes?.length) diagnostic.fixes = fixes.map((fix) => this.toFix(fix));
    this.diagnostics.push(diagnostic);
  }

  error(code: string, span: Span, message: string, fixes?: OffsetFix[]): void {
    this.add('error', code, span, message, fixes);
  }

  warning(code: string, span: Span, message: string, fixes?: OffsetFix[]): void {
    this.add('warning', code, span, message, fixes);
  }

  private toFix(fix: OffsetFix): QuickFix {
    return { title: fix.title, edits: fix.edits.map((e) => ({ range: this.lines.range(e.start, e.end), newText: e.newText })) };
  }
}
