// One expectation of a RouteTest against a route table, exactly. For each TMM replica asked, the
// destination's addresses are walked by the ranges on which the replica class's longest match is
// constant (routing/diff.ts `boundaries`: an address is one range, a CIDR as many as routes cut it
// into); each range's answer (lookup.ts `hopsVia`) is checked against every field the expectation
// states. The addresses that fail, grouped by what they do instead, become the smallest list of CIDR
// prefixes (diff.ts `cidrCover`); replicas that fail alike share one part. Never by sampling.
//
// A field holds on a range when: `outcome` is the answer's outcome; `nextHop` is its next hop, where
// the traffic leaves (connected or forwarded; where each address is its own next hop, connected or an
// Infra interface route, only on that address);
// `vlan` is the egress VLAN's or VXLAN's name; `route` the matched route's metadata.name (an Infra
// route's `name`); `source` is one of the replica's source addresses (its self IP, its SNAT pool
// list's addresses, any egress's).
import { formatAddress, maxPrefix, parseIp, type Family } from '../net/index.js';
import { boundaries, cidrCover } from '../routing/diff.js';
import { hopsVia, type EgressInterface, type Outcome, type RouteRef } from '../routing/lookup.js';
import type { ReplicaClass, RouteEntry, RouteTable } from '../routing/table.js';
import type { ExpectationSpec } from './read.js';

/** What traffic does on one replica. */
export interface Answer {
  outcome: Outcome;
  /** The next hop; for a range whose every address is its own next hop, null (see `eachAddress`). */
  nextHop: string | null;
  /** Each address is its own next hop (a connected network, an Infra interface route). */
  eachAddress: boolean;
  vlan: string | null;
  interface: EgressInterface | null;
  /** The matched route (a connected network: its VLAN's resource). */
  route: RouteRef | null;
}

/** Addresses that answer alike on some replicas. */
export interface AnswerPart {
  /** 1-based TMM replicas, ascending. */
  replicas: number[];
  /** The addresses: for a CIDR the smallest list of prefixes (canonical), for an address the address. */
  prefixes: string[];
  answer: Answer;
  /**
   * Per replica (in `replicas` order), its source addresses: the candidates of the namespace's
   * translation and of each egress's. Parts are split by them only when the expectation has `source`.
   */
  sources: string[][];
  passed: boolean;
}

export interface ExpectationResult {
  passed: boolean;
  /** Why no answer can satisfy it (a replica the namespace does not have). */
  reason?: string;
  /** For an address: every replica group's answer; for a CIDR: the parts that fail. */
  parts: AnswerPart[];
}

/** Stands for the destination in a lookup: a next hop that is it is each address's own. */
const EACH_ADDRESS = '(each address)';

