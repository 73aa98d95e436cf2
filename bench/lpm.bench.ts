/**
 * Benchmark of the longest-prefix-match engine (server/src/core/routing/lpm.ts) against the npm
 * peers arkime-iptrie (native addon) and longest-prefix-match (pure JS).
 *
 *   node --expose-gc --import tsx bench/lpm.bench.ts [--routes N] [--destinations N] [--reps N]
 *
 * Prints build time, string lookups/s, pre-parsed lookups/s and table memory for each
 * implementation, whether each peer answers correctly, and PASS/FAIL against the targets.
 * A script that prints figures, not a test: it always exits 0 unless it crashes.
 */

import { loadavg } from 'node:os';
import { parseIPv4, parseIPv6 } from '../server/src/core/net/parse.js';
import { PrefixTable } from '../server/src/core/routing/lpm.js';
import { generateDestinations, generateTable, type GeneratedRoute } from './routeTable.js';

// ---------------------------------------------------------------------------------------------
// Settings

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROUTES = option('routes', 100_000);
const DESTINATIONS = option('destinations', 1_000_000);
const REPS = option('reps', 8);
const SEED = 0x5eed;

const TARGET_BUILD_MS = 50;
const TARGET_STRING_RATIO = 5;
const TARGET_V4_PER_S = 20e6;
const TARGET_MEMORY_MB = 32;

// ---------------------------------------------------------------------------------------------
// Implementations under test

/** What the benchmark needs from an implementation; a table is opaque to the harness. */
interface Implementation {
  name: string;
  /** Repetitions of the lookup loops (fewer for slow peers, to keep the run short). */
  reps: number;
  /** Builds the table of all routes, ready to answer (our table compiles on first lookup). */
  build(): unknown;
  /** Looks up every destination string; returns the number of hits. */
  lookupAll(table: unknown): number;
  /** Looks up every pre-parsed IPv4 destination; returns the number of hits (ours only). */
  lookupAllV4?(table: unknown): number;
  /** Looks up every pre-parsed IPv6 destination; returns the number of hits (ours only). */
  lookupAllV6?(table: unknown): number;
  /** Answers for a sample of destinations, as route indices (-1 for no match). */
  answer(table: unknown, destination: string): number;
  /** Builds a table of `routes` (value = index) for the edge-case probe. */
  buildSmall(routes: ReadonlyArray<readonly [string, number]>): unknown;
  /** Lookup in a small table: route index or -1. */
  answerSmall(table: unknown, destination: string): number;
  note?: string;
  /** A native addon: its memory shows in RSS, not in the V8 heap. */
  native?: boolean;
}

interface IPTrieLike {
  add(address: string, prefixLen: number, value: unknown): void;
  find(address: string): unknown;
}
interface LongestPrefixMatchLike {
  addPrefix(prefix: string, data: unknown): void;
  getMatch(prefix: string): unknown[];
}

// ---------------------------------------------------------------------------------------------
// Data

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

log(`Generating ${ROUTES.toLocaleString('en')} routes and ${DESTINATIONS.toLocaleString('en')} destinations (seed ${SEED})...`);
const routes: GeneratedRoute[] = generateTable(SEED, ROUTES);
const destinations = generateDestinations(SEED + 1, DESTINATIONS, routes);
const text = destinations.text;
const v4 = destinations.v4;
const v6 = destinations.v6;
const v6Words = v6.length / 4;
// longest-prefix-match only takes CIDR strings ('a.b.c.d/32'); prepared outside the timing.
const cidrRoutes = routes.map((r) => `${r.address}/${r.prefixLen}`);
const cidrText = text.map((s) => (s.includes(':') ? `${s}/128` : `${s}/32`));

