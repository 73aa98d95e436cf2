// IP addresses: the `IpAddress` type, and parsing with reasons fit for a diagnostic.
//
// This folder is the one address module of the core, and imports nothing else of it:
//   parse.ts   the strict parsers (the LPM engine's, no reasons): parseIPv4, parseIPv6
//   format.ts  the canonical formatter formatAddress, formatPrefix (a/len), the word formatters
//   prefix.ts  prefix math on BigInt: maxPrefix, isPrefixLen, networkAddress, prefixContains
//   spaces.ts  the IANA special-purpose address spaces and ipcalc-like prefixFacts
//   index.ts   the public names of all of them
//
// Pure: no editor or protocol imports. `ip-address` is the authority on whether a literal is valid
// (beyond the strict parser); this module adds the explanations.

import { Address4, Address6 } from 'ip-address';
import { formatAddress, formatIPv6 } from './format.js';
import { parse4, parseIPv6 } from './parse.js';
import { maskOf, maxPrefix } from './prefix.js';

export type Family = 4 | 6;

/** A parsed IP address. `value` is the address as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  readonly family: Family;
  readonly value: bigint;
  /** The canonical text (see formatAddress), always. */
  readonly text: string;
  /**
   * The literal as written in the source, only when it differs from `text` (IPv6 in upper case,
   * with leading zeros or not compressed as RFC 5952 says); see {@link writtenText}.
   */
  readonly written?: string;
}

/** The address as the user wrote it (else its canonical text), for messages that quote the source. */
export function writtenText(address: IpAddress): string {
  return address.written ?? address.text;
}

export type ParseResult = { ok: true; address: IpAddress } | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses a bare IPv4 or IPv6 literal, as `spec.destination`, `spec.gateway` and self IPs must be.
 * On failure `reason` is a sentence fragment naming the value, for a diagnostic message, e.g.
 * `"10.241.0.0/24" is a CIDR; write the address alone and its length in prefixLen`.
 * Rejected although some parsers take them: CIDR and netmask suffixes, zone ids, brackets, ports,
 * surrounding whitespace, leading zeros in IPv4 octets (ambiguous: octal?) and non-dotted IPv4 forms.
 */
export function parseIp(text: string): ParseResult {
  // The common cases, on the path of every document: the engine's strict parsers, no explanation needed.
  // (They agree with ip-address on valid literals: a property test checks it; ip-address explains the rest.)
  const v4 = parse4(text, 0);
  if (v4 >= 0) return { ok: true, address: { family: 4, value: BigInt(v4), text } };
  const words = text.includes(':') ? parseIPv6(text) : undefined;
  if (words) return { ok: true, address: ipv6((BigInt(words[0]!) << 96n) | (BigInt(words[1]!) << 64n) | (BigInt(words[2]!) << 32n) | BigInt(words[3]!), formatIPv6(words), text) };
  const fail = (reason: string): ParseResult => ({ ok: false, reason });
  const q = quote(text);
  if (text.trim() === '') return fail(`${q} is empty`);
  if (text.trim() !== text) return fail(`${q} has spaces around it`);

  const slash = text.indexOf('/');
  if (slash >= 0) return fail(cidrReason(text, slash));
  if (/^\[.*\](:\d+)?$/.test(text)) return fail(`${q} is in brackets; write the address alone`);
  if (text.includes('%')) {
    return fail(text.includes(':') ? `${q} has a zone id, which is not allowed here` : `${q} is not an IP address`);
  }
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) return fail(`${q} has a port, which is not allowed here`);

  if (text.includes(':')) {
    if (Address6.isValid(text)) {
      const value = new Address6(text).bigInt();
      return { ok: true, address: ipv6(value, formatAddress(value, 6), text) };
    }
    const why = explainIPv6(text);
    return fail(`${q} is not a valid IPv6 address${why ? ` (${why})` : ''}`);
  }
  if (/^[0-9.]+$/.test(text)) {
    const why = explainIPv4(text);
    return fail(why ?? `${q} is not a valid IPv4 address`);
  }
  return fail(`${q} is not an IP address`);
}

/** A parsed IPv6 address: `written` is kept only when it is not the canonical text. */
function ipv6(value: bigint, text: string, written: string): IpAddress {
  return written === text ? { family: 6, value, text } : { family: 6, value, text, written };
}

/**
 * Splits `address/prefixLen` (or IPv4 `address/netmask`) when the address is a valid bare literal and
 * the length fits its family; otherwise undefined. Used by the quick fix that moves the length of a
 * CIDR written in `destination` to `prefixLen`.
 */
export function splitCidr(text: string): { address: string; prefixLen: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const suffix = text.slice(slash + 1);
  const parsed = parseIp(address);
  if (!parsed.ok) return undefined;
  if (/^\d{1,3}$/.test(suffix)) {
    const prefixLen = Number(suffix);
    return prefixLen <= maxPrefix(parsed.address.family) ? { address, prefixLen } : undefined;
  }
  if (parsed.address.family === 4) {
    const prefixLen = netmaskLength(suffix);
    if (prefixLen !== undefined) return { address, prefixLen };
  }
  return undefined;
}

