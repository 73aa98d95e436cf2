// Tests of the longest-prefix-match engine: differential property tests against a plain
// reference (linear scan with BigInt masks), targeted cases, and parser accept/reject tables.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../server/src/core/net/index.js';
import { PrefixTable } from '../../server/src/core/routing/lpm.js';

// ---------------------------------------------------------------------------------------------
// Reference implementation: every prefix in a list, lookups scan them all.

type Family = 4 | 6;
const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function mask(family: Family, len: number): bigint {
  const bits = BigInt(BITS[family]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(len))) - 1n);
}

class ReferenceTable<V> {
  readonly prefixes: { family: Family; net: bigint; len: number; value: V }[] = [];

  insert(family: Family, addr: bigint, len: number, value: V): void {
    const net = addr & mask(family, len);
    const same = this.prefixes.find((p) => p.family === family && p.net === net && p.len === len);
    if (same) same.value = value;
    else this.prefixes.push({ family, net, len, value });
  }

  lookup(family: Family, addr: bigint): V | undefined {
    let best: { len: number; value: V } | undefined;
    for (const p of this.prefixes) {
      if (p.family === family && (addr & mask(family, p.len)) === p.net && (!best || p.len > best.len)) best = p;
    }
    return best?.value;
  }
}

// ---------------------------------------------------------------------------------------------
// Address text, written independently of the module under test.

const MAX128 = (1n << 128n) - 1n;

function v4Text(addr: bigint): string {
  const a = Number(addr);
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

function groupsOf(addr: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - 16 * i)) & 0xffffn));
}

/** IPv6 text in one of several valid styles (chosen by `style`) for the same address. */
function v6Text(addr: bigint, style: number): string {
  const g = groupsOf(addr);
  switch (style % 5) {
    case 0: // full, zero-padded, uppercase
      return g.map((x) => x.toString(16).padStart(4, '0').toUpperCase()).join(':');
    case 1: // full, minimal digits
      return g.map((x) => x.toString(16)).join(':');
    case 2: {
      // '::' over the first zero run (even of one group), if any
      const at = g.indexOf(0);
      if (at < 0) return g.map((x) => x.toString(16)).join(':');
      let end = at;
      while (end < 8 && g[end] === 0) end++;
      const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
      return `${hex(g.slice(0, at))}::${hex(g.slice(end))}`;
    }
    case 3: {
      // embedded IPv4 for the last 32 bits
      const head = g.slice(0, 6).map((x) => x.toString(16)).join(':');
      return `${head}:${v4Text(addr & 0xffffffffn)}`;
    }
    default:
      return formatIPv6(wordsOf(addr)); // canonical (RFC 5952), checked separately below
  }
}

function wordsOf(addr: bigint): Uint32Array {
  return Uint32Array.from([96n, 64n, 32n, 0n], (s) => Number((addr >> s) & 0xffffffffn));
}

function bigOfWords(w: Uint32Array): bigint {
  return (BigInt(w[0]) << 96n) | (BigInt(w[1]) << 64n) | (BigInt(w[2]) << 32n) | BigInt(w[3]);
}

/** RFC 5952 text: the longest run of 2+ zero groups (first on a tie) as '::', mapped IPv4. */
function refCanonical(addr: bigint): string {
  if (addr >> 32n === 0xffffn) return `::ffff:${v4Text(addr & 0xffffffffn)}`;
  const hex = groupsOf(addr).map((x) => x.toString(16));
  const text = hex.join(':');
  // Candidate zero runs, longest first; the regex finds the leftmost occurrence.
  for (let len = 8; len >= 2; len--) {
    const run = Array<string>(len).fill('0').join(':');
    const m = new RegExp(`(^|:)${run}(:|$)`).exec(text);
    if (m) return `${text.slice(0, m.index)}::${text.slice(m.index + m[0].length)}`;
  }
  return text;
}

// Reference parsers: regular expressions and split, unlike the charCodeAt loops under test.

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

