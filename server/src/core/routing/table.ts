// The routing of one namespace's SPK instance: connected networks from VLAN self IPs (R2) and static
// routes (R1), per TMM replica (R8). Each replica has its own connected networks (its self IP of each
// VLAN, with the VLAN's prefix length), and a static route is usable on a replica only where its
// gateway is on one of them, or on the pod interface (R10). Replicas whose connected networks are the
// same route the same way: they share one replica class, with one longest-prefix-match table.
import { networkValue, type Family, type IpAddress } from '../net/index.js';
import { shiftRange, type Range } from '../types.js';
import { PrefixTable } from './lpm.js';
import type { SpkResource } from '../resources/resource.js';
import type { ConnectedFact, ResourceFacts, Span, StaticRouteFact } from './routeFacts.js';
import type { SourceTranslation } from './source.js';

/** Where a document stands in its file now: the 0-based line it starts at (an edit above it moves it). */
export interface DocumentPlace {
  readonly line: number;
}

/**
 * Where a resource is written: its file and the 0-based line of its first key, read from its
 * document's place, so that an edit above it moves it without making its routes again.
 */
export class ResourceRef {
  constructor(
    readonly uri: string,
    readonly kind: string,
    readonly name: string,
    readonly namespace: string,
    private readonly place: DocumentPlace,
    private readonly lineInDocument: number,
  ) {}

  get line(): number {
    return this.place.line + this.lineInDocument;
  }
}

export interface StaticRouteEntry extends StaticRouteFact {
  kind: 'static';
  /** Its prefix's `prefixKey`. */
  key: string;
  /** Unique in its table and below its `idCount`, for per-route arrays (the source order is `entries`'). */
  id: number;
  resource: ResourceRef;
  /** The file range of one of the entry's spans. */
  locate(span: Span): Range;
  /** What `locate` reads: the resource's facts, and where its document stands in the file. */
  facts: ResourceFacts;
  place: DocumentPlace;
}

export interface ConnectedEntry extends ConnectedFact {
  kind: 'connected';
  /** Its prefix's `prefixKey`. */
  key: string;
  id: number;
  resource: ResourceRef;
  locate(span: Span): Range;
  facts: ResourceFacts;
  place: DocumentPlace;
}

export type RouteEntry = StaticRouteEntry | ConnectedEntry;

/** How a static route's gateway is reached on a replica class. */
export type GatewayPath = { via: 'connected'; network: ConnectedEntry } | { via: 'pod' } | { via: 'network'; vlan: string; interface: 'vlan' | 'vxlan'; network?: ConnectedEntry };

/** TMM replicas that have the same connected networks, and so the same routing. */
export interface ReplicaClass {
  /** 1-based replica numbers, ascending. */
  replicas: number[];
  /** The connected networks these replicas have. */
  connected: ConnectedEntry[];
  /** The route used for each prefix, by prefixKey: connected, then a usable static, then the first written. */
  winners: Map<string, RouteEntry>;
  /** The winners, for longest-prefix-match lookups (R4). */
  best: PrefixTable<RouteEntry>;
  /** How a gateway is reached on these replicas (no recursive resolution), or undefined. */
  gatewayPath(gateway: IpAddress): GatewayPath | undefined;
}

export interface RouteTable {
  namespace: string;
  /** An Infra's own table: the Infra's name (BNK 2.4 in GatewaySettings mode ignores the F5SPK kinds). */
  infra?: string;
  /** A scope's table: the scope folder's URI (see Workspace.setScopes). */
  scope?: string;
  /** Every route in source order. */
  entries: RouteEntry[];
  /** The connected networks among them, in source order. */
  connected: ConnectedEntry[];
  /** The prefix lengths of the entries, IPv4's then IPv6's, each longest first (after a patch, maybe some no route has any more). */
  lengths: [number[], number[]];
  /** Every entry's id is below it. */
  idCount: number;
  /** The number of TMM replicas: the longest self-IP list of the namespace's VLANs, at least 1. */
  replicaCount: number;
  /** Every replica in exactly one class, classes ordered by their first replica. */
  classes: ReplicaClass[];
  /** Every route of each prefix, by prefixKey, in source order (duplicates, hidden statics). */
  samePrefix: Map<string, RouteEntry[]>;
  /** The namespace's source-address translations (from its egresses); one `self-ip` when it has none. */
  translations: SourceTranslation[];
  /** The VLAN whose self IP an address is, and the TMM replica it belongs to. */
  selfIpOwner(address: IpAddress): { vlan: ConnectedEntry; replica: number } | undefined;
}

