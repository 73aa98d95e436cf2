// Prefix math on BigInt: lengths, masks, networks, containment.
//
// Pure; imports nothing outside net/.

import type { Family, IpAddress } from './address.js';
import { formatAddress } from './format.js';

/** 32 for IPv4, 128 for IPv6. */
export function maxPrefix(family: Family): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** True when `n` is an integer prefix length valid for `family` (0–32 or 0–128). */
export function isPrefixLen(n: unknown, family: Family): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= maxPrefix(family);
}


export function bitsOf(family: Family): bigint {
  return family === 4 ? 32n : 128n;
}

export function checkPrefix(family: Family, prefixLen: number): void {
  if (!isPrefixLen(prefixLen, family)) {
    throw new RangeError(`prefix length ${prefixLen} is not in 0–${maxPrefix(family)} (IPv${family})`);
  }
}

/** The netmask of `/prefixLen` as an integer. */
const MASKS: Record<Family, bigint[]> = { 4: [], 6: [] };

export function maskOf(family: Family, prefixLen: number): bigint {
  // Masks are on every route lookup's path: each is computed once.
  return (MASKS[family][prefixLen] ??= ((1n << bitsOf(family)) - 1n) ^ hostMaskOf(family, prefixLen));
}

/** The host part (wildcard) of `/prefixLen` as an integer. */
export function hostMaskOf(family: Family, prefixLen: number): bigint {
  return (1n << (bitsOf(family) - BigInt(prefixLen))) - 1n;
}

/** `addr` with its host bits cleared: the network of `addr/prefixLen`. Throws RangeError on a bad length. */
export function networkAddress(addr: IpAddress, prefixLen: number): IpAddress {
  checkPrefix(addr.family, prefixLen);
  const value = addr.value & maskOf(addr.family, prefixLen);
  if (value === addr.value) return addr.written === undefined ? addr : { family: addr.family, value, text: addr.text };
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


