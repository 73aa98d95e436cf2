// Helm charts, as text: which files are a chart's templates, the sections of `helm template`'s
// output, and the template line each rendered line comes from, where that is certain.
//
// `helm template` prints every rendered document as `---`, `# Source: <chart>/<path>`, then the
// document (the path is relative to the chart's folder, e.g. `templates/routes.yaml` or, for a
// subchart, `charts/<sub>/templates/x.yaml`). A rendered line is mapped back to a line of its
// template only when it can have come from that line and no other:
//   - the template line is a candidate: plain text (no action), or text with actions that write a
//     value (`name: {{ .Values.name }}`), not inside a `define`/`block` (rendered where it is
//     included, maybe in another file), not a line whose actions steer (`if`, `range`, …: a branch's
//     text may be left out), not part of a multi-line action, and not joined to a neighbour by a
//     trim marker (`-}}` at a line's end eats the next line's indentation);
//   - the rendered line equals the candidate character for character (its indentation too), each
//     action standing for any text, and equals no other candidate of the file;
//   - the rendered line occurs once in all the sections of that template (a line repeated by a
//     `range`, or written again by `toYaml` or `include`, could be any of them), and
//   - it keeps the template's order: its template line is at or after those of every mapped line
//     before it in the document and at or before those of every mapped line after it (at: a line
//     that a `range` repeats, each time with another value).
// A line written by a whole-line action (`{{- toYaml .x | nindent 4 }}`, `{{ include … }}`) matches
// no candidate, so it is not mapped. Helm writes a text line verbatim and keeps the text around an
// action, so a line that matches one candidate, once, in order, is that candidate's output; the one
// case left is an action writing a copy of a candidate whose own branch was not rendered, at the same
// place in the order, indentation included.

/** The name of a chart's templates folder, beside its `Chart.yaml`. */
export const TEMPLATES_FOLDER = 'templates';

/**
 * The chart folder of a file that is one of its templates (a path with a `templates` folder that
 * has a `Chart.yaml` beside it), or undefined. `path` uses `/` (a URI path or a POSIX path);
 * `hasChartYaml(folder)` tells whether `folder/Chart.yaml` exists. The innermost chart wins (a
 * subchart's templates are the subchart's).
 */
export function chartOfTemplate(path: string, hasChartYaml: (folder: string) => boolean): string | undefined {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== TEMPLATES_FOLDER) continue;
    const folder = parts.slice(0, i).join('/');
    if (hasChartYaml(folder === '' ? '/' : folder)) return folder === '' ? '/' : folder;
  }
  return undefined;
}

export interface RenderedSection {
  /** The template's path in its chart folder, from `# Source:` without the chart name: `templates/x.yaml`. */
  source: string;
  /** 0-based line of the `# Source:` line in the output; the document's lines follow it. */
  headerLine: number;
  /** The document's lines (without line ends), as helm printed them. */
  lines: string[];
}

const SOURCE = /^# Source: (.+?)\r?$/;

/** The sections of `helm template` output, in output order. Text before the first section is in none. */
export function splitRendered(output: string): RenderedSection[] {
  const lines = output.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const sections: RenderedSection[] = [];
  let current: RenderedSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const source = line === '---' ? SOURCE.exec(lines[i + 1] ?? '') : null;
    if (source) {
      current = { source: chartPath(source[1]!), headerLine: i + 1, lines: [] };
      sections.push(current);
      i++;
    } else if (current) current.lines.push(line);
  }
  return sections;
}

/** `mychart/templates/x.yaml` → `templates/x.yaml`: the path below the chart's folder. */
function chartPath(source: string): string {
  const slash = source.indexOf('/');
  return slash < 0 ? source : source.slice(slash + 1);
}

/** Where a rendered position is in its template, when certain. Lines and characters are 0-based. */
export interface TemplatePosition {
  source: string;
  line: number;
  character: number;
}

interface Candidate {
  /** 0-based line in the template. */
  line: number;
  /** What the line renders to: its literal pieces, in order, each action between two standing for any text. */
  pieces: string[];
  /** Columns of the line's first action and the end of its last (none: a plain line). */
  actions?: { start: number; end: number };
  /** Length of the line's text before its first action and after its last, as rendered (trim markers applied). */
  head: number;
  tail: number;
  text: string;
}

/** Where one rendered line comes from. */
interface LineOrigin {
  section: RenderedSection;
  /** Index of the line in its section. */
  index: number;
  candidate?: Candidate;
}

/**
 * The map from `helm template` output lines to template lines. `templates` gives each template's
 * text by its path in the chart folder (`templates/x.yaml`); a section whose template is not given
 * (a packed subchart) maps nothing.
 */
export class RenderMap {
  readonly sections: RenderedSection[];
  private readonly origins: (LineOrigin | undefined)[] = [];

