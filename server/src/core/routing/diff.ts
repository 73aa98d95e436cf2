// The routing diff (issue 12): for two route sets, OLD and NEW, the exact set of destinations whose
// answer changes, per namespace and TMM replica, grouped by (before, after) answer, each group as the
// smallest list of CIDR prefixes covering exactly its addresses.
//
// The answer of an address on a replica is what a lookup gives (lookup.ts `hopsVia`), compared on its
// outcome, next hop, egress VLAN and interface; a connected answer is compared as "connected on VLAN
// X" (its next hop is each address itself; so is an Infra interface route's). The route that gives
// the answer is reported but never compared: a route renamed, or moved to another file, changes no
// traffic. A group is one pair of answers with their routes (where each is written), so each group
// names one route per side.
//
// How: on one replica class, the longest match is constant between consecutive boundaries of its
// winners' prefixes (each prefix's first address and the address after its last). The union of both
// sides' boundaries cuts the address space into elementary intervals on which both answers are
// constant; one lookup per side and interval gives them. Adjacent intervals of the same change merge
// into runs, each run becomes its minimal CIDR cover (a CIDR block is contiguous, so the cover of a
// group is the union of its runs' covers). O(n log n) in the routes; never by sampling. A lookup's
// traffic (hopsVia) is computed once per table and kind of match (a static route's type, gateway, network).
//
// Replicas: replica r of OLD is compared with replica r of NEW, for r from 1 to the larger replica
// count. A replica beyond a side's count (a namespace whose self-IP lists grow or shrink) has no self
// IP there, so no connected network: it routes by that side's static routes alone, a gateway reached
// only over the pod interface. Tables are a namespace's F5SPK table and each Infra's own (never
// compared with each other); one that appears or disappears is compared with an empty table (no
// route: `no-route` everywhere). Replicas whose change is the same (answers, routes, prefixes)
// share one entry.
import { formatAddress, maxPrefix, wordsOf, type Family } from '../net/index.js';
import { escapeControls } from '../safeText.js';
import { hopsVia, replicaLabel, routeRef, type EgressInterface, type Outcome } from './lookup.js';
import { buildRouteTable, tableLabel, type ReplicaClass, type RouteEntry, type RouteTable } from './table.js';

/** The route that gives an answer: where it is written (not its prefix, which varies inside a group). */
export interface AnswerRoute {
  kind: string;
  name: string;
  namespace: string;
  /** URI of the file. */
  file: string;
  /** 1-based line of the resource (of an Infra route: its list item). */
  line: number;
  /** An Infra route's `name`. */
  routeName?: string;
}

/** What the addresses of a change do on one side. */
export interface DiffAnswer {
  outcome: Outcome;
  /** The gateway; null where each address is its own next hop (connected, an Infra interface route), dropped or without a route. */
  nextHop: string | null;
  vlan: string | null;
  interface: EgressInterface | null;
  route: AnswerRoute | null;
}

/** One group of changed addresses of a namespace, on the replicas in `replicas`. */
export interface RouteChange {
  namespace: string;
  /** A change of an Infra's own table: the Infra's name. */
  infra?: string;
  /** A change of a scope's table: the scope as the tables name it (the CLI: relative to each side's root). */
  scope?: string;
  /** 1-based TMM replicas, ascending. */
  replicas: number[];
  /** The larger of the two sides' replica counts. */
  replicaCount: number;
  /** Disjoint CIDR prefixes (canonical text), IPv4 first, each family in address order. */
  prefixes: string[];
  before: DiffAnswer;
  after: DiffAnswer;
}

/**
 * The changes of every table of either set: each namespace's F5SPK table, and each Infra's own table
 * (by namespace and Infra name); a table missing on one side is an empty one there.
 */
