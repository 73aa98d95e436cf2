// Plain data shapes of the pure core. They mirror LSP's (0-based lines, UTF-16 characters) so the
// wiring can pass them through, but nothing here imports the protocol.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A fix that is certain: applying its edits repairs the diagnostic it belongs to. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

/** Another place that a diagnostic concerns, possibly in another file. */
export interface RelatedLocation {
  uri?: string;
  range: Range;
  message: string;
}


/** A range moved `lines` further down: from a document's own lines to its file's. */
export function shiftRange(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
