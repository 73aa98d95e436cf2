import type { ScalarValue } from './tree.js';

// The YAML 1.2 core schema, as the `yaml` package resolves plain scalars by default.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export function resolvePlainScalar(text: string): ScalarValue {
  // By the first character: most scalars (keys, names) are strings after one comparison.
  const first = text.charCodeAt(0);
  switch (first) {
    case 0x7e: // ~
    case 0x6e: // n
    case 0x4e: // N
      return NULL.test(text) ? null : text;
    case 0x74: // t
    case 0x54: // T
      return TRUE.test(text) ? true : text;
    case 0x66: // f
    case 0x46: // F
      return FALSE.test(text) ? false : text;
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
      break;
    default:
      if (Number.isNaN(first)) return null; // the empty scalar
      if (first < 0x30 || first > 0x39) return text;
  }
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (INF_NAN.test(text)) return text.endsWith('nan') || text.endsWith('NaN') || text.endsWith('NAN') ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  if (EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
