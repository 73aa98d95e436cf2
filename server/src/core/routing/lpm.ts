/**
 * Longest-prefix-match (LPM) table for IPv4 and IPv6 routes.
 *
 * Pure module: no editor or protocol imports, no runtime dependencies; the strict parsers and
 * formatters of addresses are the address module's (net/parse.ts, net/format.ts), re-exported here
 * for `dist/lpm.js` (CommonJS), the engine bundled on its own for scripts.
 *
 * ## Structure
 *
 * Each address family (IPv4, IPv6) has its own {@link FamilyTable}: a prefix store, and a range
 * table compiled from it.
 *
 * - The **prefix store** holds the inserted prefixes (masked address as 32-bit words, length,
 *   value) in typed arrays; `insert` only appends to it.
 * - The **range table** is compiled lazily, by the first lookup after an insert. The prefixes are
 *   radix-sorted by (address, length), duplicates dropped (the last insert wins), and one sweep
 *   with a stack of enclosing prefixes cuts the address space into sorted, disjoint ranges, each
 *   labelled with the entry of its longest matching prefix (or none). For example 10.0.0.0/8 and
 *   10.1.0.0/16 give: [0.0.0.0 none] [10.0.0.0 /8] [10.1.0.0 /16] [10.2.0.0 /8] [11.0.0.0 none].
 *   Range starts are kept in a `Uint32Array` (one word per IPv4 start, four big-endian words per
 *   IPv6 start), next to an array of each range's value; there are at most `2 × prefixes + 1`
 *   ranges.
 * - **Lookup** first reads a direct index on the top 16 address bits (65,537 slots), giving the
 *   few candidate ranges that can hold the address. Slots with more than 16 candidates (dense
 *   blocks of /24s, or the few /16s that carry most IPv6 routes) have a second-level index on the
 *   next 8 bits. The candidates are narrowed by binary search, then scanned in order (a short
 *   scan is cheaper than mispredicted branches).
 *
 * A table of 100k Internet-like routes takes about 7 MB (store, ranges and indexes) and answers a
 * lookup in a few tens of nanoseconds; the string parsers (net/parse.ts) are hand-written
 * `charCodeAt` loops.
 *
 * Cost model: `insert` is O(1). The first lookup (or `size`, `entries()`) after inserts compiles
 * the family in O(n) (radix sort and sweep: a few milliseconds for 80k prefixes), so insert
 * routes in batches, then look up; interleaving single inserts and lookups recompiles each time.
 */

import { formatIPv4, formatIPv6 } from '../net/format.js';
import { parse4, parse6 } from '../net/parse.js';

export { formatIPv4, formatIPv6 } from '../net/format.js';
export { parseIPv4, parseIPv6 } from '../net/parse.js';

/** Label of a range that no prefix covers. */
const NO_ENTRY = -1;

/** Slots of the direct index over the top 16 address bits (one extra for the upper bound). */
const INDEX_SLOTS = 0x10001;

/** Slots of the index whose candidates are more than this many get a second-level index. */
const SUBINDEX_MIN_SPAN = 16;

/** Slots of a second-level index block, over the next 8 address bits (plus the upper bound). */
const SUBINDEX_SLOTS = 257;

/** Lookups binary-search a range of candidates down to this many, then scan them in order. */
const LINEAR_SCAN = 16;

/** One entry of {@link PrefixTable.entries}. */
export interface PrefixEntry<V> {
  /** Network address in canonical text form (dotted quad, or RFC 5952 IPv6), host bits zero. */
  address: string;
  prefixLen: number;
  value: V;
}

/**
 * A longest-prefix-match table mapping IPv4 and IPv6 networks to values.
 *
 * IPv4 and IPv6 prefixes are kept in separate tables: an IPv4 address never matches an IPv6
 * prefix and vice versa (an IPv4-mapped address such as `::ffff:10.0.0.1` is IPv6). A prefix of
 * length 0 is a default route and matches every address of its family.
 *
 * @typeParam V - type of the value attached to each prefix.
 */
export class PrefixTable<V> {
  private readonly v4 = new FamilyTable<V>(1);
  private readonly v6 = new FamilyTable<V>(4);
  /** Parse buffer for {@link insert} and {@link lookup}, so they do not allocate. */
  private readonly words = new Uint32Array(4);