export function prefixKey(family: Family, network: IpAddress, prefixLen: number): string {
  return `${family}|${network.text}|${prefixLen}`;
}

/** Calico's link-local pod gateway lies here; TMM reaches it over its pod interface (R10, inferred). */
export function onPodInterface(gateway: IpAddress): boolean {
  return gateway.family === 4 && networkValue(gateway, 16) === 0xa9fe0000n;
}

/** The routes of one resource, placed in its file: its document stands at `place`. */
export function routeEntries(resource: SpkResource, facts: ResourceFacts, uri: string, place: DocumentPlace, namespace: string): RouteEntry[] {
  const ref = new ResourceRef(uri, resource.kind, resource.name ?? '(unnamed)', namespace, place, facts.line);
  const entries: RouteEntry[] = facts.connected.map((c) => connectedEntry(c, ref, facts, place));
  for (const r of facts.staticRoutes) entries.push(staticEntry(r, ref, facts, place));
  return entries;
}

/** Every entry's `locate`: one function, not a closure per resource. */
function locate(this: RouteEntry, span: Span): Range {
  return shiftRange(this.facts.range(span), this.place.line);
}

// The entries are written field by field, not spread from their facts: a spread copy gets a hidden
// class of its own in V8, and a workspace has one entry per route.
function staticEntry(r: StaticRouteFact, resource: ResourceRef, facts: ResourceFacts, place: DocumentPlace): StaticRouteEntry {
  const entry: StaticRouteEntry = { family: r.family, network: r.network, prefixLen: r.prefixLen, destinationSpan: r.destinationSpan, kind: 'static', key: prefixKey(r.family, r.network, r.prefixLen), id: -1, resource, locate, facts, place };
  // The facts' own keys, as they have them (some are there with an undefined value).
  if ('routeType' in r) entry.routeType = r.routeType;
  if ('gateway' in r) entry.gateway = r.gateway;
  if ('gatewaySpan' in r) entry.gatewaySpan = r.gatewaySpan;
  if ('name' in r) entry.name = r.name;
  if ('itemSpan' in r) entry.itemSpan = r.itemSpan;
  if ('networkRef' in r) entry.networkRef = r.networkRef;
  return entry;
}

function connectedEntry(c: ConnectedFact, resource: ResourceRef, facts: ResourceFacts, place: DocumentPlace): ConnectedEntry {
  const entry: ConnectedEntry = { family: c.family, network: c.network, prefixLen: c.prefixLen, vlan: c.vlan, selfIps: c.selfIps, replicas: c.replicas, interface: c.interface, span: c.span, kind: 'connected', key: prefixKey(c.family, c.network, c.prefixLen), id: -1, resource, locate, facts, place };
  if ('inferred' in c) entry.inferred = c.inferred;
  return entry;
}

export function buildRouteTable(namespace: string, entries: RouteEntry[], translations: SourceTranslation[] = [{ kind: 'self-ip' }], infra?: string, scope?: string): RouteTable {
  const samePrefix = new Map<string, RouteEntry[]>();
  // By canonical text: an IPv4 and an IPv6 text never meet.
  const owners = new Map<string, { vlan: ConnectedEntry; replica: number }>();
  let replicaCount = 1;
  const connected: ConnectedEntry[] = [];
  const lengths: [Set<number>, Set<number>] = [new Set(), new Set()];
  for (let id = 0; id < entries.length; id++) {
    const entry = entries[id]!;
    entry.id = id;
    lengths[entry.family === 4 ? 0 : 1].add(entry.prefixLen);
    const group = samePrefix.get(entry.key);
    if (group) group.push(entry);
    else samePrefix.set(entry.key, [entry]);
    if (entry.kind !== 'connected') continue;
    connected.push(entry);
    entry.selfIps.forEach((ip, i) => owners.set(ip.text, { vlan: entry, replica: entry.replicas[i]! }));
    for (const replica of entry.replicas) replicaCount = Math.max(replicaCount, replica);
  }
  return {
    namespace,
    ...(infra !== undefined ? { infra } : {}),
    ...(scope !== undefined ? { scope } : {}),
    entries,
    connected,
    lengths: [longestFirst(lengths[0]), longestFirst(lengths[1])],
    idCount: entries.length,
    replicaCount,
    classes: replicaClasses(replicaCount, connected).map((c) => buildClass(c.replicas, c.connected, samePrefix)),
    samePrefix,
    translations,
    selfIpOwner: (address) => (owners.size ? owners.get(address.text) : undefined),
  };
}

