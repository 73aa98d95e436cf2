// The text forms of addresses: one canonical formatter (`formatAddress`, on the engine's word
// formatters `formatIPv4` and `formatIPv6`), the prefix form `a/len` (`formatPrefix`), and the full
// IPv6 form for hovers.
//
// Pure, with no runtime imports: the LPM engine (routing/lpm.ts, bundled alone to dist/lpm.js) uses
// `formatIPv4` and `formatIPv6`.

import type { Family, IpAddress } from './address.js';

/** Formats an unsigned 32-bit integer as a dotted quad. */
export function formatIPv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/**
 * Formats four 32-bit words (most significant first) as RFC 5952 canonical IPv6 text: lowercase,
 * no leading zeros, the longest run of two or more zero groups (the first one on a tie) shortened
 * to `::`, and IPv4-mapped addresses as `::ffff:a.b.c.d`.
 */
export function formatIPv6(words: ArrayLike<number>): string {
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) {
    return `::ffff:${formatIPv4(words[3])}`;
  }
  // Written without intermediate arrays: simulate formats one per IPv6 destination.
  const group = (i: number): number => (i & 1 ? words[i >> 1]! & 0xffff : words[i >> 1]! >>> 16);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && group(j) === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j + 1;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestAt) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestAt + bestLen) out += ':';
    out += group(i).toString(16);
  }
  return out;
}

/**
 * The canonical text of an address: IPv4 dotted decimal; IPv6 compressed per RFC 5952 (lowercase,
 * the longest run of two or more zero groups as "::", the first on a tie), with IPv4-mapped
 * addresses in mixed notation as RFC 5952 §5 recommends (`::ffff:192.0.2.1`). It is the `text` of
 * every {@link IpAddress}.
 */
export function formatAddress(value: bigint, family: Family): string {
  if (value < 0n || value >> (family === 4 ? 32n : 128n) !== 0n) throw new RangeError(`${value} is not an IPv${family} address value`);
  if (family === 4) return formatIPv4(Number(value));
  return formatIPv6(wordsOf(value));
}

/** A prefix as `network/prefixLen`, the network in canonical text, e.g. `10.0.0.0/8`, `2001:db8::/32`. */
export function formatPrefix(network: IpAddress, prefixLen: number): string {
  return `${network.text}/${prefixLen}`;
}

/** A 128-bit value as four unsigned 32-bit words, most significant first (the engine's IPv6 form). */
export function wordsOf(value: bigint): Uint32Array {
  const words = new Uint32Array(4);
  words[0] = Number((value >> 96n) & 0xffffffffn);
  words[1] = Number((value >> 64n) & 0xffffffffn);
  words[2] = Number((value >> 32n) & 0xffffffffn);
  words[3] = Number(value & 0xffffffffn);
  return words;
}

/** The full IPv6 form: 8 groups of 4 lowercase hex digits. */
export function fullIPv6(value: bigint): string {
  if (value < 0n || value >> 128n !== 0n) throw new RangeError(`${value} is not an IPv6 address value`);
  return value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}