  constructor(output: string, templates: ReadonlyMap<string, string>) {
    this.sections = splitRendered(output);
    const bySource = new Map<string, RenderedSection[]>();
    for (const section of this.sections) {
      const list = bySource.get(section.source);
      if (list) list.push(section);
      else bySource.set(section.source, [section]);
    }
    for (const [source, sections] of bySource) {
      const template = templates.get(source);
      const candidates = template === undefined ? [] : templateCandidates(template);
      // Plain lines by their text (most lines), and lines with actions, tried one by one.
      const plain = new Map<string, Candidate | null>();
      const withActions: Candidate[] = [];
      for (const candidate of candidates) {
        if (candidate.actions) withActions.push(candidate);
        else plain.set(candidate.text, plain.has(candidate.text) ? null : candidate);
      }
      // How often each text occurs among the rendered lines of this template.
      const seen = new Map<string, number>();
      for (const section of sections) for (const line of section.lines) seen.set(line, (seen.get(line) ?? 0) + 1);
      for (const section of sections) {
        const matched = section.lines.map((line) => {
          if (seen.get(line) !== 1 || line.trim() === '') return undefined;
          let found = plain.get(line);
          if (found === null) return undefined; // two plain lines could have written it
          for (const candidate of withActions) {
            if (!writes(candidate.pieces, line)) continue;
            if (found) return undefined; // two candidates could have written it
            found = candidate;
          }
          return found;
        });
        keepInOrder(matched);
        // The `---` and `# Source:` lines belong to their section, but to no line of it.
        this.origins[section.headerLine - 1] = { section, index: -1 };
        this.origins[section.headerLine] = { section, index: -1 };
        section.lines.forEach((_, index) => {
          this.origins[section.headerLine + 1 + index] = { section, index, candidate: matched[index] };
        });
      }
    }
  }

  /** The section an output line belongs to (its `---` and `# Source:` lines too). */
  sectionAt(outputLine: number): RenderedSection | undefined {
    return this.origins[outputLine]?.section;
  }

  /** The rendered text of an output line of a document (undefined for `---` and `# Source:` lines). */
  lineText(outputLine: number): string | undefined {
    const origin = this.origins[outputLine];
    return origin?.section.lines[origin.index];
  }

  /** The template line (0-based) an output line comes from, when certain. */
  templateLine(outputLine: number): number | undefined {
    return this.origins[outputLine]?.candidate?.line;
  }

  /** The length of the template line an output line comes from, when certain. */
  lineEnd(outputLine: number): number | undefined {
    return this.origins[outputLine]?.candidate?.text.length;
  }

  /**
   * The template position of a rendered one, when its line is mapped. A character inside what an
   * action wrote goes to the action's start (`side: 'start'`) or end (`side: 'end'`).
   */
  position(outputLine: number, character: number, side: 'start' | 'end' = 'start'): TemplatePosition | undefined {
    const origin = this.origins[outputLine];
    const candidate = origin?.candidate;
    if (!origin || !candidate) return undefined;
    const rendered = origin.section.lines[origin.index]!;
    return { source: origin.section.source, line: candidate.line, character: templateColumn(candidate, rendered, character, side) };
  }

  /**
   * The first mapped template line of the document that holds an output line (its section), for
   * what cannot be mapped itself: the document is found by it.
   */
  documentLine(outputLine: number): number | undefined {
    const origin = this.origins[outputLine];
    if (!origin) return undefined;
    for (let i = 0; i < origin.section.lines.length; i++) {
      const line = this.origins[origin.section.headerLine + 1 + i]?.candidate?.line;
      if (line !== undefined) return line;
    }
    return undefined;
  }
}

/**
 * Drops every match out of template order: one is kept when its line is at or after those of all
 * earlier matches and at or before those of all later ones (a `range` repeats a line).
 */
function keepInOrder(matched: (Candidate | undefined)[]): void {
  const before: number[] = [];
  let max = -1;
  for (const m of matched) {
    before.push(max);
    if (m) max = Math.max(max, m.line);
  }
  let min = Infinity;
  for (let i = matched.length - 1; i >= 0; i--) {
    const m = matched[i];
    if (!m) continue;
    const ok = m.line >= before[i]! && m.line <= min;
    min = Math.min(min, m.line);
    if (!ok) matched[i] = undefined;
  }
}