function cidrReason(text: string, slash: number): string {
  const q = quote(text);
  const left = text.slice(0, slash);
  const suffix = text.slice(slash + 1);
  const inner = parseIp(left);
  const split = splitCidr(text);
  if (split && /^\d+$/.test(suffix)) return `${q} is a CIDR; write the address alone and its length in prefixLen`;
  if (split) return `${q} is an address and netmask; write the address alone and its length (${split.prefixLen}) in prefixLen`;
  if (inner.ok && /^\d+$/.test(suffix)) {
    const max = maxPrefix(inner.address.family);
    return `${q} is a CIDR, and /${suffix} is longer than ${max} bits; write the address alone and its length (0–${max}) in prefixLen`;
  }
  if (!inner.ok && /^\d{1,3}$/.test(suffix)) return inner.reason;
  return `${q} is not an IP address ("/" is not allowed)`;
}

/** Why digits-and-dots text is not an IPv4 address, or undefined when its shape is right. */
function explainIPv4(text: string): string | undefined {
  const q = quote(text);
  const octets = text.split('.');
  if (octets.length !== 4) {
    return `${q} has ${octets.length} ${octets.length === 1 ? 'octet' : 'octets'}, an IPv4 address has 4`;
  }
  if (octets.some((o) => o === '')) return `${q} has an empty octet`;
  const leading = octets.find((o) => /^0\d/.test(o));
  if (leading !== undefined) return `leading zero in ${q} is ambiguous (octal?)`;
  const big = octets.find((o) => Number(o) > 255);
  if (big !== undefined) return `octet ${big} in ${q} is above 255`;
  return undefined;
}

/** The detail of why text with a colon is not an IPv6 address, or undefined if no rule says. */
function explainIPv6(text: string): string | undefined {
  const bad = /[^0-9a-fA-F:.]/.exec(text);
  if (bad) return `bad character "${bad[0]}"`;
  if (text.includes(':::')) return '":::" has a colon too many';
  const halves = text.split('::');
  if (halves.length > 2) return 'more than one "::"';
  if (/^:[^:]/.test(text)) return 'starts with a single ":"';
  if (/[^:]:$/.test(text)) return 'ends with a single ":"';
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  let count = 0;
  for (const [i, g] of groups.entries()) {
    if (g.includes('.')) {
      if (i !== groups.length - 1 || !text.endsWith(g)) return `embedded IPv4 "${g}" must come last`;
      const why = explainIPv4(g);
      if (why) return `embedded IPv4: ${why}`;
      count += 2;
    } else if (g === '') {
      return 'empty group';
    } else if (g.length > 4) {
      return `group "${g}" has more than 4 hex digits`;
    } else {
      count += 1;
    }
  }
  if (halves.length === 1 && count !== 8) return `${count} groups, an IPv6 address has 8`;
  if (halves.length === 2 && count > 7) return `${count} groups besides "::", at most 7 are allowed with it`;
  return undefined;
}

/** The length of a contiguous IPv4 netmask such as `255.255.255.0`, or undefined. */
function netmaskLength(text: string): number | undefined {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(text) || !Address4.isValid(text)) return undefined;
  const value = new Address4(text).bigInt();
  for (let n = 0; n <= 32; n++) if (maskOf(4, n) === value) return n;
  return undefined;
}

/** JSON-quotes a value for a message, shortening very long ones. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);
}


export type CidrResult = { ok: true; address: IpAddress; prefixLen: number } | { ok: false; reason: string };

/**
 * Parses `address/prefixLen`, the form of a BNK 2.4 Infra's `destinations` and pool `cidr` (where a
 * CIDR is the normal form, unlike F5SPKStaticRoute's `destination`). `address` is as written (host
 * bits kept); the reasons never speak of a separate prefixLen field.
 */
export function parseCidr(text: string): CidrResult {
  const fail = (reason: string): CidrResult => ({ ok: false, reason });
  const q = quote(text);
  const slash = text.indexOf('/');
  if (slash < 0) {
    const bare = parseIp(text);
    return fail(bare.ok ? `${q} has no prefix length: write the network as a CIDR, e.g. ${bare.address.text}/${maxPrefix(bare.address.family)} for this one address` : bare.reason);
  }
  const inner = parseIp(text.slice(0, slash));
  if (!inner.ok) return fail(inner.reason);
  const suffix = text.slice(slash + 1);
  const max = maxPrefix(inner.address.family);
  if (!/^\d{1,3}$/.test(suffix)) {
    const mask = inner.address.family === 4 ? netmaskLength(suffix) : undefined;
    return fail(mask !== undefined ? `${q} has a netmask after "/": write the prefix length, ${text.slice(0, slash)}/${mask}` : `${q}: "${suffix}" after "/" is not a prefix length (0–${max})`);
  }
  const prefixLen = Number(suffix);
  if (prefixLen > max) return fail(`${q}: /${prefixLen} is longer than ${max} bits, the longest IPv${inner.address.family} prefix`);
  return { ok: true, address: inner.address, prefixLen };
}