  /**
   * Adds the network `address/prefixLen` with `value`, or replaces the value if the same network
   * is already in the table (the last insert wins).
   *
   * Host bits set in `address` (beyond `prefixLen`) are masked off: inserting `10.1.2.3/8` inserts
   * `10.0.0.0/8`, and replaces the value of an earlier `10.0.0.0/8`.
   *
   * @param address - an IPv4 dotted quad or an IPv6 address, as accepted by {@link parseIPv4} and
   *   {@link parseIPv6}.
   * @param prefixLen - an integer from 0 to 32 (IPv4) or 0 to 128 (IPv6).
   * @throws RangeError if `address` is not a valid IP address, or `prefixLen` is not an integer
   *   in range; the message names the offending value.
   */
  insert(address: string, prefixLen: number, value: V): void {
    const words = this.words;
    const a = typeof address === 'string' ? parse4(address, 0) : -1;
    let family: FamilyTable<V>;
    if (a >= 0) {
      words[0] = a;
      family = this.v4;
    } else if (typeof address === 'string' && parse6(address, words)) {
      family = this.v6;
    } else {
      throw new RangeError(
        `Invalid IP address ${describe(address)}: expected an IPv4 dotted quad or an IPv6 address`,
      );
    }
    const max = family.bits;
    if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > max) {
      throw new RangeError(
        `Invalid prefix length ${describe(prefixLen)} for ${max === 32 ? 'IPv4' : 'IPv6'} ` +
          `address ${JSON.stringify(address)}: expected an integer from 0 to ${max}`,
      );
    }
    family.add(words, prefixLen, value);
  }

  /**
   * Returns the value of the longest prefix that contains `address`, or `undefined` if no prefix
   * does or `address` is not a valid IPv4/IPv6 address (this method never throws).
   */
  lookup(address: string): V | undefined {
    if (typeof address !== 'string') return undefined;
    const a = parse4(address, 0);
    if (a >= 0) return this.lookupV4(a);
    const words = this.words;
    return parse6(address, words) ? this.lookupV6(words) : undefined;
  }

  /**
   * Fast path of {@link lookup} for a pre-parsed IPv4 address (see {@link parseIPv4}): an unsigned
   * 32-bit integer, e.g. `0x0a000001` for `10.0.0.1`. Returns `undefined` for any number that is
   * not an integer from 0 to 2^32 - 1 (convert signed results of bit operations with `>>> 0`).
   */
  lookupV4(addr: number): V | undefined {
    const f = this.v4;
    if (f.dirty) f.compile();
    const a = addr >>> 0;
    if (a !== addr) return undefined;
    const starts = f.starts;
    // The range holding `a` is one of the candidates from the range holding h.0.0 to the range
    // holding (h+1).0.0, h being the top 16 bits of `a`, or from h.m.0 to h.(m+1).0 if slot h has
    // a second-level block over the next 8 bits m.
    const h = a >>> 16;
    let lo = f.index[h];
    let hi: number;
    if (lo >= 0) {
      hi = f.index[h + 1];
      if (hi < 0) hi = f.subIndex[~hi]; // the next slot has a block: its first entry
    } else {
      const j = ~lo + ((a >>> 8) & 0xff);
      lo = f.subIndex[j];
      hi = f.subIndex[j + 1];
    }
    while (hi - lo > LINEAR_SCAN) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= a) lo = mid;
      else hi = mid - 1;
    }
    while (lo < hi && starts[lo + 1] <= a) lo++;
    return f.rangeValues[lo];
  }

  /**
   * Fast path of {@link lookup} for a pre-parsed IPv6 address (see {@link parseIPv6}): four
   * unsigned 32-bit words, most significant first (`words[0]` holds the first two groups of the
   * text form). Only the first four elements are read.
   */
  lookupV6(words: Uint32Array): V | undefined {
    const f = this.v6;
    if (f.dirty) f.compile();
    const a0 = words[0];
    const a1 = words[1];
    const a2 = words[2];
    const a3 = words[3];
    const starts = f.starts;
    const h = a0 >>> 16;
    let lo = f.index[h];
    let hi: number;
    if (lo >= 0) {
      hi = f.index[h + 1];
      if (hi < 0) hi = f.subIndex[~hi]; // the next slot has a block: its first entry
    } else {
      const j = ~lo + ((a0 >>> 8) & 0xff);
      lo = f.subIndex[j];
      hi = f.subIndex[j + 1];
    }
    while (hi - lo > LINEAR_SCAN) {
      const mid = (lo + hi + 1) >>> 1;
      if (startsAtOrBefore6(starts, mid, a0, a1, a2, a3)) lo = mid;
      else hi = mid - 1;
    }
    while (lo < hi && startsAtOrBefore6(starts, lo + 1, a0, a1, a2, a3)) lo++;
    return f.rangeValues[lo];
  }

  /** Number of distinct prefixes in the table (both families). */
  get size(): number {
    return this.v4.size() + this.v6.size();
  }

  /**
   * Lists the prefixes, IPv4 first then IPv6, each family in address order (a shorter prefix
   * before a longer one at the same address). Addresses are in canonical text form with the host
   * bits zero: dotted quad for IPv4, RFC 5952 for IPv6 (`::ffff:a.b.c.d` for IPv4-mapped).
   */
  *entries(): IterableIterator<PrefixEntry<V>> {
    yield* this.v4.entries();
    yield* this.v6.entries();
  }
}

