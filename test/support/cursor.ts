import type { Position } from '../../server/src/core/types.js';

/** Text with the cursor written inline as `|`: returns the text without it and the cursor's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('mark exactly one cursor with |');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line, character } };
}
