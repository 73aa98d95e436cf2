// Text output goes to terminals, CI logs and the editor's dialogs. YAML values and file names are
// written into it, and they can hold anything: a line break would forge a line of output (a fake `file:1:1: error …`), ESC and
// the other controls would drive the terminal (colours, cursor moves, titles, hyperlinks). In text
// output every such character is written as an escape instead. JSON and SARIF need none of this:
// JSON escapes control characters itself, and there the exact value matters.

/**
 * C0 controls (tab, LF and CR included), DEL, C1 controls, U+2028 / U+2029 (line breaks to some
 * readers), and the bidirectional controls that reorder what a line appears to say.
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with each unsafe character as `\n`, `\r`, `\t`, `\xNN` or `\u{NNNN}`; other text as it is. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