// ---------------------------------------------------------------------------------------------
// One address family's table: prefix store and compiled range table

class FamilyTable<V> {
  /** Address size in bits: 32 or 128. */
  readonly bits: number;

  // Prefix store: entry e has address words addr[e * width ...], length lens[e] and value
  // values[e]. Compilation leaves it sorted by (address, length), without duplicates.
  private addr: Uint32Array;
  private lens: Uint8Array;
  values: V[] = [];
  private count = 0;

  // Range table: range r starts at starts[r * width ...]; rangeValues[r] is the value of its
  // longest prefix (undefined if none). index[h] is the range holding the first address whose
  // top 16 bits are h, or, for a slot with many candidate ranges, ~b where b is the start of its
  // second-level block: subIndex[b + m] is the range holding the first address of h.m (next 8
  // bits m), subIndex[b + 256] the one holding h+1.
  dirty = false;
  starts: Uint32Array;
  rangeValues: (V | undefined)[] = [undefined];
  index: Int32Array = new Int32Array(INDEX_SLOTS);
  subIndex: Uint32Array = new Uint32Array(0);

  /** @param width - 32-bit words per address: 1 (IPv4) or 4 (IPv6). */
  constructor(private readonly width: 1 | 4) {
    this.bits = 32 * width;
    this.addr = new Uint32Array(0);
    this.lens = new Uint8Array(0);
    this.starts = new Uint32Array(width);
  }

  /** Appends the prefix `words/len` (host bits are masked here). */
  add(words: Uint32Array, len: number, value: V): void {
    const w = this.width;
    if (this.count === this.lens.length) {
      const capacity = Math.max(16, this.count * 2);
      const addr = new Uint32Array(capacity * w);
      addr.set(this.addr);
      const lens = new Uint8Array(capacity);
      lens.set(this.lens);
      this.addr = addr;
      this.lens = lens;
    }
    const at = this.count * w;
    for (let k = 0; k < w; k++) this.addr[at + k] = words[k] & maskWord(len - 32 * k);
    this.lens[this.count] = len;
    this.values[this.count] = value;
    this.count++;
    this.dirty = true;
  }

  size(): number {
    if (this.dirty) this.compile();
    return this.count;
  }

  *entries(): IterableIterator<PrefixEntry<V>> {
    if (this.dirty) this.compile();
    const w = this.width;
    for (let e = 0; e < this.count; e++) {
      const words = this.addr.subarray(e * w, e * w + w);
      const address = w === 1 ? formatIPv4(words[0]) : formatIPv6(words);
      yield { address, prefixLen: this.lens[e], value: this.values[e] };
    }
  }

  /** Sorts and deduplicates the prefix store, then rebuilds the range table from it. */
  compile(): void {
    this.sortStore();
    const { starts, labels } = this.sweep();
    this.starts = starts;
    const rangeValues = new Array<V | undefined>(labels.length);
    for (let r = 0; r < labels.length; r++) {
      rangeValues[r] = labels[r] === NO_ENTRY ? undefined : this.values[labels[r]];
    }
    this.rangeValues = rangeValues;
    this.buildIndex();
    this.dirty = false;
  }