export function diffTableSets(before: readonly RouteTable[], after: readonly RouteTable[]): RouteChange[] {
  const keyOf = (t: RouteTable) => JSON.stringify([t.namespace, t.scope ?? null, t.infra ?? null]);
  const old = new Map(before.map((t) => [keyOf(t), t]));
  const now = new Map(after.map((t) => [keyOf(t), t]));
  const tables = [...new Map([...before, ...after].map((t) => [keyOf(t), { namespace: t.namespace, infra: t.infra, scope: t.scope }])).entries()];
  // Namespace order, the workspace's tables before a scope's; in each its F5SPK table, then its Infras' in name order.
  const order = (t: { namespace: string; infra?: string; scope?: string }) => [t.namespace, t.scope === undefined ? '' : `\u0001${t.scope}`, t.infra ?? ''];
  tables.sort(([, a], [, b]) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
  const empty = (t: { namespace: string; infra?: string; scope?: string }) => buildRouteTable(t.namespace, [], undefined, t.infra, t.scope);
  return tables.flatMap(([key, t]) => diffTables(old.get(key) ?? empty(t), now.get(key) ?? empty(t)));
}

/** One side's routing for one replica: a class of a table (or of the table's statics alone). */
interface Side {
  id: number;
  table: RouteTable;
  classIndex: number;
}

interface Compared {
  /** The compared fields (a number for each): two answers with the same key are the same traffic. */
  key: number;
  /** The key and the route: what a group is made of. */
  group: number;
  traffic: Traffic;
  /** The match's route, as reported. */
  route: AnswerRoute | null;
}

interface Run {
  family: Family;
  first: bigint;
  last: bigint;
  before: Compared;
  after: Compared;
}

/** The changes from one table to another of the same namespace (and Infra): the namespace and Infra are NEW's. */
export function diffTables(before: RouteTable, after: RouteTable): RouteChange[] {
  const replicaCount = Math.max(before.replicaCount, after.replicaCount);
  const sidesOf = sideFinder();
  const oldSide = sidesOf(before);
  const newSide = sidesOf(after);
  // Replicas with the same pair of classes change alike.
  const pairs = new Map<string, { old: Side; now: Side; replicas: number[] }>();
  for (let replica = 1; replica <= replicaCount; replica++) {
    const old = oldSide(replica);
    const now = newSide(replica);
    const key = `${old.id}|${now.id}`;
    const pair = pairs.get(key);
    if (pair) pair.replicas.push(replica);
    else pairs.set(key, { old, now, replicas: [replica] });
  }
  const answers = answerCache();
  const entries = new Map<string, RouteChange & { order: [Family, bigint] }>();
  for (const { old, now, replicas } of pairs.values()) {
    const groups = new Map<string, { before: DiffAnswer; after: DiffAnswer; runs: Run[] }>();
    for (const family of [4, 6] as const) {
      for (const run of changedRuns(old, now, family, answers)) {
        const key = `${run.before.group}|${run.after.group}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { before: answerOf(run.before), after: answerOf(run.after), runs: [] }));
        group.runs.push(run);
      }
    }
    for (const [key, group] of groups) {
      const prefixes = group.runs.flatMap((run) => cidrCover(run.first, run.last, run.family));
      const entryKey = `${key}\u0000${prefixes.join(',')}`;
      const entry = entries.get(entryKey);
      if (entry) entry.replicas.push(...replicas);
      else {
        const first = group.runs[0]!;
        entries.set(entryKey, { namespace: after.namespace, ...(after.infra !== undefined ? { infra: after.infra } : {}), ...(after.scope !== undefined ? { scope: after.scope } : {}), replicas: [...replicas], replicaCount, prefixes, before: group.before, after: group.after, order: [first.family, first.first] });
      }
    }
  }
  const list = [...entries.values()];
  for (const entry of list) entry.replicas.sort((a, b) => a - b);
  list.sort((a, b) => compareReplicas(a.replicas, b.replicas) || a.order[0] - b.order[0] || (a.order[1] < b.order[1] ? -1 : a.order[1] > b.order[1] ? 1 : 0));
  return list.map(({ order: _order, ...change }) => change);
}

function compareReplicas(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Per table, the side of each replica: its class, or beyond its replica count one without connected networks. */
function sideFinder(): (table: RouteTable) => (replica: number) => Side {
  let ids = 0;
  return (table) => {
    const sides = table.classes.map((_, classIndex): Side => ({ id: ids++, table, classIndex }));
    const byReplica = new Map<number, Side>();
    table.classes.forEach((c, i) => c.replicas.forEach((r) => byReplica.set(r, sides[i]!)));
    let bare: Side | undefined;
    return (replica) => {
      const side = byReplica.get(replica);
      if (side) return side;
      if (!bare) {
        const none = table.classes.findIndex((c) => c.connected.length === 0);
        if (none >= 0) bare = sides[none]!;
        else {
          // The same static routes, without connected networks: copies, as building a table numbers its entries.
          const statics = table.entries.filter((e) => e.kind === 'static').map((e) => ({ ...e }));
          bare = { id: ids++, table: buildRouteTable(table.namespace, statics, table.translations, table.infra, table.scope), classIndex: 0 };
        }
      }
      return bare;
    };
  };
}

type Answers = (side: Side) => (entry: RouteEntry | undefined) => Compared;

/** What an answer is without its route: the compared fields. */
type Traffic = Omit<DiffAnswer, 'route'>;

/**
 * Per side, the compared answer of its class for a longest match `entry`, made once per table and
 * entry. The traffic comes from `hopsVia`, once per table and kind of match: a static route's answer
 * depends only on its type, gateway and network (lookup.ts `answerOf`, table.ts `routePath`), not on
 * its prefix or its resource, so routes that share them share one lookup.
 */
function answerCache(): Answers {
  const cache = new Map<RouteTable, { byEntry: (Compared[] | undefined)[]; bySignature: Map<string, { traffic: Traffic; key: number }[]> }>();
  // Small numbers for the compared fields, for routes as reported, and for both together.
  const keys = new Map<string, number>();
  const routes = new Map<string, number>();
  const groups = new Map<string, number>();
  const intern = (map: Map<string, number>, text: string) => {
    let id = map.get(text);
    if (id === undefined) map.set(text, (id = map.size));
    return id;
  };
  return (side) => {
    const table = side.table;
    let tableCache = cache.get(table);
    // By entry id; the last slot for no match.
    if (!tableCache) cache.set(table, (tableCache = { byEntry: new Array<Compared[] | undefined>(table.idCount + 1), bySignature: new Map() }));
    const { byEntry, bySignature } = tableCache;
    return (entry) => {
      const slot = entry ? entry.id : table.idCount;
      let perClass = byEntry[slot];
      if (!perClass) {
        const signature = !entry ? 'none' : entry.kind === 'static' ? `static\u0000${entry.routeType}\u0000${entry.gateway?.text}\u0000${entry.networkRef?.name}\u0000${entry.networkRef?.interface}` : `entry\u0000${entry.id}`;
        let traffic = bySignature.get(signature);
        if (!traffic) {
          traffic = trafficOf(table, entry).map((t) => ({ traffic: t, key: intern(keys, `${t.outcome}\u0000${t.nextHop}\u0000${t.vlan}\u0000${t.interface}`) }));
          bySignature.set(signature, traffic);
        }
        const route = reportedRoute(entry);
        const routeId = route ? intern(routes, `${route.kind}\u0000${route.namespace}\u0000${route.name}\u0000${route.file}\u0000${route.line}\u0000${route.routeName}`) : -1;
        byEntry[slot] = perClass = traffic.map(({ traffic: t, key }) => ({ key, group: intern(groups, `${key} ${routeId}`), traffic: t, route }));
      }
      return perClass[side.classIndex]!;
    };
  };
}

/** Stands for the destination in a lookup: a next hop that is the destination itself is each address's own. */
const EACH_ADDRESS = '(each address)';

/** Each class's traffic where `entry` is its match: the hop holding the class's replicas. */
function trafficOf(table: RouteTable, entry: RouteEntry | undefined): Traffic[] {
  const hops = hopsVia(table, table.classes.map(() => entry), EACH_ADDRESS, entry?.family ?? 4);
  return table.classes.map((c) => {
    const hop = hops.find((h) => h.replicas.includes(c.replicas[0]!))!;
    return { outcome: hop.outcome, nextHop: hop.nextHop === EACH_ADDRESS ? null : hop.nextHop, vlan: hop.vlan, interface: hop.interface };
  });
}

/** The route of a match as the diff reports it: where it is written, without its prefix. */
function reportedRoute(entry: RouteEntry | undefined): AnswerRoute | null {
  if (!entry) return null;
  const ref = routeRef(entry);
  const route: AnswerRoute = { kind: ref.kind, name: ref.name, namespace: ref.namespace, file: ref.file, line: ref.line };
  if (ref.routeName !== undefined) route.routeName = ref.routeName;
  return route;
}

/** The answer as reported: its traffic and the route that gives it. */
function answerOf(compared: Compared): DiffAnswer {
  return { ...compared.traffic, route: compared.route && { ...compared.route } };
}

/**
 * The boundaries of one family on two classes, sorted and distinct: 0, and each winner's first
 * address and the address after its last (below the end of the space). IPv4 as numbers, IPv6 as
 * bigints; `value(i)` is the i-th as a bigint either way.
 */
export function boundaries(classes: readonly ReplicaClass[], family: Family): { count: number; value(i: number): bigint; match(best: ReplicaClass['best'], i: number): RouteEntry | undefined } {
  const bits = BigInt(maxPrefix(family));
  const end = 1n << bits;
  if (family === 4) {
    let n = 1;
    for (const c of classes) n += 2 * c.winners.size;
    const points = new Float64Array(n);
    let k = 1;
    for (const c of classes) {
      for (const w of c.winners.values()) {
        if (w.family !== 4) continue;
        const first = Number(w.network.value);
        points[k++] = first;
        const after = first + 2 ** (32 - w.prefixLen);
        if (after < 2 ** 32) points[k++] = after;
      }
    }
    const sorted = distinct(points.subarray(0, k).sort());
    return { count: sorted.length, value: (i) => BigInt(sorted[i]!), match: (best, i) => best.lookupV4(sorted[i]!) };
  }
  const points: bigint[] = [0n];
  for (const c of classes) {
    for (const w of c.winners.values()) {
      if (w.family !== 6) continue;
      points.push(w.network.value);
      const after = w.network.value + (1n << (bits - BigInt(w.prefixLen)));
      if (after < end) points.push(after);
    }
  }
  points.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted = distinct(points);
  return { count: sorted.length, value: (i) => sorted[i]!, match: (best, i) => best.lookupV6(wordsOf(sorted[i]!)) };
}

function distinct<T extends Float64Array | bigint[]>(sorted: T): T {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n) as T;
}

/** The maximal runs of addresses of one family whose answer differs between the two sides. */
function changedRuns(old: Side, now: Side, family: Family, answers: Answers): Run[] {
  const oldClass = old.table.classes[old.classIndex]!;
  const newClass = now.table.classes[now.classIndex]!;
  const points = boundaries([oldClass, newClass], family);
  const end = 1n << BigInt(maxPrefix(family));
  const oldAnswer = answers(old);
  const newAnswer = answers(now);
  const runs: Run[] = [];
  let last: Run | undefined;
  for (let i = 0; i < points.count; i++) {
    const before = oldAnswer(points.match(oldClass.best, i));
    const after = newAnswer(points.match(newClass.best, i));
    if (before.key === after.key) {
      last = undefined;
      continue;
    }
    const lastAddress = (i + 1 < points.count ? points.value(i + 1) : end) - 1n;
    if (last && last.before.group === before.group && last.after.group === after.group) last.last = lastAddress;
    else runs.push((last = { family, first: points.value(i), last: lastAddress, before, after }));
  }
  return runs;
}

/** The smallest list of CIDR prefixes covering exactly the addresses from `first` to `last`. */
export function cidrCover(first: bigint, last: bigint, family: Family): string[] {
  const bits = maxPrefix(family);
  const out: string[] = [];
  for (let at = first; at <= last; ) {
    // The largest block that starts at `at` (aligned) and ends at or before `last`.
    let size = 0;
    while (size < bits && ((at >> BigInt(size)) & 1n) === 0n && at + (1n << BigInt(size + 1)) - 1n <= last) size++;
    out.push(`${formatAddress(at, family)}/${bits - size}`);
    at += 1n << BigInt(size);
  }
  return out;
}

/** `→ 10.10.0.1 on external (event1-default-route)`: an answer as the diff prints it. */
export function describeAnswer(answer: DiffAnswer): string {
  const route = answer.route ? ` (${answer.route.name}${answer.route.routeName !== undefined ? ` route ${answer.route.routeName}` : ''})` : '';
  switch (answer.outcome) {
    case 'connected':
      return `connected on ${answer.vlan}${route}`;
    case 'forwarded':
      if (answer.interface === 'pod') return `→ ${answer.nextHop} over the pod interface${route}`;
      return answer.nextHop === null ? `on-link on ${answer.vlan}${route}` : `→ ${answer.nextHop} on ${answer.vlan}${route}`;
    case 'unresolved':
      return `gateway ${answer.nextHop ?? '(none)'} on no connected network${route}`;
    case 'blackhole':
      return `dropped (blackhole)${route}`;
    case 'no-route':
      return 'no route';
  }
}

/** `10.20.0.0/16, 10.21.0.0/16  → 10.10.0.1 on external (default)  ⇒  → …`: a change without its table (the editor's view shows that above it). */
export function changeSummary(change: RouteChange): string {
  return `${change.prefixes.join(', ')}  ${describeAnswer(change.before)}  ⇒  ${describeAnswer(change.after)}`;
}

/** `event1 (TMM 2)  10.20.0.0/16, 10.21.0.0/16  → 10.10.0.1 on external (default)  ⇒  → …`, escaped; an Infra's table as `table` labels it. */
export function formatChange(change: RouteChange): string {
  return escapeControls(`${tableLabel(change)}${replicaLabel(change.replicas, change.replicaCount)}  ${changeSummary(change)}`);
}