const ours: Implementation = {
  name: 'spk-routes lpm',
  reps: REPS,
  build() {
    const t = new PrefixTable<number>();
    for (let i = 0; i < routes.length; i++) t.insert(routes[i].address, routes[i].prefixLen, i);
    t.lookup('0.0.0.0'); // compiles the IPv4 range table
    t.lookup('::'); // and the IPv6 one
    return t;
  },
  lookupAll(table) {
    const t = table as PrefixTable<number>;
    let hits = 0;
    for (let i = 0; i < text.length; i++) if (t.lookup(text[i]) !== undefined) hits++;
    return hits;
  },
  lookupAllV4(table) {
    const t = table as PrefixTable<number>;
    let hits = 0;
    for (let i = 0; i < v4.length; i++) if (t.lookupV4(v4[i]) !== undefined) hits++;
    return hits;
  },
  lookupAllV6(table) {
    const t = table as PrefixTable<number>;
    const words = new Uint32Array(4);
    let hits = 0;
    for (let i = 0; i < v6.length; i += 4) {
      words[0] = v6[i];
      words[1] = v6[i + 1];
      words[2] = v6[i + 2];
      words[3] = v6[i + 3];
      if (t.lookupV6(words) !== undefined) hits++;
    }
    return hits;
  },
  answer(table, destination) {
    return (table as PrefixTable<number>).lookup(destination) ?? -1;
  },
  buildSmall(small) {
    const t = new PrefixTable<number>();
    small.forEach(([cidr, len], i) => t.insert(cidr, len, i));
    return t;
  },
  answerSmall(table, destination) {
    return (table as PrefixTable<number>).lookup(destination) ?? -1;
  },
};

function arkime(): Implementation {
  const { IPTrie } = require('arkime-iptrie') as { IPTrie: new () => IPTrieLike };
  const find = (t: unknown, d: string): number => {
    const v = (t as IPTrieLike).find(d);
    return typeof v === 'number' ? v : -1;
  };
  return {
    name: 'arkime-iptrie',
    reps: Math.min(REPS, 5),
    note: 'native addon: its memory is outside the V8 heap',
    native: true,
    build() {
      const t = new IPTrie();
      for (let i = 0; i < routes.length; i++) t.add(routes[i].address, routes[i].prefixLen, i);
      return t;
    },
    lookupAll(table) {
      const t = table as IPTrieLike;
      let hits = 0;
      for (let i = 0; i < text.length; i++) if (t.find(text[i]) != null) hits++;
      return hits;
    },
    answer: find,
    buildSmall(small) {
      const t = new IPTrie();
      small.forEach(([address, len], i) => t.add(address, len, i));
      return t;
    },
    answerSmall: find,
  };
}

function longestPrefixMatch(): Implementation {
  const LPM = require('longest-prefix-match') as new () => LongestPrefixMatchLike;
  const get = (t: unknown, d: string): number => {
    let m: unknown[];
    try {
      m = (t as LongestPrefixMatchLike).getMatch(d.includes(':') ? `${d}/128` : `${d}/32`);
    } catch {
      return -2; // threw
    }
    return m.length > 0 ? (m[m.length - 1] as number) : -1;
  };
  return {
    name: 'longest-prefix-match',
    reps: Math.min(REPS, 2),
    note: "takes 'addr/len' strings, prepared outside the timing",
    build() {
      const t = new LPM();
      for (let i = 0; i < cidrRoutes.length; i++) t.addPrefix(cidrRoutes[i], i);
      return t;
    },
    lookupAll(table) {
      const t = table as LongestPrefixMatchLike;
      let hits = 0;
      for (let i = 0; i < cidrText.length; i++) if (t.getMatch(cidrText[i]).length > 0) hits++;
      return hits;
    },
    answer: get,
    buildSmall(small) {
      const t = new LPM();
      small.forEach(([address, len], i) => t.addPrefix(`${address}/${len}`, i));
      return t;
    },
    answerSmall: get,
  };
}

// ---------------------------------------------------------------------------------------------
// Measurements

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return;
  g();
  g();
}

/** Heap plus typed-array backing stores, in bytes. */
function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function time<T>(f: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = f();
  return { ms: performance.now() - t0, result };
}

interface Figures {
  buildMs: number;
  stringPerS: number;
  stringHits: number;
  v4PerS?: number;
  v6PerS?: number;
  memoryMB: number;
  rssMB: number;
  sampleMismatches: number;
  probeFailures: string[];
}