  /** Cuts the address space into ranges labelled with their longest prefix (store sorted). */
  private sweep(): { starts: Uint32Array; labels: Int32Array } {
    const w = this.width;
    const n = this.count;
    const addr = this.addr;
    const lens = this.lens;

    const starts = new Uint32Array((2 * n + 1) * w);
    const labels = new Int32Array(2 * n + 1);
    let ranges = 0;
    // Sweep the entries in address order. `cur` is the first address not yet assigned to a range
    // (`done` once it passes the end of the address space). The stack holds the prefixes
    // enclosing `cur`, innermost on top (last address and entry); strictly nested prefixes have
    // distinct lengths, so the depth is at most bits + 1.
    const cur = new Uint32Array(w);
    let done = false;
    const stackEnds = new Uint32Array((this.bits + 1) * w);
    const stackEntries = new Int32Array(this.bits + 1);
    let depth = 0;
    for (let e = 0; e <= n; e++) {
      // Close the prefixes that end before entry e starts (all of them after the last entry):
      // the addresses from `cur` to the end of each belong to it.
      while (depth > 0 && (e === n || compareWords(stackEnds, (depth - 1) * w, addr, e * w, w) < 0)) {
        depth--;
        if (!done && compareWords(cur, 0, stackEnds, depth * w, w) <= 0) {
          ranges = addRange(starts, labels, ranges, cur, stackEntries[depth]);
          done = !increment(stackEnds, depth * w, cur, w);
        }
      }
      if (e === n) break;
      // The addresses from `cur` up to entry e belong to the innermost enclosing prefix, if any.
      if (compareWords(cur, 0, addr, e * w, w) < 0) {
        ranges = addRange(starts, labels, ranges, cur, depth > 0 ? stackEntries[depth - 1] : NO_ENTRY);
        for (let k = 0; k < w; k++) cur[k] = addr[e * w + k];
      }
      for (let k = 0; k < w; k++) {
        stackEnds[depth * w + k] = addr[e * w + k] | ~maskWord(lens[e] - 32 * k);
      }
      stackEntries[depth++] = e;
    }
    if (!done) ranges = addRange(starts, labels, ranges, cur, NO_ENTRY);
    return { starts: starts.slice(0, ranges * w), labels: labels.slice(0, ranges) };
  }

  /** Builds the index and the second-level blocks of the range table. */
  private buildIndex(): void {
    const w = this.width;
    const starts = this.starts;
    const ranges = this.rangeValues.length;
    // Range r holds the index points from the first one at or after its start up to (excluding)
    // the first one at or after the next range's start.
    const index = new Int32Array(INDEX_SLOTS);
    let from = 0;
    for (let r = 0; r < ranges; r++) {
      const to = r + 1 < ranges ? pointAtOrAfter(starts, (r + 1) * w, w, 16) : INDEX_SLOTS;
      for (let h = from; h < to; h++) index[h] = r;
      from = to;
    }
    // Second-level blocks for the crowded slots (the last slot is only an upper bound), with the
    // same rule on the points of 24 bits h.m.
    const crowded: number[] = [];
    for (let h = 0; h < INDEX_SLOTS - 1; h++) {
      if (index[h + 1] - index[h] > SUBINDEX_MIN_SPAN) crowded.push(h);
    }
    const subIndex = new Uint32Array(crowded.length * SUBINDEX_SLOTS);
    crowded.forEach((h, i) => {
      const block = i * SUBINDEX_SLOTS;
      let m = 0;
      for (let r = index[h]; r < index[h + 1]; r++) {
        const to = Math.min(pointAtOrAfter(starts, (r + 1) * w, w, 24) - h * 256, SUBINDEX_SLOTS);
        for (; m < to; m++) subIndex[block + m] = r;
      }
      for (; m < SUBINDEX_SLOTS; m++) subIndex[block + m] = index[h + 1];
    });
    // Only now, as index[h + 1] above must still be a range.
    crowded.forEach((h, i) => (index[h] = ~(i * SUBINDEX_SLOTS)));
    this.index = index;
    this.subIndex = subIndex;
  }

