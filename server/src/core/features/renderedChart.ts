// The diagnostics of a rendered Helm chart (`helm template`'s output, checked as one file), moved to
// the template lines they come from where that is certain (yaml/helmRender.ts). What cannot be
// mapped stays with its document: on the document's first mapped line (else the template's first),
// with a message that quotes the rendered line and says it is not mapped.
import type { Diagnostic } from '../diagnostics/rules.js';
import type { Range } from '../types.js';
import type { RenderMap } from '../yaml/helmRender.js';

export interface ChartDiagnostic {
  /** The template's path in the chart folder, e.g. `templates/routes.yaml`; `Chart.yaml` for a line in no section. */
  file: string;
  /** Whether the range is the template's own; otherwise the message says where it was rendered. */
  mapped: boolean;
  /** Without quick fixes (their edits are for the rendered text) and related places in the rendered text. */
  diagnostic: Diagnostic;
}

/** The file of output lines that belong to no section: the chart itself. */
export const CHART_FILE = 'Chart.yaml';

const QUOTED_MAX = 80;

/** `renderedUri`: the URI under which the output was checked (related places there are mapped too). */
export function chartDiagnostics(diagnostics: readonly Diagnostic[], map: RenderMap, renderedUri: string): ChartDiagnostic[] {
  const out: ChartDiagnostic[] = [];
  for (const d of diagnostics) {
    const mapped = mapRange(d.range, map);
    const section = map.sectionAt(d.range.start.line);
    const { fixes: _fixes, related, ...rest } = d;
    const diagnostic: Diagnostic = { ...rest };
    const relatedHere = (related ?? []).flatMap((r) => {
      if (r.uri !== undefined && r.uri !== renderedUri) return [r];
      const range = mapRange(r.range, map);
      // A related place in another template is named in its message, not linked.
      return range && range.file === (mapped?.file ?? section?.source) ? [{ range: range.range, message: r.message }] : [];
    });
    if (relatedHere.length) diagnostic.related = relatedHere;
    if (mapped) {
      out.push({ file: mapped.file, mapped: true, diagnostic: { ...diagnostic, range: mapped.range } });
      continue;
    }
    const line = map.documentLine(d.range.start.line) ?? 0;
    const at = { line, character: 0 };
    const text = (map.lineText(d.range.start.line) ?? '').trim();
    const quoted = text.length > QUOTED_MAX ? `${text.slice(0, QUOTED_MAX - 1)}…` : text;
    out.push({
      file: section?.source ?? CHART_FILE,
      mapped: false,
      diagnostic: { ...diagnostic, range: { start: at, end: at }, message: `${quoted ? `in rendered line "${quoted}"` : 'in the rendered document'} (not mapped to a template line): ${d.message}` },
    });
  }
  return out;
}

/** The template range of a rendered one, when its start is mapped (its end, if not, is the start line's end). */
function mapRange(range: Range, map: RenderMap): { file: string; range: Range } | undefined {
  const start = map.position(range.start.line, range.start.character, 'start');
  if (!start) return undefined;
  let end = map.position(range.end.line, range.end.character, 'end');
  if (!end || end.source !== start.source || end.line < start.line || (end.line === start.line && end.character < start.character)) {
    end = { source: start.source, line: start.line, character: map.lineEnd(range.start.line) ?? start.character };
  }
  return { file: start.source, range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } };
}