function refParse4(s: string): number | undefined {
  const m = DOTTED_QUAD.exec(s);
  return m ? ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0 : undefined;
}

function refParse6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  if (s.includes('.')) {
    const colon = s.lastIndexOf(':');
    const v4 = colon < 0 ? undefined : refParse4(s.slice(colon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, colon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const split = (p: string): string[] => (p === '' ? [] : p.split(':'));
  let groups: string[];
  if (halves.length === 2) {
    const head = split(halves[0]);
    const tail = split(halves[1]);
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  } else {
    groups = split(s);
    if (groups.length !== 8) return undefined;
  }
  if (!groups.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x))) return undefined;
  return groups.reduce((acc, x) => (acc << 16n) | BigInt(parseInt(x, 16)), 0n);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: tables and destinations clustered around a few anchor addresses, so that prefixes
// nest and destinations land inside, just outside and between them.

const lenArb = (bits: number): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(0), fc.constant(bits), fc.integer({ min: 0, max: bits }), fc.integer({ min: bits - 8, max: bits }));

/** An address near one of the anchors: its low `spread` bits replaced with random ones. */
const nearArb = (bits: number) =>
  fc.record({
    anchor: fc.nat(),
    noise: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
    spread: fc.oneof(fc.integer({ min: 0, max: bits }), fc.integer({ min: 0, max: 12 })),
  });

function near(anchors: bigint[], n: { anchor: number; noise: bigint; spread: number }): bigint {
  const low = (1n << BigInt(n.spread)) - 1n;
  return (anchors[n.anchor % anchors.length] & ~low) | (n.noise & low);
}

const scenarioArb = (family: Family) => {
  const bits = BITS[family];
  const max = (1n << BigInt(bits)) - 1n;
  const anchor = fc.oneof(
    fc.bigInt({ min: 0n, max }),
    fc.constantFrom(0n, max, family === 6 ? 0xffff00000000n : 0x0a000000n),
  );
  return fc.record({
    anchors: fc.array(anchor, { minLength: 1, maxLength: 4 }),
    // Inserted in two batches with lookups in between, to exercise recompilation.
    batches: fc.array(
      fc.array(fc.record({ at: nearArb(bits), len: lenArb(bits) }), { maxLength: 30 }),
      { minLength: 1, maxLength: 2 },
    ),
    // Re-inserts of earlier prefixes with new values (and random host bits): last insert wins.
    reinserts: fc.array(fc.record({ pick: fc.nat(), noise: fc.bigInt({ min: 0n, max }) }), { maxLength: 5 }),
    destinations: fc.array(nearArb(bits), { minLength: 1, maxLength: 40 }),
    style: fc.nat(),
  });
};

/** Runs a scenario on both tables, checking every lookup, `size` and `entries()`. */
type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer T> ? T : never;

function checkScenario(family: Family, s: Scenario): void {
  const table = new PrefixTable<string>();
  const ref = new ReferenceTable<string>();
  const text = (a: bigint, style: number): string => (family === 4 ? v4Text(a) : v6Text(a, style));
  const inserted: { addr: bigint; len: number }[] = [];
  let serial = 0;
  const check = (): void => {
    for (const [i, d] of s.destinations.entries()) {
      const a = near(s.anchors, d);
      const want = ref.lookup(family, a);
      const t = text(a, s.style + i);
      assert.equal(table.lookup(t), want, `lookup(${t})`);
      if (family === 4) assert.equal(table.lookupV4(Number(a)), want, `lookupV4(${t})`);
      else assert.equal(table.lookupV6(wordsOf(a)), want, `lookupV6(${t})`);
    }
  };
  for (const batch of s.batches) {
    for (const p of batch) {
      const a = near(s.anchors, p.at);
      const value = `v${serial++}`;
      table.insert(text(a, s.style + serial), p.len, value);
      ref.insert(family, a, p.len, value);
      inserted.push({ addr: a, len: p.len });
    }
    check();
  }
  if (inserted.length > 0) {
    for (const r of s.reinserts) {
      const p = inserted[r.pick % inserted.length];
      const a = p.addr | (r.noise & ~mask(family, p.len));
      const value = `v${serial++}`;
      table.insert(text(a, serial), p.len, value);
      ref.insert(family, a, p.len, value);
    }
    check();
  }
  assert.equal(table.size, ref.prefixes.length);
  const listed = [...table.entries()].map((e) => {
    const addr = family === 4 ? BigInt(parseIPv4(e.address)!) : bigOfWords(parseIPv6(e.address)!);
    return `${addr}/${e.prefixLen}=${e.value}`;
  });
  const expected = [...ref.prefixes]
    .sort((x, y) => (x.net < y.net ? -1 : x.net > y.net ? 1 : x.len - y.len))
    .map((p) => `${p.net}/${p.len}=${p.value}`);
  assert.deepEqual(listed, expected);
}