/** Runs a runnable expectation (`spec.runnable`) on a table. */
export function evaluateExpectation(table: RouteTable, spec: ExpectationSpec): ExpectationResult {
  const destination = spec.destination!;
  const replicas = spec.replica ? [spec.replica.value] : Array.from({ length: table.replicaCount }, (_, i) => i + 1);
  if (spec.replica && spec.replica.value > table.replicaCount) {
    const count = table.replicaCount;
    return { passed: false, reason: `namespace ${table.namespace} has ${count} TMM replica${count === 1 ? '' : 's'}: there is no replica ${spec.replica.value}`, parts: [] };
  }
  const single = !destination.cidr;
  // Per replica, its maximal runs of addresses that answer alike (and pass or fail alike).
  const parts = new Map<string, AnswerPart & { order: bigint }>();
  for (const replica of replicas) {
    const classIndex = table.classes.findIndex((c) => c.replicas.includes(replica));
    const runs = replicaRuns(table, classIndex, replica, spec);
    // Runs of one answer and verdict, wherever they are, make one part.
    const groups = new Map<string, { answer: Answer; sources: string[]; passed: boolean; prefixes: string[]; order: bigint }>();
    for (const run of runs) {
      if (!single && run.passed) continue;
      const key = `${run.key}|${run.passed}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { answer: run.answer, sources: run.sources, passed: run.passed, prefixes: [], order: run.first }));
      group.prefixes.push(...(single ? [formatAddress(run.first, destination.family)] : cidrCover(run.first, run.last, destination.family)));
    }
    for (const [key, group] of groups) {
      const partKey = `${key}|${group.prefixes.join(',')}`;
      const part = parts.get(partKey);
      if (part) {
        part.replicas.push(replica);
        part.sources.push(group.sources);
      } else {
        const answer = single && group.answer.eachAddress ? { ...group.answer, nextHop: destination.network.text } : group.answer;
        parts.set(partKey, { replicas: [replica], prefixes: group.prefixes, answer, sources: [group.sources], passed: group.passed, order: group.order });
      }
    }
  }
  const list = [...parts.values()].sort((a, b) => a.replicas[0]! - b.replicas[0]! || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return { passed: list.every((p) => p.passed), parts: list.map(({ order: _order, ...part }) => part) };
}

interface Run {
  first: bigint;
  last: bigint;
  /** The answer's identity: runs with the same key answer alike. */
  key: string;
  answer: Answer;
  sources: string[];
  passed: boolean;
}

/** The destination's maximal runs on one replica, in address order. */
function replicaRuns(table: RouteTable, classIndex: number, replica: number, spec: ExpectationSpec): Run[] {
  const { first, last, family } = spec.destination!;
  const replicaClass = table.classes[classIndex]!;
  const points = boundariesOf(replicaClass, family);
  const end = 1n << BigInt(maxPrefix(family));
  // The last boundary at or below `first` (boundary 0 is the space's first address).
  let low = 0;
  let high = points.count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (points.value(mid) <= first) low = mid;
    else high = mid - 1;
  }
  const runs: Run[] = [];
  for (let i = low; i < points.count && points.value(i) <= last; i++) {
    const start = i === low ? first : points.value(i);
    const next = (i + 1 < points.count ? points.value(i + 1) : end) - 1n;
    const stop = next < last ? next : last;
    const traffic = trafficOf(table, points.match(replicaClass.best, i), family)[classIndex]!;
    const sources = traffic.sources.get(replica) ?? [];
    // Replicas that answer alike but leave from their own addresses fail alike, unless `source` is asked.
    const key = spec.source ? `${traffic.key}|${sources.join(',')}` : traffic.key;
    for (const piece of checkRange(spec, traffic.answer, sources, start, stop)) {
      const previous = runs.at(-1);
      if (previous && previous.key === key && previous.passed === piece.passed && previous.last + 1n === piece.first) previous.last = piece.last;
      else runs.push({ ...piece, key, answer: traffic.answer, sources });
    }
  }
  return runs;
}

/** Which addresses of a range (answering `answer`) satisfy the expectation. */
function checkRange(spec: ExpectationSpec, answer: Answer, sources: readonly string[], first: bigint, last: bigint): { first: bigint; last: bigint; passed: boolean }[] {
  const fields = (spec.outcome === undefined || spec.outcome.value === answer.outcome)
    && (spec.vlan === undefined || spec.vlan.value === answer.vlan)
    && (spec.route === undefined || (answer.route !== null && (answer.route.routeName ?? answer.route.name) === spec.route.value))
    && (spec.source === undefined || sources.some((s) => sameAddress(s, spec.source!.value.family, spec.source!.value.value)));
  const nextHop = spec.nextHop?.value;
  if (!fields || nextHop === undefined) return [{ first, last, passed: fields }];
  // Traffic goes to a next hop only when it leaves (an unresolved route's gateway is not reached).
  if (answer.outcome !== 'connected' && answer.outcome !== 'forwarded') return [{ first, last, passed: false }];
  if (!answer.eachAddress) return [{ first, last, passed: answer.nextHop !== null && sameAddress(answer.nextHop, nextHop.family, nextHop.value) }];
  // Each address is its own next hop: only the next hop's own address holds.
  if (nextHop.family !== spec.destination!.family || nextHop.value < first || nextHop.value > last) return [{ first, last, passed: false }];
  const pieces = [{ first: nextHop.value, last: nextHop.value, passed: true }];
  if (nextHop.value > first) pieces.unshift({ first, last: nextHop.value - 1n, passed: false });
  if (nextHop.value < last) pieces.push({ first: nextHop.value + 1n, last, passed: false });
  return pieces;
}

function sameAddress(text: string, family: Family, value: bigint): boolean {
  const parsed = parseIp(text);
  return parsed.ok && parsed.address.family === family && parsed.address.value === value;
}

interface Traffic {
  answer: Answer;
  /** The compared fields but the sources, as one string. */
  key: string;
  /** Each replica's source addresses. */
  sources: Map<number, string[]>;
}

const traffics = new WeakMap<RouteTable, Map<string, Traffic[]>>();

/** Each class's answer where `entry` is its longest match, made once per table and match. */
function trafficOf(table: RouteTable, entry: RouteEntry | undefined, family: Family): Traffic[] {
  let byEntry = traffics.get(table);
  if (!byEntry) traffics.set(table, (byEntry = new Map()));
  const cacheKey = `${entry?.id ?? -1}|${family}`;
  let perClass = byEntry.get(cacheKey);
  if (perClass) return perClass;
  const hops = hopsVia(table, table.classes.map(() => entry), EACH_ADDRESS, entry?.family ?? family);
  perClass = table.classes.map((c) => {
    const hop = hops.find((h) => h.replicas.includes(c.replicas[0]!))!;
    const eachAddress = hop.nextHop === EACH_ADDRESS;
    const answer = { outcome: hop.outcome, nextHop: eachAddress ? null : hop.nextHop, eachAddress, vlan: hop.vlan, interface: hop.interface, route: hop.route };
    const sources = new Map<number, string[]>();
    hop.replicas.forEach((replica, i) => {
      const all = [...(hop.sourceCandidates[i] ?? []), ...(hop.sourcesByEgress ?? []).flatMap((e) => (e.sourceAddresses[i] ? [e.sourceAddresses[i]!] : []))];
      sources.set(replica, [...new Set(all)]);
    });
    const route = hop.route;
    return { answer, sources, key: JSON.stringify([answer.outcome, eachAddress, answer.nextHop, answer.vlan, answer.interface, route?.file, route?.line, route?.name, route?.routeName ?? null]) };
  });
  byEntry.set(cacheKey, perClass);
  return perClass;
}

const boundaryCache = new WeakMap<ReplicaClass, Map<Family, ReturnType<typeof boundaries>>>();

function boundariesOf(replicaClass: ReplicaClass, family: Family): ReturnType<typeof boundaries> {
  let byFamily = boundaryCache.get(replicaClass);
  if (!byFamily) boundaryCache.set(replicaClass, (byFamily = new Map()));
  let points = byFamily.get(family);
  if (!points) byFamily.set(family, (points = boundaries([replicaClass], family)));
  return points;
}