function longestFirst(lengths: Iterable<number>): number[] {
  return [...lengths].sort((a, b) => b - a);
}

/** Replicas grouped by the exact set of connected networks each has. */
function replicaClasses(replicaCount: number, connected: readonly ConnectedEntry[]): { replicas: number[]; connected: ConnectedEntry[] }[] {
  const byNetworks = new Map<string, { replicas: number[]; connected: ConnectedEntry[] }>();
  for (let replica = 1; replica <= replicaCount; replica++) {
    const own = connected.filter((c) => c.replicas.includes(replica));
    const key = own.map((c) => c.id).join(',');
    const group = byNetworks.get(key);
    if (group) group.replicas.push(replica);
    else byNetworks.set(key, { replicas: [replica], connected: own });
  }
  return [...byNetworks.values()];
}

function buildClass(replicas: number[], connected: ConnectedEntry[], samePrefix: Map<string, RouteEntry[]>): ReplicaClass {
  // A namespace has a handful of connected networks: a scan, longest first, finds a gateway's.
  const byLength = [...connected].sort((a, b) => b.prefixLen - a.prefixLen);
  const paths = new Map<IpAddress, GatewayPath | undefined>();
  const gatewayPath = (gateway: IpAddress): GatewayPath | undefined => {
    if (paths.has(gateway)) return paths.get(gateway);
    const network = byLength.find((c) => c.family === gateway.family && networkValue(gateway, c.prefixLen) === c.network.value);
    const path: GatewayPath | undefined = network ? { via: 'connected', network } : onPodInterface(gateway) ? { via: 'pod' } : undefined;
    paths.set(gateway, path);
    return path;
  };
  const winners = new Map<string, RouteEntry>();
  // The LPM table is built on the first lookup: checks and lenses read `winners` only.
  const replicaClass = withWinners({ replicas, connected, winners, gatewayPath });
  for (const [key, group] of samePrefix) {
    const winner = winnerOf(group, replicaClass);
    if (winner) winners.set(key, winner); // else only other replicas' connected networks
  }
  return replicaClass;
}

/** The route a class uses for one prefix: its connected network, a usable static, else the first written. */
function winnerOf(group: readonly RouteEntry[], replicaClass: ReplicaClass): RouteEntry | undefined {
  const own = (e: RouteEntry) => e.kind === 'connected' && replicaClass.connected.includes(e);
  if (group.length === 1) {
    const only = group[0]!;
    return only.kind === 'static' || own(only) ? only : undefined;
  }
  return group.find(own) ?? group.find((e) => e.kind === 'static' && usableOn(e, replicaClass)) ?? group.find((e) => e.kind === 'static');
}

/** A class with the same networks and paths as `replicaClass`, whose winners have changed: its LPM table is built anew. */
function withWinners(replicaClass: Omit<ReplicaClass, 'best'>): ReplicaClass {
  let best: PrefixTable<RouteEntry> | undefined;
  const { replicas, connected, winners, gatewayPath } = replicaClass;
  return {
    replicas,
    connected,
    winners,
    get best() {
      if (!best) {
        best = new PrefixTable<RouteEntry>();
        for (const winner of winners.values()) best.insert(winner.network.text, winner.prefixLen, winner);
      }
      return best;
    },
    gatewayPath,
  };
}

/**
 * The table after some static routes came and went (`entries` is the whole new list, in source
 * order; every entry of it but `added` was in `previous`), patched from `previous` instead of
 * built: only the prefixes of the added and removed routes get new winners, and only the added
 * routes get ids. Undefined when a change needs a new table (a connected network came or went, so
 * the replica classes change). `previous` must not be used after this.
 */
