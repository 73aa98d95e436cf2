/**
 * Deterministic synthetic route tables and destinations for benchmarks.
 *
 * `generateTable(seed, count)` returns `count` distinct prefixes: 80% IPv4 shaped like a real
 * Internet table (mostly /24, then /22, /23, /16–/21, some /8–/15 and /25–/32, clustered in
 * allocated /16 blocks), 20% IPv6 (mostly /32–/48 and /64, some /128, clustered in /32
 * allocations under the RIR blocks of 2000::/3). The same seed always gives the same table, so
 * other benchmarks (e.g. the CLI writing the table out as YAML CRs) can reuse it.
 */

import { formatIPv4, formatIPv6 } from '../server/src/core/net/format.js';

export interface GeneratedRoute {
  family: 4 | 6;
  /** Network address, host bits zero: dotted quad or RFC 5952 IPv6. */
  address: string;
  prefixLen: number;
}

/** A small, fast, seedable PRNG (mulberry32). Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random unsigned 32-bit integer. */
function u32(rng: () => number): number {
  return Math.floor(rng() * 4294967296) >>> 0;
}

/** Picks from a cumulative distribution given as [weight, value] pairs. */
function pick<T>(rng: () => number, table: ReadonlyArray<readonly [number, T]>): T {
  const total = table.reduce((s, [w]) => s + w, 0);
  let x = rng() * total;
  for (const [w, v] of table) {
    if (x < w) return v;
    x -= w;
  }
  return table[table.length - 1][1];
}

/** Mask of the first 32 bits of a prefix of length `len`. */
function maskWord(len: number): number {
  if (len <= 0) return 0;
  if (len >= 32) return 0xffffffff;
  return (0xffffffff << (32 - len)) >>> 0;
}

// Prefix length distributions (weights in percent). 'short' is /8–/15, 'sub24' is /25–/31, 'mid'
// is /33–/47.
const V4_LENGTHS: ReadonlyArray<readonly [number, number | 'short' | 'sub24']> = [
  [55, 24],
  [11, 23],
  [12, 22],
  [5, 21],
  [4, 20],
  [3, 19],
  [2, 18],
  [1.5, 17],
  [3, 16],
  [0.5, 'short'],
  [1, 'sub24'],
  [2, 32],
];

const V6_LENGTHS: ReadonlyArray<readonly [number, number | 'mid']> = [
  [15, 32],
  [3, 29],
  [17, 'mid'], // /33–/47
  [40, 48],
  [4, 56],
  [14, 64],
  [7, 128],
];

// First 16 bits of the IPv6 allocations: the RIR blocks of 2000::/3 that carry most routes.
const V6_TOP16: number[] = [
  0x2001, 0x2001, 0x2001, 0x2001,
  ...range(0x2400, 0x2410),
  ...range(0x2600, 0x2610),
  ...range(0x2800, 0x2804),
  ...range(0x2a00, 0x2a15),
  0x2c0f,
];

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/**
 * Generates `count` distinct prefixes (80% IPv4, 20% IPv6) from `seed`. Deterministic.
 */
export function generateTable(seed: number, count: number): GeneratedRoute[] {
  const rng = createRng(seed);
  const count6 = Math.round(count * 0.2);
  const count4 = count - count6;
  const seen = new Set<string>();
  const routes: GeneratedRoute[] = [];
  const add = (family: 4 | 6, address: string, prefixLen: number): boolean => {
    const key = `${address}/${prefixLen}`;
    if (seen.has(key)) return false;
    seen.add(key);
    routes.push({ family, address, prefixLen });
    return true;
  };

  // IPv4: routes cluster in allocated /16 blocks (first octet 1–223, not 10 or 127); a skewed
  // pick makes some blocks dense (many /24s) and most sparse.
  const blocks16: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(count4 / 4)); i++) {
    let first: number;
    do first = 1 + Math.floor(rng() * 223);
    while (first === 10 || first === 127);
    blocks16.push(first * 256 + Math.floor(rng() * 256));
  }
  let made4 = 0;
  while (made4 < count4) {
    const l = pick(rng, V4_LENGTHS);
    const len =
      l === 'short'
        ? 8 + Math.floor(rng() ** 0.5 * 8) // mostly the longer ones
        : l === 'sub24'
          ? 25 + Math.floor(rng() * 7)
          : l;
    let addr: number;
    if (len >= 16) {
      const block = blocks16[Math.floor(rng() ** 1.5 * blocks16.length)];
      addr = ((block << 16) | (u32(rng) & 0xffff)) >>> 0;
    } else {
      addr = u32(rng);
      const first = addr >>> 24;
      if (first === 0 || first >= 224 || first === 10 || first === 127) continue;
    }
    addr = (addr & maskWord(len)) >>> 0;
    if (add(4, formatIPv4(addr), len)) made4++;
  }

  // IPv6: /32 allocations under the RIR blocks; longer prefixes inside them.
  const allocations: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(count6 / 4)); i++) {
    const top = V6_TOP16[Math.floor(rng() * V6_TOP16.length)];
    const next = top === 0x2001 ? Math.floor(rng() * 0x1000) : Math.floor(rng() * 0x10000);
    allocations.push(((top << 16) | next) >>> 0);
  }
  const w = new Uint32Array(4);
  let made6 = 0;
  while (made6 < count6) {
    const l = pick(rng, V6_LENGTHS);
    const len = l === 'mid' ? 33 + Math.floor(rng() * 15) : l;
    w[0] = allocations[Math.floor(rng() ** 1.5 * allocations.length)];
    w[1] = u32(rng);
    w[2] = u32(rng);
    w[3] = u32(rng);
    for (let k = 0; k < 4; k++) w[k] = (w[k] & maskWord(len - 32 * k)) >>> 0;
    if (add(6, formatIPv6(w), len)) made6++;
  }
  return routes;
}

