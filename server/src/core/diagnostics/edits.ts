import type { YScalar } from '../yaml/tree.js';
import type { OffsetEdit } from './report.js';

/** Replaces a scalar's value, keeping its quotes if it had any. */
export function replaceScalar(scalar: YScalar, newText: string): OffsetEdit {
  return scalar.quoted
    ? { start: scalar.start + 1, end: scalar.end - 1, newText }
    : { start: scalar.start, end: scalar.end, newText };
}

/** Adds `key: value` as a sibling right after the pair whose value is `after`, in block or flow style. */
export function insertSiblingAfter(text: string, keyStart: number, after: YScalar, flow: boolean, entry: string): OffsetEdit {
  if (flow) return { start: after.end, end: after.end, newText: `, ${entry}` };
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = ' '.repeat(keyStart - lineStart);
  let lineEnd = text.indexOf('\n', after.end);
  if (lineEnd < 0) lineEnd = text.length;
  const crlf = text[lineEnd - 1] === '\r';
  if (crlf) lineEnd--;
  return { start: lineEnd, end: lineEnd, newText: `${crlf ? '\r\n' : '\n'}${indent}${entry}` };
}
