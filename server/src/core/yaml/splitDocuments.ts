// Splits a YAML stream into its documents without parsing it. A line that starts with `---` or `...`
// is a document marker wherever it stands (YAML forbids them at column 0 inside any node), so the split
// is exact, and each document can be parsed and cached on its own text.
//
// Line breaks: YAML and LSP both end a line at `\r\n`, `\n` and a lone `\r`. The chunks have each
// lone `\r` replaced by `\n` — one UTF-16 unit for one, so every offset stays what it is in the file —
// and everything downstream (the parsers, LineIndex, line counts) needs to know only `\n` and `\r\n`.

export interface DocumentChunk {
  text: string;
  /** Offset and 0-based line of the chunk's first character in the whole file. */
  offset: number;
  line: number;
}

/** At the start of a line (not after U+2028, which ends no line), followed by a blank or a line break. */
const MARKER = /(?<![^\n])(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;

/** The text with each lone `\r` made a `\n`: the same length, the same lines as LSP counts them. */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function splitDocuments(rawText: string): DocumentChunk[] {
  const text = normalizeLineBreaks(rawText);
  const cuts: number[] = [];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    if (match[0] === '---') cuts.push(directivesStart(text, match.index));
    else cuts.push(nextLineStart(text, match.index));
  }
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let line = 0;
  for (const cut of [...cuts, text.length]) {
    if (cut <= start) continue;
    const chunkText = text.slice(start, cut);
    chunks.push({ text: chunkText, offset: start, line });
    line += countLines(chunkText);
    start = cut;
  }
  return chunks;
}

/** `%YAML` / `%TAG` lines right before a `---` belong to the document that the marker opens. */
function directivesStart(text: string, markerStart: number): number {
  let start = markerStart;
  while (start > 0) {
    const previousLineStart = text.lastIndexOf('\n', start - 2) + 1;
    if (text[previousLineStart] !== '%') break;
    start = previousLineStart;
  }
  return start;
}

function nextLineStart(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
