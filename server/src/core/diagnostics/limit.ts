// What one file sends to the editor: at most MAX_PUBLISHED_DIAGNOSTICS of its diagnostics, the most
// severe first, and a summary of the rest. A large generated file can hold millions of findings; all of
// them in one publishDiagnostics message is hundreds of megabytes that the editor would not show anyway
// (VS Code shows 1,000 per file). The CLI's lint is not limited.
import { makeDiagnostic, type Diagnostic } from './rules.js';
import type { Severity } from '../types.js';
import { thousands } from '../text.js';

/** 999 findings and the summary make 1,000, VS Code's own limit per file, so the summary is shown. */
export const MAX_PUBLISHED_DIAGNOSTICS = 999;

const ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * The diagnostics to publish: all of them when there are at most `max`; else the summary, at the top
 * of the file, then the first `max` by severity (errors, warnings, information, hints), each group in
 * its original order. Linear in the number of diagnostics.
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[], max = MAX_PUBLISHED_DIAGNOSTICS): readonly Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const kept: Diagnostic[] = [];
  for (const severity of ORDER) {
    for (const diagnostic of diagnostics) {
      if (kept.length === max) break;
      if (diagnostic.severity === severity) kept.push(diagnostic);
    }
  }
  const hidden = diagnostics.length - kept.length;
  const summary = makeDiagnostic(
    'too-many-diagnostics',
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    `${thousands(hidden)} more diagnostics are not shown: this file has ${thousands(diagnostics.length)}, and only ${thousands(kept.length)} are sent to the editor (errors first, then warnings, information, hints); \`spk-route lint\` lists them all`,
  );
  return [summary, ...kept];
}