/** The edge-case probe: default routes, host routes, IPv4-mapped IPv6 (value = index). */
const PROBE_ROUTES: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 0],
  ['10.0.0.0', 8],
  ['10.1.2.3', 32],
  ['::', 0],
  ['2001:db8::', 32],
  ['2001:db8::1', 128],
];
const PROBE_QUERIES = ['192.0.2.1', '10.1.2.3', '10.9.9.9', '::ffff:10.0.0.1', '2001:db8::1', '2001:db8::2', '3000::1'];

function checkCorrectness(impl: Implementation, table: unknown, figures: Figures): void {
  // Against our answers on a sample of the destinations (ours are checked by the unit tests
  // against a reference implementation).
  const ref = ours.build() as PrefixTable<number>;
  const sample = 20_000;
  const step = Math.max(1, Math.floor(text.length / sample));
  for (let i = 0; i < text.length; i += step) {
    if (impl.answer(table, text[i]) !== (ref.lookup(text[i]) ?? -1)) figures.sampleMismatches++;
  }
  const small = impl.buildSmall(PROBE_ROUTES);
  const smallRef = ours.buildSmall(PROBE_ROUTES);
  for (const q of PROBE_QUERIES) {
    const got = impl.answerSmall(small, q);
    const want = ours.answerSmall(smallRef, q);
    if (got !== want) {
      const show = (v: number): string =>
        v === -2 ? 'throws' : v < 0 ? 'no match' : `${PROBE_ROUTES[v][0]}/${PROBE_ROUTES[v][1]}`;
      figures.probeFailures.push(`${q}: ${show(got)} instead of ${show(want)}`);
    }
  }
}

function measureMemory(impl: Implementation): { heap: number; rss: number } {
  gc();
  const before = memoryInUse();
  const rssBefore = process.memoryUsage().rss;
  const table = impl.build();
  gc();
  const heap = memoryInUse() - before;
  const rss = process.memoryUsage().rss - rssBefore;
  // Keep the table alive until measured.
  if (impl.answer(table, '0.0.0.0') === Number.MIN_SAFE_INTEGER) log('unreachable');
  return { heap, rss };
}