const ACTION = /\{\{[\s\S]*?\}\}/g;
const OPENS = /^\{\{-?\s*(?:if|range|with|define|block)\b/;
const ENDS = /^\{\{-?\s*end\b/;
/** Actions that steer or write nothing: a line with one may leave out its text (a branch) or is a comment. */
const STEERS = /^\{\{-?\s*(?:if|else|end|range|with|define|block|break|continue|\/\*)/;
const DEFINES = /^\{\{-?\s*(?:define|block)\b/;
const TRIMS_BEFORE = /^\{\{-\s/;
const TRIMS_AFTER = /\s-\}\}$/;

/** The lines of a template that can be mapped to, each with the pattern of what it renders to. */
export function templateCandidates(template: string): Candidate[] {
  const lines = template.split('\n').map((l) => l.replace(/\r$/, ''));
  const text = lines.join('\n');
  const starts: number[] = [];
  for (let i = 0, at = 0; i < lines.length; i++) {
    starts.push(at);
    at += lines[i]!.length + 1;
  }
  const lineOf = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const excluded = new Set<number>();
  const exclude = (from: number, to: number) => {
    for (let l = from; l <= to; l++) excluded.add(l);
  };
  const actionsOf = new Map<number, { start: number; end: number; text: string }[]>();
  // Open control blocks, each true when it is a define/block (its lines render where it is included).
  const stack: boolean[] = [];
  let defineFrom = -1;
  let lastEnd = 0;
  ACTION.lastIndex = 0;
  for (let m = ACTION.exec(text); m; m = ACTION.exec(text)) {
    const action = m[0];
    const first = lineOf(m.index);
    const last = lineOf(m.index + action.length - 1);
    lastEnd = m.index + action.length;
    if (last !== first) exclude(first, last);
    if (STEERS.test(action)) excluded.add(first);
    // `{{-` with only blanks before it joins its line to the previous one; ` -}}` ending a line
    // joins the next line to it.
    if (TRIMS_BEFORE.test(action) && lines[first]!.slice(0, m.index - starts[first]!).trim() === '') excluded.add(first);
    if (TRIMS_AFTER.test(action) && lines[last]!.slice(lastEnd - starts[last]!).trim() === '') excluded.add(last + 1);
    if (OPENS.test(action)) {
      const defines = DEFINES.test(action);
      if (defines && !stack.includes(true)) defineFrom = first;
      stack.push(defines);
    } else if (ENDS.test(action) && stack.pop() && !stack.includes(true)) {
      exclude(defineFrom, last);
      defineFrom = -1;
    }
    if (first === last) {
      const list = actionsOf.get(first) ?? [];
      list.push({ start: m.index - starts[first]!, end: lastEnd - starts[first]!, text: action });
      actionsOf.set(first, list);
    }
  }
  // An unclosed define runs to the end; so does an action that never closes (`{{` with no `}}`).
  if (defineFrom >= 0) exclude(defineFrom, lines.length - 1);
  const unclosed = text.indexOf('{{', lastEnd);
  if (unclosed >= 0) exclude(lineOf(unclosed), lines.length - 1);

  const out: Candidate[] = [];
  lines.forEach((line, index) => {
    if (excluded.has(index)) return;
    const actions = actionsOf.get(index) ?? [];
    // The literal pieces between the actions, as helm writes them (trim markers eat blanks).
    const pieces: string[] = [];
    let at = 0;
    for (let i = 0; i <= actions.length; i++) {
      let piece = line.slice(at, actions[i]?.start ?? line.length);
      if (i > 0 && TRIMS_AFTER.test(actions[i - 1]!.text)) piece = piece.replace(/^\s+/, '');
      if (i < actions.length && TRIMS_BEFORE.test(actions[i]!.text)) piece = piece.replace(/\s+$/, '');
      pieces.push(piece);
      at = actions[i]?.end ?? line.length;
    }
    // A line of actions alone could render to anything: it is no candidate.
    if (pieces.join('').trim() === '') return;
    out.push({
      line: index,
      pieces,
      ...(actions.length ? { actions: { start: actions[0]!.start, end: actions.at(-1)!.end } } : {}),
      head: pieces[0]!.length,
      tail: pieces.at(-1)!.length,
      text: line,
    });
  });
  return out;
}

/**
 * Whether a line can be what a template line with these literal pieces rendered to: the first piece
 * starts it, the last ends it, the others follow in order (each action wrote any text between).
 * Placing each middle piece at its first place from the left is enough (a glob of `*` only), so this
 * takes linear time, whatever the line.
 */
function writes(pieces: readonly string[], line: string): boolean {
  const head = pieces[0]!;
  const tail = pieces.at(-1)!;
  if (line.length < head.length + tail.length || !line.startsWith(head) || !line.endsWith(tail)) return false;
  let at = head.length;
  const end = line.length - tail.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = line.indexOf(pieces[i]!, at);
    if (found < 0 || found + pieces[i]!.length > end) return false;
    at = found + pieces[i]!.length;
  }
  return true;
}

/**
 * A rendered column on its template line: exact in the literal text before the first action and
 * after the last (the template's own text), the actions' span in between.
 */
function templateColumn(candidate: Candidate, rendered: string, character: number, side: 'start' | 'end'): number {
  const { actions, text, head, tail } = candidate;
  if (!actions) return Math.min(character, text.length);
  const tailStart = rendered.length - tail;
  if (character < head || (character === head && side === 'end')) return character;
  if (character > tailStart || (character === tailStart && side === 'start' && tail > 0)) return text.length - (rendered.length - character);
  return side === 'start' ? actions.start : actions.end;
}