  /**
   * Sorts the prefix store by (address, length) with a stable LSD radix sort on 16-bit digits,
   * then keeps only the last inserted entry of each prefix.
   */
  private sortStore(): void {
    const w = this.width;
    const n = this.count;
    const addr = this.addr;
    const lens = this.lens;
    let order = new Uint32Array(n);
    for (let e = 0; e < n; e++) order[e] = e;
    let spare = new Uint32Array(n);
    const digits = new Uint32Array(n);
    // Least significant key first: length, then the address from its last 16 bits to its first.
    digits.set(lens.subarray(0, n));
    countingSort(order, spare, digits, this.bits + 1);
    [order, spare] = [spare, order];
    for (let k = w - 1; k >= 0; k--) {
      for (let e = 0; e < n; e++) digits[e] = addr[e * w + k] & 0xffff;
      countingSort(order, spare, digits, 0x10000);
      for (let e = 0; e < n; e++) digits[e] = addr[e * w + k] >>> 16;
      countingSort(spare, order, digits, 0x10000);
    }

    const sortedAddr = new Uint32Array(n * w);
    const sortedLens = new Uint8Array(n);
    const sortedValues: V[] = [];
    let m = 0;
    for (let i = 0; i < n; i++) {
      const e = order[i];
      // Equal prefixes are adjacent, in insertion order: keep the last one.
      if (i + 1 < n && lens[e] === lens[order[i + 1]] && compareWords(addr, e * w, addr, order[i + 1] * w, w) === 0) {
        continue;
      }
      for (let k = 0; k < w; k++) sortedAddr[m * w + k] = addr[e * w + k];
      sortedLens[m] = lens[e];
      sortedValues.push(this.values[e]);
      m++;
    }
    this.addr = sortedAddr;
    this.lens = sortedLens;
    this.values = sortedValues;
    this.count = m;
  }
}

/** Stable counting sort of the entries listed in `src` by `digits[entry]` (< buckets), into `dst`. */
function countingSort(src: Uint32Array, dst: Uint32Array, digits: Uint32Array, buckets: number): void {
  const counts = new Uint32Array(buckets + 1);
  for (let i = 0; i < src.length; i++) counts[digits[i] + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  for (let i = 0; i < src.length; i++) {
    const e = src[i];
    dst[counts[digits[e]]++] = e;
  }
}

/**
 * Appends the range starting at `start` (a copy is kept) with `label` and returns the new range
 * count, unless the previous range has the same label (it then just extends).
 */
function addRange(starts: Uint32Array, labels: Int32Array, ranges: number, start: Uint32Array, label: number): number {
  if (ranges > 0 && labels[ranges - 1] === label) return ranges;
  const w = start.length;
  for (let k = 0; k < w; k++) starts[ranges * w + k] = start[k];
  labels[ranges] = label;
  return ranges + 1;
}

/** Compares the `w`-word numbers at `a[i]` and `b[j]`: negative, zero or positive. */
function compareWords(a: Uint32Array, i: number, b: Uint32Array, j: number, w: number): number {
  for (let k = 0; k < w; k++) {
    if (a[i + k] !== b[j + k]) return a[i + k] < b[j + k] ? -1 : 1;
  }
  return 0;
}

/** Writes the `w`-word number at `src[i]` plus one to `dst`; false if it overflows. */
function increment(src: Uint32Array, i: number, dst: Uint32Array, w: number): boolean {
  let carry = 1;
  for (let k = w - 1; k >= 0; k--) {
    const sum = src[i + k] + carry;
    dst[k] = sum;
    carry = sum > 0xffffffff ? 1 : 0;
  }
  return carry === 0;
}

/** Whether IPv6 range `r` starts at or before the address `a0:a1:a2:a3` (32-bit words). */
function startsAtOrBefore6(
  starts: Uint32Array,
  r: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
): boolean {
  const j = r * 4;
  if (starts[j] !== a0) return starts[j] < a0;
  if (starts[j + 1] !== a1) return starts[j + 1] < a1;
  if (starts[j + 2] !== a2) return starts[j + 2] < a2;
  return starts[j + 3] <= a3;
}

/**
 * The first index point at or after the `w`-word address at `starts[i]`: points are the addresses
 * whose bits after the first `bits` (16 or 24) are zero, numbered by those first bits.
 */
function pointAtOrAfter(starts: Uint32Array, i: number, w: number, bits: number): number {
  const point = starts[i] >>> (32 - bits);
  let exact = (starts[i] & ((1 << (32 - bits)) - 1)) === 0;
  for (let k = 1; k < w; k++) exact &&= starts[i + k] === 0;
  return exact ? point : point + 1;
}

/** Network mask of one 32-bit word holding bits `[32 - len ...]` of a prefix (len clamped). */
function maskWord(len: number): number {
  if (len <= 0) return 0;
  if (len >= 32) return 0xffffffff;
  return (0xffffffff << (32 - len)) >>> 0;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