function run(impls: Implementation[]): Map<Implementation, Figures> {
  const figures = new Map<Implementation, Figures>();
  for (const impl of impls) {
    const mem = measureMemory(impl);
    figures.set(impl, {
      buildMs: Infinity,
      stringPerS: 0,
      stringHits: 0,
      memoryMB: mem.heap / 2 ** 20,
      rssMB: mem.rss / 2 ** 20,
      sampleMismatches: 0,
      probeFailures: [],
    });
  }
  // Repetitions interleave the implementations so that noise from other processes spreads
  // evenly; each figure is the best of its repetitions.
  for (let rep = 0; rep < REPS; rep++) {
    for (const impl of impls) {
      if (rep >= impl.reps) continue;
      const f = figures.get(impl)!;
      const built = time(() => impl.build());
      f.buildMs = Math.min(f.buildMs, built.ms);
      const s = time(() => impl.lookupAll(built.result));
      f.stringPerS = Math.max(f.stringPerS, text.length / (s.ms / 1000));
      f.stringHits = s.result;
      if (impl.lookupAllV4) {
        const r = time(() => impl.lookupAllV4!(built.result));
        f.v4PerS = Math.max(f.v4PerS ?? 0, v4.length / (r.ms / 1000));
      }
      if (impl.lookupAllV6) {
        const r = time(() => impl.lookupAllV6!(built.result));
        f.v6PerS = Math.max(f.v6PerS ?? 0, v6Words / (r.ms / 1000));
      }
      if (rep === 0 && impl !== ours) checkCorrectness(impl, built.result, f);
    }
    process.stdout.write(`  repetition ${rep + 1}/${REPS} done\n`);
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Report

function fmtRate(perS: number | undefined): string {
  if (perS === undefined) return 'n/a';
  return perS >= 1e6 ? `${(perS / 1e6).toFixed(2)} M/s` : `${(perS / 1e3).toFixed(0)} k/s`;
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  rows.forEach((r, i) => {
    log(`  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
    if (i === 0) log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  });
}

function main(): void {
  if (!(globalThis as { gc?: unknown }).gc) {
    log('warning: run with --expose-gc for meaningful memory figures');
  }
  // Sanity: the pre-parsed arrays agree with the text.
  if (parseIPv4(text.find((s) => !s.includes(':'))!) !== v4[0] || parseIPv6(text.find((s) => s.includes(':'))!)![0] !== v6[0]) {
    throw new Error('destination arrays out of step');
  }
  const count4 = routes.filter((r) => r.family === 4).length;
  log(`Table: ${count4.toLocaleString('en')} IPv4 + ${(routes.length - count4).toLocaleString('en')} IPv6 prefixes; ` +
      `destinations: ${v4.length.toLocaleString('en')} IPv4 + ${v6Words.toLocaleString('en')} IPv6; ` +
      `node ${process.version}, best of up to ${REPS} repetitions`);
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
  log(`Load average before: ${load()} (other processes on this machine add noise)`);

  const impls = [ours, arkime(), longestPrefixMatch()];
  const figures = run(impls);
  log(`Load average after: ${load()}`);

  log();
  table([
    ['implementation', 'build', 'string lookups', 'hits', 'IPv4 pre-parsed', 'IPv6 pre-parsed', 'heap+buffers', 'correct'],
    ...impls.map((impl) => {
      const f = figures.get(impl)!;
      const correct = impl === ours ? 'reference' : f.sampleMismatches === 0 && f.probeFailures.length === 0 ? 'yes' : 'NO';
      return [
        impl.name,
        `${f.buildMs.toFixed(1)} ms`,
        fmtRate(f.stringPerS),
        `${((100 * f.stringHits) / text.length).toFixed(1)}%`,
        fmtRate(f.v4PerS),
        fmtRate(f.v6PerS),
        `${f.memoryMB.toFixed(1)} MB`,
        correct,
      ];
    }),
  ]);
  log();
  for (const impl of impls) {
    const f = figures.get(impl)!;
    if (impl.note) log(`  ${impl.name}: ${impl.note}`);
    if (impl.native) log(`  ${impl.name}: RSS grew by ${f.rssMB.toFixed(1)} MB while building (a rough figure)`);
    if (impl === ours) continue;
    if (f.sampleMismatches > 0) log(`  ${impl.name}: ${f.sampleMismatches} answers differ from ours on a sample of 20,000 destinations`);
    for (const p of f.probeFailures) log(`  ${impl.name}: wrong answer: ${p}`);
  }

  const mine = figures.get(ours)!;
  const correctPeers = impls.filter((i) => i !== ours && figures.get(i)!.sampleMismatches === 0 && figures.get(i)!.probeFailures.length === 0);
  const baselinePool = correctPeers.length > 0 ? correctPeers : impls.filter((i) => i !== ours);
  const baseline = baselinePool.reduce((a, b) => (figures.get(a)!.stringPerS >= figures.get(b)!.stringPerS ? a : b));
  const baseRate = figures.get(baseline)!.stringPerS;
  log();
  log(`Baseline: ${baseline.name} (${correctPeers.length > 0 ? 'fastest correct peer' : 'no peer is correct: fastest peer'}), ${fmtRate(baseRate)}`);
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const ratio = mine.stringPerS / baseRate;
  table([
    ['target', 'measured', 'vs target', 'result'],
    ['build 100k routes <= 50 ms', `${mine.buildMs.toFixed(1)} ms`, `${(mine.buildMs / TARGET_BUILD_MS).toFixed(2)}x of budget`, verdict(mine.buildMs <= TARGET_BUILD_MS)],
    ['string lookups >= 5x baseline', `${ratio.toFixed(1)}x`, `${(ratio / TARGET_STRING_RATIO).toFixed(2)}x of target`, verdict(ratio >= TARGET_STRING_RATIO)],
    ['IPv4 pre-parsed >= 20 M/s', fmtRate(mine.v4PerS), `${((mine.v4PerS ?? 0) / TARGET_V4_PER_S).toFixed(2)}x of target`, verdict((mine.v4PerS ?? 0) >= TARGET_V4_PER_S)],
    ['memory <= 32 MB', `${mine.memoryMB.toFixed(1)} MB`, `${(mine.memoryMB / TARGET_MEMORY_MB).toFixed(2)}x of budget`, verdict(mine.memoryMB <= TARGET_MEMORY_MB)],
  ]);
}

main();
