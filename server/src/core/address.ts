// IP addresses and prefixes: parsing with reasons fit for a diagnostic, prefix math on BigInt,
// RFC 5952 text forms, ipcalc-like prefix facts and the IANA special-purpose address spaces.
//
// Pure: no editor or protocol imports. `ip-address` is the authority on whether a literal is valid
// and writes the compressed IPv6 form; this module adds the explanations and the arithmetic.

import { Address4, Address6 } from 'ip-address';
import { formatIPv6, parseIPv6 } from './routing/lpm.js';

export type Family = 4 | 6;

/** A parsed IP address. `value` is the address as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  readonly family: Family;
  readonly value: bigint;
  /** The text as written (for derived addresses, the canonical form). */
  readonly text: string;
}

export type ParseResult = { ok: true; address: IpAddress } | { ok: false; reason: string };

/** 32 for IPv4, 128 for IPv6. */
export function maxPrefix(family: Family): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** True when `n` is an integer prefix length valid for `family` (0–32 or 0–128). */
export function isPrefixLen(n: unknown, family: Family): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= maxPrefix(family);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses a bare IPv4 or IPv6 literal, as `spec.destination`, `spec.gateway` and self IPs must be.
 * On failure `reason` is a sentence fragment naming the value, for a diagnostic message, e.g.
 * `"10.241.0.0/24" is a CIDR; write the address alone and its length in prefixLen`.
 * Rejected although some parsers take them: CIDR and netmask suffixes, zone ids, brackets, ports,
 * surrounding whitespace, leading zeros in IPv4 octets (ambiguous: octal?) and non-dotted IPv4 forms.
 */
/** A strictly valid dotted quad: each octet 0–255 without a leading zero. */
const PLAIN_IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseIp(text: string): ParseResult {
  if (PLAIN_IPV4.test(text)) {
    // The common case, on the path of every document: no explanation needed, no allocation but one.
    const value = text.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    return { ok: true, address: { family: 4, value: BigInt(value), text } };
  }
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
    // The engine's strict parser agrees with ip-address on valid literals (a property test checks it)
    // and is much faster; ip-address explains the rest.
    const words = parseIPv6(text);
    if (words) return { ok: true, address: { family: 6, value: (BigInt(words[0]!) << 96n) | (BigInt(words[1]!) << 64n) | (BigInt(words[2]!) << 32n) | BigInt(words[3]!), text } };
    if (Address6.isValid(text)) return { ok: true, address: { family: 6, value: new Address6(text).bigInt(), text } };
    const why = explainIPv6(text);
    return fail(`${q} is not a valid IPv6 address${why ? ` (${why})` : ''}`);
  }
  if (/^[0-9.]+$/.test(text)) {
    const why = explainIPv4(text);
    return fail(why ?? `${q} is not a valid IPv4 address`);
  }
  return fail(`${q} is not an IP address`);
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

// ---------------------------------------------------------------------------------------------
// Prefix math

function bitsOf(family: Family): bigint {
  return family === 4 ? 32n : 128n;
}

function checkPrefix(family: Family, prefixLen: number): void {
  if (!isPrefixLen(prefixLen, family)) {
    throw new RangeError(`prefix length ${prefixLen} is not in 0–${maxPrefix(family)} (IPv${family})`);
  }
}

/** The netmask of `/prefixLen` as an integer. */
const MASKS: Record<Family, bigint[]> = { 4: [], 6: [] };

function maskOf(family: Family, prefixLen: number): bigint {
  // Masks are on every route lookup's path: each is computed once.
  return (MASKS[family][prefixLen] ??= ((1n << bitsOf(family)) - 1n) ^ hostMaskOf(family, prefixLen));
}

/** The host part (wildcard) of `/prefixLen` as an integer. */
function hostMaskOf(family: Family, prefixLen: number): bigint {
  return (1n << (bitsOf(family) - BigInt(prefixLen))) - 1n;
}

/** `addr` with its host bits cleared: the network of `addr/prefixLen`. Throws RangeError on a bad length. */
export function networkAddress(addr: IpAddress, prefixLen: number): IpAddress {
  checkPrefix(addr.family, prefixLen);
  const value = addr.value & maskOf(addr.family, prefixLen);
  // Already the network, and written canonically (every valid IPv4 literal is): the same address.
  if (value === addr.value && addr.family === 4) return addr;
  return { family: addr.family, value, text: formatAddress(value, addr.family) };
}