export function updateRouteTable(previous: RouteTable, entries: RouteEntry[], added: readonly RouteEntry[], removed: readonly RouteEntry[]): { table: RouteTable; changedKeys: Set<string> } | undefined {
  if (added.some((e) => e.kind === 'connected') || removed.some((e) => e.kind === 'connected')) return undefined;
  const { samePrefix } = previous;
  const changedKeys = new Set<string>();
  const lengths: [number[], number[]] = [previous.lengths[0], previous.lengths[1]];
  for (const entry of removed) {
    const group = samePrefix.get(entry.key);
    const at = group ? group.indexOf(entry) : -1;
    if (at < 0) return undefined; // not the table it was built from
    group!.splice(at, 1);
    if (!group!.length) samePrefix.delete(entry.key);
    changedKeys.add(entry.key);
  }
  let idCount = previous.idCount;
  // A prefix's routes are kept in source order (the first written wins): positions, when a group needs them.
  let positions: Map<RouteEntry, number> | undefined;
  const position = (entry: RouteEntry) => (positions ??= new Map(entries.map((e, i) => [e, i]))).get(entry)!;
  for (const entry of added) {
    entry.id = idCount++;
    const i = entry.family === 4 ? 0 : 1;
    if (!lengths[i].includes(entry.prefixLen)) lengths[i] = longestFirst([...lengths[i], entry.prefixLen]);
    const group = samePrefix.get(entry.key);
    if (group) {
      group.push(entry);
      group.sort((a, b) => position(a) - position(b));
    } else samePrefix.set(entry.key, [entry]);
    changedKeys.add(entry.key);
  }
  const classes = previous.classes.map((replicaClass) => {
    for (const key of changedKeys) {
      const group = samePrefix.get(key);
      const winner = group && winnerOf(group, replicaClass);
      if (winner) replicaClass.winners.set(key, winner);
      else replicaClass.winners.delete(key);
    }
    return withWinners(replicaClass);
  });
  return { table: { ...previous, entries, lengths, idCount, classes }, changedKeys };
}

/** Whether a static route can carry traffic on a class: a blackhole, a gateway it reaches, or an Infra network it names. */
export function usableOn(route: StaticRouteEntry, replicaClass: ReplicaClass): boolean {
  return route.routeType === 'blackhole' || routePath(route, replicaClass) !== undefined;
}

/** How a route leaves on a class: its gateway's path, or for an Infra interface route, its network. */
export function routePath(route: StaticRouteEntry, replicaClass: ReplicaClass): GatewayPath | undefined {
  const ref = route.networkRef;
  if (ref) {
    if (!ref.interface) return undefined;
    const network = replicaClass.connected.find((c) => c.vlan === ref.name);
    return network ? { via: 'network', vlan: ref.name, interface: ref.interface, network } : { via: 'network', vlan: ref.name, interface: ref.interface };
  }
  return route.gateway !== undefined ? replicaClass.gatewayPath(route.gateway) : undefined;
}

/** The replicas on which both routes carry traffic: R9's test for a real conflict. */
export function sharedReplicas(table: RouteTable, a: StaticRouteEntry, b: StaticRouteEntry): number[] {
  // Without connected networks of their family in view, nothing says where a gateway is reached: assume it is.
  if (!table.entries.some((e) => e.kind === 'connected' && e.family === a.family)) return table.classes.flatMap((c) => c.replicas);
  return table.classes.filter((c) => usableOn(a, c) && usableOn(b, c)).flatMap((c) => c.replicas);
}

/**
 * `f5-cne-system`, `f5-cne-system (Infra infra)` for an Infra's own table, and ` [labs/v2]` after
 * it for a scope's table (the scope folder as `displayPath` shows it).
 */
export function tableLabel(table: { namespace: string; infra?: string; scope?: string }, displayPath: (uri: string) => string = (uri) => uri): string {
  const label = table.infra !== undefined ? `${table.namespace} (Infra ${table.infra})` : table.namespace;
  return table.scope !== undefined ? `${label} [${displayPath(table.scope)}]` : label;
}
