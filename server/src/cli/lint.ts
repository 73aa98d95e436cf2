import type { Diagnostic } from '../core/diagnostics/rules.js';
import type { Workspace } from '../core/workspace/workspace.js';
import type { Severity } from '../core/types.js';
import { escapeControls } from '../core/safeText.js';

export interface LintRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** Every diagnostic of every file (but those `skip` names), 1-based, in file and position order. */
export function lintRecords(workspace: Workspace, fileOf: (uri: string) => string, skip?: (uri: string) => boolean): LintRecord[] {
  const records: LintRecord[] = [];
  for (const uri of workspace.uris()) {
    if (skip?.(uri)) continue;
    const file = fileOf(uri);
    for (const d of workspace.diagnostics(uri)) records.push(lintRecord(file, d));
  }
  return sortRecords(records);
}

/** One diagnostic of a file as a record: 1-based lines and columns. */
export function lintRecord(file: string, d: Diagnostic): LintRecord {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** In file and position order. */
export function sortRecords(records: LintRecord[]): LintRecord[] {
  return records.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** One line per record; file names and messages (which quote YAML values) are escaped, see core/safeText.ts. */
export function formatLintText(records: readonly LintRecord[]): string {
  const lines = records.map((r) => `${escapeControls(r.file)}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${escapeControls(r.message)}`);
  const count = (noun: string, ...severities: Severity[]) => {
    const n = records.filter((r) => severities.includes(r.severity)).length;
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
  };
  lines.push(`${count('error', 'error')}, ${count('warning', 'warning')}, ${count('hint', 'information', 'hint')}`);
  return `${lines.join('\n')}\n`;
}