/** The network address of `addr/prefixLen` as a number only (no text), for keys and comparisons. */
export function networkValue(addr: IpAddress, prefixLen: number): bigint {
  return addr.value & maskOf(addr.family, prefixLen);
}

/** True when `addr` has bits set beyond `/prefixLen`, i.e. it is not the network address. */
export function hasHostBits(addr: IpAddress, prefixLen: number): boolean {
  checkPrefix(addr.family, prefixLen);
  return (addr.value & hostMaskOf(addr.family, prefixLen)) !== 0n;
}

/**
 * True when `addr` lies in the prefix `network/prefixLen` (host bits of `network` are ignored).
 * Addresses of different families are never contained.
 */
export function prefixContains(network: IpAddress, prefixLen: number, addr: IpAddress): boolean {
  if (network.family !== addr.family) return false;
  checkPrefix(network.family, prefixLen);
  const mask = maskOf(network.family, prefixLen);
  return (network.value & mask) === (addr.value & mask);
}

// ---------------------------------------------------------------------------------------------
// Text forms

/**
 * The canonical text of an address: IPv4 dotted decimal; IPv6 compressed per RFC 5952 (lowercase,
 * the longest run of two or more zero groups as "::", the first on a tie), with IPv4-mapped
 * addresses in mixed notation as RFC 5952 §5 recommends (`::ffff:192.0.2.1`).
 */
export function formatAddress(value: bigint, family: Family): string {
  if (value < 0n || value >> bitsOf(family) !== 0n) throw new RangeError(`${value} is not an IPv${family} address value`);
  if (family === 4) return dotted(value);
  return formatIPv6(wordsOf(value));
}

function wordsOf(value: bigint): number[] {
  return [Number((value >> 96n) & 0xffffffffn), Number((value >> 64n) & 0xffffffffn), Number((value >> 32n) & 0xffffffffn), Number(value & 0xffffffffn)];
}

/** The full IPv6 form: 8 groups of 4 lowercase hex digits. */
export function fullIPv6(value: bigint): string {
  if (value < 0n || value >> 128n !== 0n) throw new RangeError(`${value} is not an IPv6 address value`);
  return value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}

/** A mask is not an address: no mixed notation for IPv6 masks that look IPv4-mapped. */
function formatMask(value: bigint, family: Family): string {
  return family === 4 ? dotted(value) : Address6.fromBigInt(value).correctForm();
}

