// Hover text for addresses and prefixes: ipcalc-like markdown built from the facts of ../address.ts.
// Pure: returns markdown strings; the wiring wraps them in the protocol's hover.

import {
  addressSpace,
  describeSpace,
  formatAddress,
  fullIPv6,
  hasHostBits,
  maxPrefix,
  prefixFacts,
  type AddressSpace,
  type IpAddress,
} from '../net/index.js';

export interface PrefixHoverOptions {
  /**
   * The address is an interface address inside the subnet (a VLAN self IP with its prefixlen_v4/v6):
   * show it as the Address row and do not call its host bits a mistake. By default the address is a
   * route destination, which should be the network address itself.
   */
  interfaceAddress?: boolean;
}

/** How many spaces a Spaces/Includes row lists before "and N more". */
const MAX_LISTED_SPACES = 4;

/**
 * Hover for `addr/prefixLen`, e.g. for a route's destination and prefixLen:
 * a bold title with the space, then Network, Netmask, Wildcard, Broadcast, HostMin, HostMax,
 * Hosts/Net and Addresses rows (IPv6: the full form, no wildcard or broadcast).
 * `label` (plain text, escaped here) starts the title, e.g. `destination`.
 */
export function prefixHoverMarkdown(
  addr: IpAddress,
  prefixLen: number,
  label?: string,
  options: PrefixHoverOptions = {},
): string {
  const f = prefixFacts(addr, prefixLen);
  const v4 = f.family === 4;
  const written = addr.text;
  const cidr = `${f.network}/${prefixLen}`;
  const hostBits = hasHostBits(addr, prefixLen);
  const hostBitCount = maxPrefix(f.family) - prefixLen;

  const spaces = [f.space, ...f.otherSpaces];
  const where =
    prefixLen === 0
      ? 'default route — every address'
      : f.spansSeveral
        ? `spans ${spaces.length} address spaces`
        : describeSpace(f.space);
  const lines = [`${labelPrefix(label)}**${hostBits ? `${written}/${prefixLen}` : cidr}** · ${where}`, ''];
  if (hostBits && !options.interfaceAddress) {
    lines.push(`⚠️ \`${written}\` has host bits set for /${prefixLen}; the network is **${cidr}**.`, '');
  }

  const rows: [string, string][] = [];
  if (hostBits && options.interfaceAddress) rows.push(['Address', code(written)]);
  rows.push(['Network', code(cidr)]);
  if (f.fullNetwork) rows.push(['Full', code(f.fullNetwork)]);
  rows.push(['Netmask', `${code(f.netmask)} = ${prefixLen}`]);
  if (v4) rows.push(['Wildcard', code(f.wildcard)]);
  if (f.broadcast) rows.push(['Broadcast', code(f.broadcast)]);
  if (f.addresses > 1n) {
    rows.push(['HostMin', code(f.firstHost)], ['HostMax', code(f.lastHost)]);
  }
  rows.push(['Hosts/Net', hostsText(f.family, prefixLen, f.usableHosts, hostBitCount)]);
  rows.push(['Addresses', countText(f.family, f.addresses, hostBitCount)]);
  if (prefixLen > 0 && f.spansSeveral) rows.push(['Spaces', listSpaces(spaces)]);
  if (!f.spansSeveral && f.otherSpaces.length > 0) rows.push(['Includes', listSpaces(f.otherSpaces)]);
  lines.push(...table(rows));

  if (!v4 && prefixLen > 0 && prefixLen <= 126) {
    lines.push('', `\`${f.network}\` is the subnet-router anycast address (RFC 4291); IPv6 has no broadcast.`);
  }
  return lines.join('\n');
}

/**
 * Hover for a single address, e.g. a gateway or a self IP. `role` (plain text, escaped here) starts
 * the title, e.g. `gateway` or `self IP of replica 2`.
 * IPv4: integer and hex forms; IPv6: compressed and full forms, and the IPv4 address embedded in an
 * IPv4-mapped or NAT64 address.
 */
export function addressHoverMarkdown(addr: IpAddress, role?: string): string {
  const text = addr.text;
  const space = addressSpace(addr);
  const lines = [`${labelPrefix(role)}**${text}** · ${describeSpace(space)}`, ''];
  const rows: [string, string][] = [['Family', `IPv${addr.family}`]];
  if (addr.family === 4) {
    rows.push(['Integer', code(addr.value.toString())]);
    rows.push(['Hex', code(`0x${addr.value.toString(16).padStart(8, '0')}`)]);
  } else {
    rows.push(['Compressed', code(text)], ['Full', code(fullIPv6(addr.value))]);
    if (embedsIPv4(space)) rows.push(['IPv4', code(formatAddress(addr.value & 0xffffffffn, 4))]);
  }
  lines.push(...table(rows));
  return lines.join('\n');
}

/** Groups the digits of a non-negative integer with commas: `65536n` → `65,536`. */
export function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function embedsIPv4(space: AddressSpace): boolean {
  return space.block === '::ffff:0:0/96' || space.block === '64:ff9b::/96';
}

/** IPv4: grouped digits. IPv6: `2^k`, with the digits while they stay readable (k ≤ 64). */
function countText(family: 4 | 6, n: bigint, hostBits: number): string {
  if (family === 4) return groupDigits(n);
  if (hostBits > 64) return `2^${hostBits}`;
  return hostBits >= 2 ? `${groupDigits(n)} (2^${hostBits})` : groupDigits(n);
}

function hostsText(family: 4 | 6, prefixLen: number, usable: bigint, hostBits: number): string {
  const max = maxPrefix(family);
  if (prefixLen === max) return '1 (host route)';
  if (prefixLen === max - 1) return `2 (point-to-point link, ${family === 4 ? 'RFC 3021' : 'RFC 6164'})`;
  if (family === 6 && hostBits > 64) return `2^${hostBits} − 1`;
  return groupDigits(usable);
}

function listSpaces(spaces: AddressSpace[]): string {
  const shown = spaces.slice(0, MAX_LISTED_SPACES).map(describeSpace);
  const more = spaces.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function table(rows: [string, string][]): string[] {
  return ['| | |', '|:--|:--|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function code(text: string): string {
  return `\`${text}\``;
}

function labelPrefix(label: string | undefined): string {
  return label ? `${escapeMarkdown(label)}: ` : '';
}

/** Backslash-escapes ASCII punctuation (CommonMark renders `\x` as `x`), so names stay plain text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
