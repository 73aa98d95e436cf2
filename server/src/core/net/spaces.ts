// Address spaces (the IANA special-purpose registries) and ipcalc-like prefix facts.
//
// Pure; imports nothing outside net/ but `ip-address`.

import { Address4, Address6 } from 'ip-address';
import type { Family, IpAddress } from './address.js';
import { formatAddress, formatIPv4, fullIPv6 } from './format.js';
import { bitsOf, checkPrefix, hostMaskOf, maskOf, maxPrefix } from './prefix.js';

/** A mask is not an address: no mixed notation for IPv6 masks that look IPv4-mapped. */
function formatMask(value: bigint, family: Family): string {
  return family === 4 ? formatIPv4(Number(value)) : Address6.fromBigInt(value).correctForm();
}

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