function dotted(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

// ---------------------------------------------------------------------------------------------
// Address spaces

/** A kind of address, from the IANA special-purpose registries. */
export interface AddressSpace {
  /** e.g. `private network`, `CGNAT shared address space`. */
  name: string;
  /** e.g. `RFC 1918`. */
  rfc?: string;
  /** The registry block, e.g. `10.0.0.0/8`; absent for the catch-all (global unicast, reserved). */
  block?: string;
}

interface Block {
  family: Family;
  start: bigint;
  len: number;
  space: AddressSpace;
}

function block(family: Family, start: string, len: number, name: string, rfc?: string): Block {
  const value = family === 4 ? new Address4(start).bigInt() : new Address6(start).bigInt();
  const space: AddressSpace = rfc ? { name, rfc, block: `${start}/${len}` } : { name, block: `${start}/${len}` };
  return { family, start: value, len, space };
}

// IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890), plus multicast and the IPv6
// global unicast block from the address-space registries. Rare single-protocol entries (anycast
// /32s and /128s in 192.0.0.0/24 and 2001::/23, AS112, AMT, ORCHID) are left to their parent block.
const BLOCKS: readonly Block[] = [
  block(4, '0.0.0.0', 8, 'this network', 'RFC 791'),
  block(4, '0.0.0.0', 32, 'this host on this network', 'RFC 1122'),
  block(4, '10.0.0.0', 8, 'private network', 'RFC 1918'),
  block(4, '100.64.0.0', 10, 'CGNAT shared address space', 'RFC 6598'),
  block(4, '127.0.0.0', 8, 'loopback', 'RFC 1122'),
  block(4, '169.254.0.0', 16, 'link-local', 'RFC 3927'),
  block(4, '172.16.0.0', 12, 'private network', 'RFC 1918'),
  block(4, '192.0.0.0', 24, 'IETF protocol assignments', 'RFC 6890'),
  block(4, '192.0.2.0', 24, 'documentation (TEST-NET-1)', 'RFC 5737'),
  block(4, '192.88.99.0', 24, '6to4 relay anycast (deprecated)', 'RFC 7526'),
  block(4, '192.168.0.0', 16, 'private network', 'RFC 1918'),
  block(4, '198.18.0.0', 15, 'benchmarking', 'RFC 2544'),
  block(4, '198.51.100.0', 24, 'documentation (TEST-NET-2)', 'RFC 5737'),
  block(4, '203.0.113.0', 24, 'documentation (TEST-NET-3)', 'RFC 5737'),
  block(4, '224.0.0.0', 4, 'multicast', 'RFC 5771'),
  block(4, '240.0.0.0', 4, 'reserved', 'RFC 1112'),
  block(4, '255.255.255.255', 32, 'limited broadcast', 'RFC 919'),
  block(6, '::', 128, 'unspecified address', 'RFC 4291'),
  block(6, '::1', 128, 'loopback', 'RFC 4291'),
  block(6, '::ffff:0:0', 96, 'IPv4-mapped', 'RFC 4291'),
  block(6, '64:ff9b::', 96, 'NAT64 well-known prefix', 'RFC 6052'),
  block(6, '64:ff9b:1::', 48, 'local-use NAT64', 'RFC 8215'),
  block(6, '100::', 64, 'discard-only', 'RFC 6666'),
  block(6, '2000::', 3, 'global unicast'),
  block(6, '2001::', 23, 'IETF protocol assignments', 'RFC 2928'),
  block(6, '2001::', 32, 'Teredo', 'RFC 4380'),
  block(6, '2001:2::', 48, 'benchmarking', 'RFC 5180'),
  block(6, '2001:db8::', 32, 'documentation', 'RFC 3849'),
  block(6, '2002::', 16, '6to4', 'RFC 3056'),
  block(6, '3fff::', 20, 'documentation', 'RFC 9637'),
  block(6, '5f00::', 16, 'SRv6 SIDs', 'RFC 9602'),
  block(6, 'fc00::', 7, 'unique local (ULA)', 'RFC 4193'),
  block(6, 'fe80::', 10, 'link-local', 'RFC 4291'),
  block(6, 'ff00::', 8, 'multicast', 'RFC 4291'),
];

/** The space of addresses in no block: global unicast for IPv4, reserved (by the IETF) for IPv6. */
function catchAll(family: Family): AddressSpace {
  return family === 4 ? { name: 'global unicast' } : { name: 'reserved' };
}

function blockContains(b: Block, family: Family, value: bigint): boolean {
  return b.family === family && (value & maskOf(family, b.len)) === b.start;
}

/** The most specific registry block that holds all of `value/len`, if any. */
function innermostBlock(family: Family, value: bigint, len: number): Block | undefined {
  let best: Block | undefined;
  for (const b of BLOCKS) {
    if (b.len <= len && blockContains(b, family, value) && (!best || b.len > best.len)) best = b;
  }
  return best;
}

/** The space of one address: its most specific registry block, else global unicast / reserved. */
export function addressSpace(addr: IpAddress): AddressSpace {
  return innermostBlock(addr.family, addr.value, maxPrefix(addr.family))?.space ?? catchAll(addr.family);
}

/** `private network (RFC 1918)`, `unique local (ULA, RFC 4193)`, `global unicast`. */
export function describeSpace(space: AddressSpace): string {
  if (!space.rfc) return space.name;
  return space.name.endsWith(')') ? `${space.name.slice(0, -1)}, ${space.rfc})` : `${space.name} (${space.rfc})`;
}

/**
 * Every space that holds at least one address of `start/len` (the network), each once (blocks of
 * one name and RFC count as one space), in block order, the catch-all last.
 */
function spacesTouched(family: Family, start: bigint, len: number): AddressSpace[] {
  const size = (b: { len: number }) => 1n << (bitsOf(family) - BigInt(b.len));
  const within = (inner: { start: bigint; len: number }, outer: { start: bigint; len: number }) =>
    inner.len >= outer.len && (inner.start & maskOf(family, outer.len)) === outer.start;
  const prefix = { start, len };
  const mine = BLOCKS.filter((b) => b.family === family);
  // Total size of the outermost blocks strictly inside `region` and more specific than `than`.
  const covered = (region: { start: bigint; len: number }, than: number) => {
    const inside = mine.filter((b) => b.len > than && within(b, region));
    const outermost = inside.filter((b) => !inside.some((o) => o !== b && o.len < b.len && within(b, o)));
    return outermost.reduce((sum, b) => sum + size(b), 0n);
  };
  const touched: AddressSpace[] = [];
  for (const b of mine) {
    if (!within(prefix, b) && !within(b, prefix)) continue;
    const region = b.len >= len ? b : prefix; // the overlap of the block and the prefix
    const shadowed = mine.some((o) => o.len > b.len && o.len <= region.len && within(region, o));
    if (!shadowed && covered(region, b.len) < size(region)) touched.push(b.space);
  }
  const inBlock = mine.some((b) => within(prefix, b));
  if (!inBlock && covered(prefix, -1) < size(prefix)) touched.push(catchAll(family));
  const seen = new Set<string>();
  return touched.filter((s) => {
    const key = `${s.name}|${s.rfc ?? ''}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

// ---------------------------------------------------------------------------------------------
// Prefix facts

/** What ipcalc would say about a prefix. Addresses are canonical text (see formatAddress). */
export interface PrefixFacts {
  family: Family;
  /** The network address (host bits of the given address cleared). */
  network: string;
  prefixLen: number;
  /** IPv4 dotted (`255.255.255.0`), IPv6 compressed (`ffff:ffff:ffff:ffff::`). */
  netmask: string;
  /** The inverse of the netmask, both families. */
  wildcard: string;
  /** IPv4 only, and not for /31 (RFC 3021) or /32. */
  broadcast?: string;
  firstHost: string;
  lastHost: string;
  /**
   * IPv4 /0–/30: addresses − 2 (network and broadcast); /31: 2; /32: 1.
   * IPv6 /0–/126: addresses − 1 (the network is the subnet-router anycast address); /127: 2; /128: 1.
   */
  usableHosts: bigint;
  addresses: bigint;
  /**
   * The prefix's space: the most specific registry block that holds the whole prefix; when no block
   * does (see `spansSeveral`), the space at the start of the prefix (the widest block that starts
   * at the network address and lies inside the prefix, else global unicast / reserved).
   */
  space: AddressSpace;
  /**
   * True when the prefix is wider than any one space, e.g. `0.0.0.0/0`, `10.0.0.0/7`, `100.0.0.0/8`
   * (which holds CGNAT space and global unicast).
   */
  spansSeveral: boolean;
  /**
   * The other spaces that part of the prefix falls in (block order): for a prefix that spans
   * several, the rest of them; otherwise more specific blocks inside `space`, e.g. documentation
   * and 6to4 inside `2000::/3`. Empty when every address of the prefix is in `space`.
   */
  otherSpaces: AddressSpace[];
  /** IPv6 only: the network in full form. */
  fullNetwork?: string;
}

/** ipcalc-like facts about the network of `addr/prefixLen`. Throws RangeError on a bad length. */
export function prefixFacts(addr: IpAddress, prefixLen: number): PrefixFacts {
  const { family } = addr;
  checkPrefix(family, prefixLen);
  const fmt = (v: bigint) => formatAddress(v, family);
  const max = maxPrefix(family);
  const net = addr.value & maskOf(family, prefixLen);
  const last = net | hostMaskOf(family, prefixLen);
  const addresses = 1n << BigInt(max - prefixLen);

  let firstHost = net;
  let lastHost = last;
  let usableHosts = addresses;
  let broadcast: string | undefined;
  if (family === 4 && prefixLen <= 30) {
    firstHost = net + 1n;
    lastHost = last - 1n;
    usableHosts = addresses - 2n;
    broadcast = fmt(last);
  } else if (family === 6 && prefixLen <= 126) {
    firstHost = net + 1n;
    usableHosts = addresses - 1n;
  }

  const touched = spacesTouched(family, net, prefixLen);
  const container = innermostBlock(family, net, prefixLen);
  const spansSeveral = !container && touched.length > 1;
  // Without a container, name the prefix after the widest block that starts its range.
  const first = BLOCKS.filter((b) => b.len >= prefixLen && blockContains(b, family, net)).sort((a, b) => a.len - b.len)[0];
  const space = container?.space ?? (spansSeveral ? (first?.space ?? catchAll(family)) : touched[0]!);
  const facts: PrefixFacts = {
    family,
    network: fmt(net),
    prefixLen,
    netmask: formatMask(maskOf(family, prefixLen), family),
    wildcard: formatMask(hostMaskOf(family, prefixLen), family),
    firstHost: fmt(firstHost),
    lastHost: fmt(lastHost),
    usableHosts,
    addresses,
    space,
    spansSeveral,
    otherSpaces: touched.filter((s) => s.name !== space.name || s.rfc !== space.rfc),
  };
  if (broadcast !== undefined) facts.broadcast = broadcast;
  if (family === 6) facts.fullNetwork = fullIPv6(net);
  return facts;
}