// ---------------------------------------------------------------------------------------------

describe('PrefixTable against the reference implementation', () => {
  it('IPv4: random tables and destinations', () => {
    fc.assert(fc.property(scenarioArb(4), (s) => checkScenario(4, s)), { numRuns: 250 });
  });

  it('IPv6: random tables and destinations, in varied text forms', () => {
    fc.assert(fc.property(scenarioArb(6), (s) => checkScenario(6, s)), { numRuns: 200 });
  });

  it('both families in one table never match each other', () => {
    const arb = fc.record({
      v4: fc.array(fc.record({ a: fc.nat({ max: 0xffffffff }), len: lenArb(32) }), { maxLength: 10 }),
      v6: fc.array(fc.record({ a: fc.bigInt({ min: 0n, max: MAX128 }), len: lenArb(128) }), { maxLength: 10 }),
      probes: fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 10 }),
    });
    fc.assert(
      fc.property(arb, ({ v4, v6, probes }) => {
        const table = new PrefixTable<string>();
        const ref = new ReferenceTable<string>();
        v4.forEach((p, i) => {
          table.insert(v4Text(BigInt(p.a)), p.len, `a${i}`);
          ref.insert(4, BigInt(p.a), p.len, `a${i}`);
        });
        v6.forEach((p, i) => {
          table.insert(v6Text(p.a, i), p.len, `b${i}`);
          ref.insert(6, p.a, p.len, `b${i}`);
        });
        for (const x of probes) {
          // The same 32 bits as IPv4, as IPv4-mapped IPv6 and as IPv4-compatible IPv6.
          assert.equal(table.lookup(v4Text(BigInt(x))), ref.lookup(4, BigInt(x)));
          const mapped = 0xffff00000000n | BigInt(x);
          assert.equal(table.lookup(`::ffff:${v4Text(BigInt(x))}`), ref.lookup(6, mapped));
          assert.equal(table.lookup(`::${v4Text(BigInt(x))}`), ref.lookup(6, BigInt(x)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('large clustered tables (crowded index slots) against a hash-per-length reference', () => {
    // Thousands of prefixes packed into a few /16s (IPv4) and /16-slots (IPv6), so that index
    // slots hold hundreds of ranges; checked against an O(bits) hash-based reference.
    let seed = 12345;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (const family of [4, 6] as const) {
      const bits = BITS[family];
      const table = new PrefixTable<number>();
      const byLen = new Map<number, Map<bigint, number>>();
      const bases = family === 4 ? [0x0a000000n, 0xc0a80000n, 0x01020000n] : [0x20010db8n << 96n, 0x2a000000n << 96n];
      const randomBig = (): bigint => BigInt(Math.floor(rand() * 2 ** 32)) | (BigInt(Math.floor(rand() * 2 ** 32)) << 32n);
      const random128 = (): bigint => randomBig() | (randomBig() << 64n);
      const nearBase = (): bigint => {
        const base = bases[Math.floor(rand() * bases.length)];
        const hostBits = BigInt(bits - 16);
        return base | (random128() & ((1n << hostBits) - 1n));
      };
      for (let i = 0; i < 3000; i++) {
        const len = rand() < 0.1 ? Math.floor(rand() * (bits + 1)) : bits - Math.floor(rand() * (family === 4 ? 12 : 90));
        const a = nearBase();
        const text = family === 4 ? v4Text(a) : v6Text(a, i);
        table.insert(text, len, i);
        const net = a & mask(family, len);
        if (!byLen.has(len)) byLen.set(len, new Map());
        byLen.get(len)!.set(net, i);
      }
      const refLookup = (a: bigint): number | undefined => {
        for (let len = bits; len >= 0; len--) {
          const v = byLen.get(len)?.get(a & mask(family, len));
          if (v !== undefined) return v;
        }
        return undefined;
      };
      for (let i = 0; i < 8000; i++) {
        const a = rand() < 0.9 ? nearBase() : random128() & ((1n << BigInt(bits)) - 1n);
        const text = family === 4 ? v4Text(a) : v6Text(a, i);
        assert.equal(table.lookup(text), refLookup(a), text);
      }
    }
  });
});

describe('PrefixTable targeted cases', () => {
  it('many prefixes within one /24 and one /120 (long candidate lists): every address', () => {
    // Host routes on every third address plus a few /28s and /30s: hundreds of ranges whose top
    // 24 bits (IPv4) or 120 bits (IPv6) are equal, so lookups must search a long candidate list.
    for (const family of [4, 6] as const) {
      const base = family === 4 ? 0x0a010200n : 0x20010db8n << 96n;
      const text = (a: bigint): string => (family === 4 ? v4Text(a) : v6Text(a, 4));
      const bits = BITS[family];
      const table = new PrefixTable<string>();
      const ref = new ReferenceTable<string>();
      const add = (a: bigint, len: number): void => {
        table.insert(text(a), len, `${a}/${len}`);
        ref.insert(family, a, len, `${a}/${len}`);
      };
      add(base, bits - 8);
      for (let i = 0; i < 256; i += 3) add(base + BigInt(i), bits);
      for (let i = 0; i < 256; i += 32) add(base + BigInt(i), bits - 4);
      for (let i = 8; i < 256; i += 40) add(base + BigInt(i), bits - 2);
      for (let i = -2; i < 258; i++) {
        const a = base + BigInt(i);
        assert.equal(table.lookup(text(a)), ref.lookup(family, a), text(a));
      }
    }
  });

  it('slots next to a crowded slot, and ranges that cross slot boundaries', () => {
    // An aggregate /8 around a crowded /16 (17 /24s and a /25) between two /16s holding one /24
    // each: ranges of the aggregate run across the /16 boundaries. Every /24 is probed at both ends.
    for (const family of [4, 6] as const) {
      const bits = BITS[family];
      const first = family === 4 ? 0x0a00n : 0x2000n; // 10.0.0.0 or 2000::
      const at = (slot: bigint, m: number, rest: bigint): bigint =>
        (slot << BigInt(bits - 16)) | (BigInt(m) << BigInt(bits - 24)) | rest;
      const text = (a: bigint): string => (family === 4 ? v4Text(a) : v6Text(a, 4));
      const table = new PrefixTable<string>();
      const ref = new ReferenceTable<string>();
      const add = (a: bigint, len: number): void => {
        table.insert(text(a), len, `${a}/${len}`);
        ref.insert(family, a, len, `${a}/${len}`);
      };
      add(at(first, 0, 0n), 8);
      add(at(first + 1n, 7, 0n), 24);
      for (let m = 0; m < 250; m += 15) add(at(first + 2n, m, 0n), 24);
      add(at(first + 2n, 255, 0n), 25); // the /8 resumes mid-block and runs into the next slot
      add(at(first + 3n, 5, 0n), 24);
      const ones = (1n << BigInt(bits - 24)) - 1n;
      for (let slot = first; slot <= first + 5n; slot++) {
        for (let m = 0; m < 256; m++) {
          for (const a of [at(slot, m, 0n), at(slot, m, ones)]) {
            assert.equal(table.lookup(text(a)), ref.lookup(family, a), text(a));
          }
        }
      }
    }
  });

  it('a default route only matches every address of its family', () => {
    const t = new PrefixTable<string>();
    t.insert('0.0.0.0', 0, 'v4 default');
    for (const a of ['0.0.0.0', '1.2.3.4', '255.255.255.255', '10.0.0.1']) assert.equal(t.lookup(a), 'v4 default');
    assert.equal(t.lookup('::'), undefined);
    assert.equal(t.lookup('::ffff:1.2.3.4'), undefined);
    t.insert('::', 0, 'v6 default');
    for (const a of ['::', '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::ffff:1.2.3.4']) {
      assert.equal(t.lookup(a), 'v6 default');
    }
    assert.equal(t.lookupV4(0), 'v4 default');
    assert.equal(t.lookupV4(0xffffffff), 'v4 default');
    assert.equal(t.lookupV6(new Uint32Array([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff])), 'v6 default');
    assert.equal(t.size, 2);
  });

  it('host routes /32 and /128 match only their address', () => {
    const t = new PrefixTable<string>();
    t.insert('192.0.2.7', 32, 'host4');
    t.insert('2001:db8::7', 128, 'host6');
    t.insert('255.255.255.255', 32, 'last4');
    t.insert('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 128, 'last6');
    assert.equal(t.lookup('192.0.2.7'), 'host4');
    assert.equal(t.lookup('192.0.2.6'), undefined);
    assert.equal(t.lookup('192.0.2.8'), undefined);
    assert.equal(t.lookup('2001:db8::7'), 'host6');
    assert.equal(t.lookup('2001:db8:0:0:0:0:0:7'), 'host6');
    assert.equal(t.lookup('2001:db8::6'), undefined);
    assert.equal(t.lookup('2001:db8::8'), undefined);
    assert.equal(t.lookup('255.255.255.255'), 'last4');
    assert.equal(t.lookup('255.255.255.254'), undefined);
    assert.equal(t.lookup('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 'last6');
    assert.equal(t.lookup('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe'), undefined);
  });

  it('returns undefined when nothing matches, also in an empty table', () => {
    const empty = new PrefixTable<number>();
    assert.equal(empty.lookup('10.0.0.1'), undefined);
    assert.equal(empty.lookup('::1'), undefined);
    assert.equal(empty.size, 0);
    assert.deepEqual([...empty.entries()], []);
    const t = new PrefixTable<number>();
    t.insert('10.0.0.0', 8, 1);
    t.insert('2001:db8::', 32, 2);
    assert.equal(t.lookup('11.0.0.1'), undefined);
    assert.equal(t.lookup('9.255.255.255'), undefined);
    assert.equal(t.lookup('2001:db9::'), undefined);
  });

  it('::ffff:10.0.0.1 (IPv6) does not match the IPv4 prefix 10.0.0.0/8', () => {
    const t = new PrefixTable<string>();
    t.insert('10.0.0.0', 8, 'ten');
    assert.equal(t.lookup('10.0.0.1'), 'ten');
    assert.equal(t.lookup('::ffff:10.0.0.1'), undefined);
    assert.equal(t.lookup('::ffff:a00:1'), undefined);
    assert.equal(t.lookup('::10.0.0.1'), undefined);
    t.insert('::ffff:10.0.0.0', 104, 'mapped ten');
    assert.equal(t.lookup('::ffff:10.0.0.1'), 'mapped ten');
    assert.equal(t.lookup('10.0.0.1'), 'ten');
  });

  it('masks host bits on insert, and an identical prefix replaces the value', () => {
    const t = new PrefixTable<string>();
    t.insert('10.1.2.3', 8, 'first');
    assert.deepEqual([...t.entries()], [{ address: '10.0.0.0', prefixLen: 8, value: 'first' }]);
    assert.equal(t.lookup('10.200.0.1'), 'first');
    t.insert('10.0.0.0', 8, 'second');
    assert.equal(t.size, 1);
    assert.equal(t.lookup('10.200.0.1'), 'second');
    t.insert('2001:db8:1234:5678::1', 32, 'six');
    t.insert('2001:DB8::', 32, 'six again');
    assert.deepEqual([...t.entries()].slice(1), [{ address: '2001:db8::', prefixLen: 32, value: 'six again' }]);
    t.insert('1.2.3.4', 0, 'default');
    assert.deepEqual([...t.entries()][0], { address: '0.0.0.0', prefixLen: 0, value: 'default' });
    assert.equal(t.size, 3);
  });

  it('nested prefixes: the longest wins whatever the insertion order', () => {
    const prefixes: [string, number][] = [
      ['10.0.0.0', 8],
      ['10.1.0.0', 16],
      ['10.1.2.0', 24],
      ['10.1.2.128', 25],
      ['10.1.2.130', 32],
    ];
    for (const order of [prefixes, [...prefixes].reverse()]) {
      const t = new PrefixTable<string>();
      for (const [a, l] of order) t.insert(a, l, `/${l}`);
      assert.equal(t.lookup('10.9.9.9'), '/8');
      assert.equal(t.lookup('10.1.9.9'), '/16');
      assert.equal(t.lookup('10.1.2.1'), '/24');
      assert.equal(t.lookup('10.1.2.129'), '/25');
      assert.equal(t.lookup('10.1.2.130'), '/32');
      assert.equal(t.lookup('10.1.2.131'), '/25');
      assert.equal(t.lookup('10.1.3.0'), '/16');
      assert.equal(t.lookup('11.0.0.0'), undefined);
    }
  });

  it('lookups after further inserts see the new prefixes', () => {
    const t = new PrefixTable<string>();
    t.insert('10.0.0.0', 8, 'a');
    assert.equal(t.lookup('10.1.1.1'), 'a');
    t.insert('10.1.0.0', 16, 'b');
    assert.equal(t.lookup('10.1.1.1'), 'b');
    t.insert('10.1.0.0', 16, 'c');
    assert.equal(t.lookup('10.1.1.1'), 'c');
    assert.equal(t.lookupV4(0x0a010101), 'c');
  });

  it('throws a RangeError naming the value for a bad address or prefix length', () => {
    const t = new PrefixTable<number>();
    const throwsWith = (f: () => void, ...parts: string[]): void => {
      assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof RangeError, `not a RangeError: ${String(e)}`);
        for (const p of parts) assert.ok(e.message.includes(p), `${JSON.stringify(e.message)} lacks ${p}`);
        return true;
      });
    };
    throwsWith(() => t.insert('10.0.0.0', 33, 1), '33', '10.0.0.0', '0 to 32');
    throwsWith(() => t.insert('10.0.0.0', -1, 1), '-1', '0 to 32');
    throwsWith(() => t.insert('10.0.0.0', 24.5, 1), '24.5');
    throwsWith(() => t.insert('10.0.0.0', NaN, 1), 'NaN');
    throwsWith(() => t.insert('2001:db8::', 129, 1), '129', '2001:db8::', '0 to 128');
    throwsWith(() => t.insert('::', 200, 1), '200', '0 to 128');
    throwsWith(() => t.insert('10.0.0.0/8', 8, 1), '"10.0.0.0/8"');
    throwsWith(() => t.insert('not an address', 8, 1), '"not an address"');
    throwsWith(() => t.insert(' 1.2.3.4', 8, 1), '" 1.2.3.4"');
    throwsWith(() => t.insert('', 0, 1), '""');
    throwsWith(() => t.insert(undefined as unknown as string, 0, 1), 'undefined');
    throwsWith(() => t.insert('10.0.0.0', '8' as unknown as number, 1), '8');
    // Nothing was inserted by the failed calls.
    assert.equal(t.size, 0);
  });

  it('lookup of an invalid string returns undefined and never throws', () => {
    const t = new PrefixTable<string>();
    t.insert('0.0.0.0', 0, 'default4');
    t.insert('::', 0, 'default6');
    for (const bad of ['', ' ', '1.2.3', '256.1.1.1', '1.2.3.4/32', ' 1.2.3.4', ':::', '1::2::3', 'fe80::1%eth0', '[::1]', 'x']) {
      assert.equal(t.lookup(bad), undefined, bad);
    }
    for (const bad of [undefined, null, 42, {}, []]) assert.equal(t.lookup(bad as unknown as string), undefined);
    fc.assert(
      fc.property(fc.string(), (s) => {
        const got = t.lookup(s);
        const want = refParse4(s) !== undefined ? 'default4' : refParse6(s) !== undefined ? 'default6' : undefined;
        assert.equal(got, want);
      }),
      { numRuns: 500 },
    );
  });

  it('lookupV4 returns undefined for numbers that are not uint32', () => {
    const t = new PrefixTable<string>();
    t.insert('0.0.0.0', 0, 'default');
    assert.equal(t.lookupV4(0x80000000), 'default');
    for (const n of [-1, 2 ** 32, 1.5, NaN, Infinity]) assert.equal(t.lookupV4(n), undefined, String(n));
  });

  it('entries() lists IPv4 then IPv6, each in address order, in canonical text', () => {
    const t = new PrefixTable<number>();
    t.insert('2001:DB8:0:0:1:0:0:0', 80, 1);
    t.insert('10.0.0.0', 8, 2);
    t.insert('::ffff:192.0.2.0', 120, 3);
    t.insert('1.0.0.0', 8, 4);
    t.insert('10.0.0.0', 16, 5);
    t.insert('::', 0, 6);
    assert.deepEqual(
      [...t.entries()].map((e) => `${e.address}/${e.prefixLen}=${e.value}`),
      ['1.0.0.0/8=4', '10.0.0.0/8=2', '10.0.0.0/16=5', '::/0=6', '::ffff:192.0.2.0/120=3', '2001:db8:0:0:1::/80=1'],
    );
  });
});

describe('parseIPv4', () => {
  it('accepts strict dotted quads', () => {
    const ok: [string, number][] = [
      ['0.0.0.0', 0],
      ['255.255.255.255', 0xffffffff],
      ['10.0.0.1', 0x0a000001],
      ['192.168.1.254', 0xc0a801fe],
      ['1.2.3.4', 0x01020304],
      ['100.64.0.0', 0x64400000],
    ];
    for (const [s, n] of ok) assert.equal(parseIPv4(s), n, s);
  });

  it('rejects everything else', () => {
    const bad = [
      '', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.256', '1.2.3.4/24', ' 1.2.3.4', '1.2.3.4 ',
      '010.1.1.1', '1.01.1.1', '1.2.3.00', '00.0.0.0', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.-4',
      '+1.2.3.4', '1.2.3.4a', '0x1.2.3.4', '1e2.0.0.0', '１.2.3.4', '1000.1.1.1', '::1', '1.2.3.4%0',
    ];
    for (const s of bad) assert.equal(parseIPv4(s), undefined, s);
    assert.equal(parseIPv4(undefined as unknown as string), undefined);
  });

  it('agrees with a regular-expression parser on random strings and round-trips formatIPv4', () => {
    const token = fc.constantFrom('0', '1', '9', '25', '255', '256', '01', '.', '..', ' ', '/', 'a', '300', '199');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 10 }).map((t) => t.join('')), (s) => {
        assert.equal(parseIPv4(s), refParse4(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        assert.equal(formatIPv4(n), v4Text(BigInt(n)));
        assert.equal(parseIPv4(formatIPv4(n)), n);
      }),
    );
  });
});

describe('parseIPv6', () => {
  const big = (s: string): bigint | undefined => {
    const w = parseIPv6(s);
    return w && bigOfWords(w);
  };

  it('accepts the RFC 4291 text forms', () => {
    const ok: [string, bigint][] = [
      ['::', 0n],
      ['::1', 1n],
      ['1::', 1n << 112n],
      ['2001:db8::1', (0x20010db8n << 96n) | 1n],
      ['2001:DB8:0:0:8:800:200C:417A', 0x20010db80000000000080800200c417an],
      ['2001:db8:0:0:8:800:200c:417a', 0x20010db80000000000080800200c417an],
      ['2001:db8::8:800:200c:417a', 0x20010db80000000000080800200c417an],
      ['0000:0000:0000:0000:0000:0000:0000:0001', 1n],
      ['ff01::101', (0xff01n << 112n) | 0x101n],
      ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
      ['::2:3:4:5:6:7:8', 0x00000002000300040005000600070008n],
      ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
      ['::ffff:1.2.3.4', 0xffff01020304n],
      ['::FFFF:129.144.52.38', 0xffff81903426n],
      ['::13.1.68.3', 0x0d014403n],
      ['64:ff9b::192.0.2.33', (0x64ff9bn << 96n) | 0xc0000221n],
      ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
      ['1::5:6:1.2.3.4', 0x00010000000000000005000601020304n],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', MAX128],
    ];
    for (const [s, n] of ok) assert.equal(big(s), n, s);
  });

  it('rejects everything else', () => {
    const bad = [
      '', ':', ':::', '1::2::3', 'fe80::1%eth0', '[::1]', '::1/128', ' ::1', '::1 ', '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', '12345::', '1:::2', ':1::', '1::2:',
      ':1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:', 'g::', '::ffff:1.2.3', '::ffff:01.2.3.4', '::ffff:256.1.1.1',
      '::1.2.3.4:5', '1.2.3.4', '1.2.3.4::', '1:2:3:4:5:6:7:1.2.3.4', '::ffff:1.2.3.4.5', '1:2:3:4:5:6:7:8%1',
      '0x1::', '::-1',
    ];
    for (const s of bad) assert.equal(parseIPv6(s), undefined, s);
    assert.equal(parseIPv6(undefined as unknown as string), undefined);
  });

  it('agrees with a split-based parser on random strings', () => {
    const token = fc.constantFrom(
      '0', '1', 'a', 'F', 'ffff', '0000', '00000', 'db8', ':', '::', ':::', '.', '1.2.3.4', '255', '256', '01', 'g', '%', ' ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 14 }).map((t) => t.join('')), (s) => {
        assert.equal(big(s), refParse6(s), s);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses every text style of random addresses, and formatIPv6 is RFC 5952 canonical', () => {
    const addr = fc.oneof(
      fc.bigInt({ min: 0n, max: MAX128 }),
      // Addresses with runs of zero groups, for '::' placement.
      fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xdb8), { minLength: 8, maxLength: 8 }).map((g) =>
        g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n),
      ),
    );
    fc.assert(
      fc.property(addr, fc.nat(), (a, style) => {
        for (let k = 0; k < 5; k++) assert.equal(big(v6Text(a, style + k)), a, v6Text(a, style + k));
        const canonical = formatIPv6(wordsOf(a));
        assert.equal(big(canonical), a);
        assert.equal(canonical, refCanonical(a));
      }),
      { numRuns: 1000 },
    );
    assert.equal(formatIPv6(wordsOf(0x20010db8000000000001000000000001n)), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6(wordsOf(0x20010db8000000010000000000000001n)), '2001:db8:0:1::1');
    assert.equal(formatIPv6(wordsOf(0x20010db8000100010001000100010001n)), '2001:db8:1:1:1:1:1:1');
    assert.equal(formatIPv6(wordsOf(0x20010db8000000010001000100010001n)), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIPv6(wordsOf(0n)), '::');
    assert.equal(formatIPv6(wordsOf(0xffffc0000201n)), '::ffff:192.0.2.1');
  });
});
