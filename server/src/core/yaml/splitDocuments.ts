// Splits a YAML stream into its documents without parsing it. A line that starts with `---` or `...`
// is a document marker wherever it stands (YAML forbids them at column 0 inside any node), so the split
// is exact, and each document can be parsed and cached on its own text.

export interface DocumentChunk {
  text: string;
  /** Offset and 0-based line of the chunk's first character in the whole file. */
  offset: number;
  line: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

export function splitDocuments(text: string): DocumentChunk[] {
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