/** Destinations for lookups, with their pre-parsed forms. */
export interface GeneratedDestinations {
  /** Text form of each destination (dotted quad or RFC 5952 IPv6). */
  text: string[];
  /** The IPv4 destinations, pre-parsed (uint32), in the order they appear in `text`. */
  v4: Uint32Array;
  /** The IPv6 destinations, pre-parsed (four words each), in the order they appear in `text`. */
  v6: Uint32Array;
}

/**
 * Generates `count` destinations from `seed`: as many IPv4 as IPv6 in proportion to `routes`;
 * a fraction `nearRatio` are random addresses inside a random route (hits, though maybe of a
 * more specific route), the rest uniformly random in the family's unicast space (mostly misses).
 */
export function generateDestinations(
  seed: number,
  count: number,
  routes: readonly GeneratedRoute[],
  nearRatio = 0.6,
): GeneratedDestinations {
  const rng = createRng(seed);
  const parsed = routes.map((r) => ({ r, words: parseRoute(r) }));
  const v4Routes = parsed.filter((p) => p.r.family === 4);
  const v6Routes = parsed.filter((p) => p.r.family === 6);
  const share6 = v6Routes.length / Math.max(1, routes.length);
  const text: string[] = [];
  const v4: number[] = [];
  const v6: number[] = [];
  const w = new Uint32Array(4);
  for (let i = 0; i < count; i++) {
    const six = v6Routes.length > 0 && (v4Routes.length === 0 || rng() < share6);
    const near = rng() < nearRatio;
    const pool = six ? v6Routes : v4Routes;
    if (six) {
      if (near) {
        const p = pool[Math.floor(rng() * pool.length)];
        for (let k = 0; k < 4; k++) {
          const m = maskWord(p.r.prefixLen - 32 * k);
          w[k] = ((p.words[k] & m) | (u32(rng) & ~m)) >>> 0;
        }
      } else {
        w[0] = (0x20000000 | (u32(rng) & 0x1fffffff)) >>> 0; // 2000::/3
        w[1] = u32(rng);
        w[2] = u32(rng);
        w[3] = u32(rng);
      }
      text.push(formatIPv6(w));
      v6.push(w[0], w[1], w[2], w[3]);
    } else {
      let a: number;
      if (near) {
        const p = pool[Math.floor(rng() * pool.length)];
        const m = maskWord(p.r.prefixLen);
        a = ((p.words[0] & m) | (u32(rng) & ~m)) >>> 0;
      } else {
        a = u32(rng);
      }
      text.push(formatIPv4(a));
      v4.push(a);
    }
  }
  // Flat strings, as if read from a file: strings built by concatenation are rope (cons) strings
  // in V8, which every string consumer (ours and the peers) would first have to flatten.
  const flat = JSON.parse(JSON.stringify(text)) as string[];
  return { text: flat, v4: Uint32Array.from(v4), v6: Uint32Array.from(v6) };
}

/** Words of a generated route's address (one for IPv4, four for IPv6). */
function parseRoute(r: GeneratedRoute): number[] {
  if (r.family === 4) {
    const [a, b, c, d] = r.address.split('.').map(Number);
    return [((a << 24) | (b << 16) | (c << 8) | d) >>> 0];
  }
  // Expand '::' and read the eight groups (generated IPv6 routes never embed IPv4).
  const [head, tail] = r.address.includes('::') ? r.address.split('::') : [r.address, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return [0, 1, 2, 3].map((k) => ((groups[2 * k] << 16) | groups[2 * k + 1]) >>> 0);
}
