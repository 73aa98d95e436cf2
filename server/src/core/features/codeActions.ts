// Quick fixes: the certain fixes that diagnostics carry, offered where the user asks.
import type { FileModel } from '../workspace/fileModel.js';
import { shiftDiagnostic } from '../workspace/fileModel.js';
import type { Diagnostic } from '../diagnostics/rules.js';
import type { QuickFix, Range } from '../types.js';

export interface QuickFixAction {
  fix: QuickFix;
  diagnostic: Diagnostic;
}

export function quickFixes(file: FileModel, range: Range): QuickFixAction[] {
  const found = file.documentAt(range.start);
  if (!found) return [];
  const actions: QuickFixAction[] = [];
  for (const local of found.document.analysis.diagnostics) {
    if (!local.fixes) continue;
    const diagnostic = shiftDiagnostic(local, found.document.line);
    if (!overlaps(diagnostic.range, range)) continue;
    for (const fix of diagnostic.fixes!) actions.push({ fix: withLineBreak(fix, file.lineBreak), diagnostic });
  }
  return actions;
}

/** Fixes are made with `\n`; a file of lone CRs gets its own line break. */
function withLineBreak(fix: QuickFix, lineBreak: string): QuickFix {
  if (lineBreak === '\n') return fix;
  return { title: fix.title, edits: fix.edits.map((e) => ({ range: e.range, newText: e.newText.replaceAll('\n', lineBreak) })) };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
