import { makeDiagnostic, type Diagnostic, type RuleCode } from './rules.js';
import type { QuickFix, Severity } from '../types.js';
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

  /**
   * The line index is built only for documents that have something to report. `skip` drops findings
   * that depend on what a template leaves unknown.
   */
  constructor(
    private readonly text: string,
    private readonly skip: (code: RuleCode, span: Span) => boolean = () => false,
  ) {}

  private get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  /** A finding of rule `code` at `span`, with the rule's severity unless `options.severity` says otherwise. */
  add(code: RuleCode, span: Span, message: string, options: { fixes?: OffsetFix[]; severity?: Severity } = {}): void {
    if (this.skip(code, span)) return;
    this.diagnostics.push(makeDiagnostic(code, this.lines.range(span.start, span.end), message, {
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.fixes?.length ? { fixes: options.fixes.map((fix) => this.toFix(fix)) } : {}),
    }));
  }

  private toFix(fix: OffsetFix): QuickFix {
    return { title: fix.title, edits: fix.edits.map((e) => ({ range: this.lines.range(e.start, e.end), newText: e.newText })) };
  }
}
