// Template actions and placeholders in YAML: Go text/template and Helm (`{{ .Values.x }}`,
// `{{- if … }}`), and shell/envsubst (`${SELF_IP}`, `${tmm[1:ext_ip]}`). Masking replaces each one
// by as many characters as it has, so every offset and line stays where it is and the document still
// parses: a placeholder inside a line becomes a plain scalar of TEMPLATE_MARK characters (an unknown
// value); an action that is alone on its line becomes blanks.

/** Stands for an unknown, templated value: a private-use character, valid in YAML plain scalars. */
export const TEMPLATE_MARK = '\uE000';

export interface TemplateMask {
  /** The text with every action and placeholder masked; the same length and line breaks. */
  text: string;
  /** Spans (offsets) of the masked actions and placeholders. */
  unknown: { start: number; end: number }[];
  /** An action alone on its line that writes content (`toYaml`, `include`, a value): a block is unknown. */
  writesBlocks: boolean;
}

const ACTION = /\{\{[\s\S]*?\}\}|\$\{[^}\n]*\}/g;
/** Whole-line actions that only steer the template (they write nothing). */
const CONTROL = /^\{\{-?\s*(?:if|else|end|range|with|define|block|break|continue|\/\*)\b/;

export function hasTemplates(text: string): boolean {
  return text.includes('{{') || text.includes('${');
}

/** The masked text, or undefined when the text has no template action or placeholder. */
export function maskTemplates(text: string): TemplateMask | undefined {
  if (!hasTemplates(text)) return undefined;
  const unknown: TemplateMask['unknown'] = [];
  let writesBlocks = false;
  let out = '';
  let last = 0;
  ACTION.lastIndex = 0;
  for (let m = ACTION.exec(text); m; m = ACTION.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEndAt = text.indexOf('\n', end);
    const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
    const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?$/.test(text.slice(end, lineEnd)) && m[0].startsWith('{{');
    if (alone && !CONTROL.test(m[0])) writesBlocks = true;
    out += text.slice(last, start) + m[0].replace(/[^\r\n]/g, alone ? ' ' : TEMPLATE_MARK);
    last = end;
    unknown.push({ start, end });
  }
  return { text: out + text.slice(last), unknown, writesBlocks };
}

/** A value that holds a masked placeholder. */
export function isTemplated(text: string): boolean {
  return text.includes(TEMPLATE_MARK);
}
