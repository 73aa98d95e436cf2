// Strict IP address parsers, the engine's: hand-written charCodeAt loops (no split or regular
// expressions), for speed. They accept exactly the valid literals and give no reasons; `parseIp`
// (address.ts) explains what they reject.
//
// Pure, with no imports at all: the LPM engine (routing/lpm.ts, bundled alone to dist/lpm.js)
// uses `parse4` and `parse6` on its hot paths.

/**
 * Parses a strict IPv4 dotted quad (`a.b.c.d`, each part a decimal number 0–255) to an unsigned
 * 32-bit integer, e.g. `'10.0.0.1'` → `0x0a000001`.
 *
 * Returns `undefined` for anything else: fewer or more than four parts, empty parts, signs,
 * whitespace, a prefix length (`/24`), and parts with leading zeros such as `010` (ambiguous: some
 * parsers read them as octal).
 */
export function parseIPv4(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const a = parse4(text, 0);
  return a >= 0 ? a : undefined;
}

/**
 * Parses an IPv6 address in any RFC 4291 §2.2 text form to four unsigned 32-bit words, most
 * significant first (the representation taken by `PrefixTable.lookupV6`).
 *
 * Accepts 1–4 hex digits per group (either case), one `::` standing for one or more zero groups,
 * and an embedded IPv4 dotted quad as the last 32 bits (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`; the
 * dotted quad is as strict as {@link parseIPv4}). Returns `undefined` for anything else, including
 * zone ids (`fe80::1%eth0`), brackets, prefix lengths and surrounding whitespace.
 */
export function parseIPv6(text: string): Uint32Array | undefined {
  if (typeof text !== 'string') return undefined;
  const words = new Uint32Array(4);
  return parse6(text, words) ? words : undefined;
}

// ---------------------------------------------------------------------------------------------
// The loops, also used by the engine's insert and lookup (no allocation)

/**
 * Parses a strict dotted quad that starts at `i` and runs to the end of `s`. Returns the address
 * as a non-negative integer, or -1 if the text is not a valid dotted quad.
 */
export function parse4(s: string, i: number): number {
  const n = s.length;
  let addr = 0;
  for (let part = 0; ; part++) {
    if (i >= n) return -1;
    let octet = s.charCodeAt(i++) - 48;
    if (octet < 0 || octet > 9) return -1;
    // More digits only after a non-zero first digit: no leading zeros.
    if (octet !== 0) {
      while (i < n) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        octet = octet * 10 + d;
        if (octet > 255) return -1;
        i++;
      }
    }
    addr = addr * 256 + octet;
    if (part === 3) return i === n ? addr : -1;
    if (i >= n || s.charCodeAt(i) !== 46 /* . */) return -1;
    i++;
  }
}

/** Value of each ASCII hex digit, -1 for other characters. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX_VALUE[48 + d] = d;
for (let d = 0; d < 6; d++) HEX_VALUE[97 + d] = HEX_VALUE[65 + d] = 10 + d;

/** The eight 16-bit groups being parsed by {@link parse6} (module scratch, never escapes). */
const groups6 = [0, 0, 0, 0, 0, 0, 0, 0];

/**
 * Parses an IPv6 text form (see {@link parseIPv6}) into `out` (four words). Returns false, with
 * `out` unchanged, if the text is invalid.
 */
export function parse6(s: string, out: Uint32Array): boolean {
  const n = s.length;
  const groups = groups6;
  let count = 0; // groups parsed
  let gap = -1; // groups before the '::', or -1
  let i = 0;
  if (n < 2) return false;
  if (s.charCodeAt(0) === 58 /* : */) {
    // A leading colon is only valid as part of a leading '::'.
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let group = 0;
    let c = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      const d = c < 128 ? HEX_VALUE[c] : -1;
      if (d < 0) break;
      group = (group << 4) | d;
    }
    if (i === start) return false; // empty group, e.g. ':::' or a trailing ':'
    if (i < n && c === 46 /* . */) {
      // Embedded IPv4: the last 32 bits, running to the end of the text.
      if (count > 6) return false;
      const v4 = parse4(s, start);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (i - start > 4 || count === 8) return false;
    groups[count++] = group;
    if (i === n) break;
    if (c !== 58 /* : */) return false;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false; // a second '::'
      gap = count;
      i++;
    } else if (i === n) {
      return false; // trailing single ':'
    }
  }
  if (gap >= 0) {
    // '::' stands for one or more zero groups: move the groups after it to the end.
    if (count > 7) return false;
    const after = count - gap;
    for (let k = 0; k < after; k++) groups[7 - k] = groups[count - 1 - k];
    for (let k = gap; k < 8 - after; k++) groups[k] = 0;
  } else if (count !== 8) {
    return false;
  }
  for (let k = 0; k < 4; k++) out[k] = groups[2 * k] * 0x10000 + groups[2 * k + 1];
  return true;
}
