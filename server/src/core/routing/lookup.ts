// Where traffic to one destination goes from one namespace, per TMM replica: longest prefix wins (R4),
// a static route's gateway is reached over a connected network of the replica or the pod interface,
// and a destination that no CR route matches may still leave by dynamic routing (R3, R11).
import { wordsOf, type Family, type IpAddress } from '../net/index.js';
import { sourcesFor, type SourceKind, type Sources, type SourceTranslation } from './source.js';
import { routePath, type ConnectedEntry, type ReplicaClass, type RouteEntry, type RouteTable } from './table.js';

export type Outcome = 'connected' | 'forwarded' | 'unresolved' | 'blackhole' | 'no-route';

/** What traffic leaves on: a VLAN, a VXLAN, or TMM's pod interface. */
export type EgressInterface = 'vlan' | 'vxlan' | 'pod';

export interface RouteRef {
  kind: string;
  name: string;
  namespace: string;
  /** URI of the file. */
  file: string;
  /** 1-based line of the resource. */
  line: number;
  destination: string;
  prefixLen: number;
  /** An Infra route's `name` (its line is then the route's list item). */
  routeName?: string;
  /** An Infra range pool's network: how its prefix length was inferred. */
  inferred?: string;
}

export interface EgressSources {
  egress: string;
  appNamespaces: string[];
  source: SourceKind;
  sourceAddresses: (string | null)[];
  sourcePool?: string;
}

/** The answer of the replicas in `replicas`; replicas that answer alike share one hop. */
export interface Hop {
  destination: string;
  namespace: string;
  /** From an Infra's own table: the Infra's name. */
  infra?: string;
  /** From a scope's table: the scope folder's URI. */
  scope?: string;
  /** 1-based TMM replicas, ascending. */
  replicas: number[];
  /** The namespace's number of TMM replicas. */
  replicaCount: number;
  outcome: Outcome;
  route: RouteRef | null;
  nextHop: string | null;
  /** The egress VLAN or VXLAN (its name inside TMM); null over the pod interface or when none is reached. */
  vlan: string | null;
  interface: EgressInterface | null;
  /** What the source addresses are (see source.ts). */
  source: SourceKind;
  /** Per replica, in `replicas` order; null where the resources give none; empty when nothing leaves or with `none`. */
  sourceAddresses: (string | null)[];
  /** Per replica, every address a SNAT pool list offers of the destination's family. */
  sourceCandidates: string[][];
  /** The SNAT pool, with source `snatpool`. */
  sourcePool?: string;
  /** Present when the namespace's egresses translate differently: each one's sources. */
  sourcesByEgress?: EgressSources[];
}

export function routeRef(entry: RouteEntry): RouteRef {
  const ref: RouteRef = {
    kind: entry.resource.kind,
    name: entry.resource.name,
    namespace: entry.resource.namespace,
    file: entry.resource.uri,
    line: entry.resource.line + 1,
    destination: entry.network.text,
    prefixLen: entry.prefixLen,
  };
  if (entry.kind === 'static' && entry.itemSpan) {
    ref.line = entry.locate(entry.itemSpan).start.line + 1;
    if (entry.name !== undefined) ref.routeName = entry.name;
  } else if (entry.kind === 'connected' && entry.resource.kind === 'Infra') {
    ref.line = entry.locate(entry.span).start.line + 1;
    if (entry.inferred !== undefined) ref.inferred = entry.inferred;
  }
  return ref;
}

/** The longest match of each replica class, in class order. */
export function matchesOf(table: RouteTable, destination: IpAddress): (RouteEntry | undefined)[] {
  if (destination.family === 4) {
    const v4 = Number(destination.value);
    return table.classes.map((c) => c.best.lookupV4(v4));
  }
  const v6 = wordsOf(destination.value);
  return table.classes.map((c) => c.best.lookupV6(v6));
}

export function lookupRoute(table: RouteTable, destination: IpAddress): Hop[] {
  return hopsVia(table, matchesOf(table, destination), destination.text, destination.family);
}

interface ClassAnswer {
  outcome: Outcome;
  entry: RouteEntry | undefined;
  nextHop: string | null;
  vlan: string | null;
  interface: EgressInterface | null;
  /** The connected network traffic leaves on (its self IPs are the automap sources). */
  network?: ConnectedEntry;
}

function answerOf(replicaClass: ReplicaClass, entry: RouteEntry | undefined, text: string): ClassAnswer {
  const answer = (outcome: Outcome, nextHop: string | null, network?: ConnectedEntry, pod = false): ClassAnswer =>
    ({ outcome, entry, nextHop, vlan: network?.vlan ?? null, interface: pod ? 'pod' : network ? network.interface : null, network });
  if (!entry) return answer('no-route', null);
  if (entry.kind === 'connected') return answer('connected', text, entry);
  if (entry.routeType === 'blackhole') return answer('blackhole', null);
  const gateway = entry.gateway;
  const path = routePath(entry, replicaClass);
  // An Infra interface route (networkRef) sends to the destination itself, on-link (inferred).
  const nextHop = entry.networkRef ? text : gateway ? gateway.text : null;
  if (!path) return answer('unresolved', entry.networkRef ? null : nextHop);
  if (path.via === 'network') {
    return { outcome: 'forwarded', entry, nextHop, vlan: path.vlan, interface: path.interface, ...(path.network ? { network: path.network } : {}) };
  }
  return path.via === 'pod' ? answer('forwarded', nextHop, undefined, true) : answer('forwarded', nextHop, path.network);
}

/** The hops for a destination (canonical text) whose longest match on each replica class is `matches`. */
export function hopsVia(table: RouteTable, matches: readonly (RouteEntry | undefined)[], text: string, family: Family): Hop[] {
  const groups = new Map<string, { answer: ClassAnswer; replicas: number[]; networkOf: Map<number, ConnectedEntry> }>();
  table.classes.forEach((replicaClass, i) => {
    const answer = answerOf(replicaClass, matches[i], text);
    const key = `${answer.outcome}|${answer.entry?.id}|${answer.nextHop}|${answer.vlan}|${answer.interface}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { answer, replicas: [], networkOf: new Map() }));
    for (const replica of replicaClass.replicas) {
      group.replicas.push(replica);
      if (answer.network) group.networkOf.set(replica, answer.network);
    }
  });
  const hops: Hop[] = [];
  for (const { answer, replicas, networkOf } of groups.values()) {
    replicas.sort((a, b) => a - b);
    const leaves = answer.outcome === 'connected' || answer.outcome === 'forwarded';
    const selfIpOf = answer.interface === 'pod' ? undefined : (replica: number) => {
      const network = networkOf.get(replica);
      return network?.selfIps[network.replicas.indexOf(replica)];
    };
    const sourcesOf = (translation: SourceTranslation): Sources => (leaves ? sourcesFor(translation, family, replicas, selfIpOf) : { source: translation.kind, sourceAddresses: [], candidates: [] });
    const several = table.translations.length > 1;
    const main = sourcesOf(several ? { kind: 'self-ip' } : table.translations[0]!);
    const hop: Hop = {
      destination: text,
      namespace: table.namespace,
      ...(table.infra !== undefined ? { infra: table.infra } : {}),
      ...(table.scope !== undefined ? { scope: table.scope } : {}),
      replicas,
      replicaCount: table.replicaCount,
      outcome: answer.outcome,
      route: answer.entry ? routeRef(answer.entry) : null,
      nextHop: answer.nextHop,
      vlan: answer.vlan,
      interface: answer.interface,
      source: main.source,
      sourceAddresses: main.sourceAddresses,
      sourceCandidates: main.candidates,
    };
    if (main.pool !== undefined) hop.sourcePool = main.pool;
    if (several) {
      hop.sourcesByEgress = table.translations.map((t) => {
        const { source, sourceAddresses, pool } = sourcesOf(t);
        const sources: EgressSources = { egress: 'egress' in t ? t.egress.name : '', appNamespaces: 'egress' in t ? t.egress.appNamespaces : [], source, sourceAddresses };
        if (pool !== undefined) sources.sourcePool = pool;
        return sources;
      });
    }
    hops.push(hop);
  }
  return hops.sort((a, b) => a.replicas[0]! - b.replicas[0]!);
}

/** ` (TMM 1)`, ` (TMM 2, 3)`: the replicas a hop holds for, when not all of them. */
export function replicaLabel(replicas: readonly number[], replicaCount: number): string {
  return replicas.length === replicaCount ? '' : ` (TMM ${replicas.join(', ')})`;
}

/** One line for a hop, as the CLI and the editor print it. */
export function describeHop(hop: Hop): string {
  const matched = hop.route ? ` via ${hop.route.namespace}/${hop.route.name}${hop.route.routeName !== undefined ? ` route ${hop.route.routeName}` : ''} (${hop.route.inferred ?? `${hop.route.destination}/${hop.route.prefixLen}`})` : '';
  const head = `${hop.destination}${replicaLabel(hop.replicas, hop.replicaCount)}`;
  switch (hop.outcome) {
    case 'connected':
      return `${head}: connected on ${hop.vlan}${matched}, ${describeSources(hop)}`;
    case 'forwarded':
      return hop.interface === 'pod'
        ? `${head}: → ${hop.nextHop} over the pod interface (a link-local gateway, inferred)${matched}, ${describeSources(hop)}`
        : `${head}: → ${hop.nextHop} on ${hop.vlan}${matched}, ${describeSources(hop)}`;
    case 'unresolved':
      if (hop.infra !== undefined && hop.nextHop === null && hop.route) return `${head}: its network is not one of Infra ${hop.infra}${matched}`;
      return `${head}: gateway ${hop.nextHop ?? '(none)'} is on no connected network${hop.infra !== undefined ? ` of Infra ${hop.infra}` : ''}${matched}`;
    case 'blackhole':
      return `${head}: dropped (blackhole)${matched}`;
    case 'no-route':
      return `${head}: no static or connected route matches; TMM may still forward it by dynamic routing (BGP) or its pod interface`;
  }
}

/** `SNAT pool red-snat 172.16.201.221 or 172.16.201.222, none`, `source 10.10.0.10, 10.10.0.11`. */
export function describeSources(hop: Pick<Hop, 'replicas' | 'source' | 'sourceCandidates' | 'interface' | 'sourcePool' | 'sourcesByEgress' | 'infra'>): string {
  // An Infra's self IPs come from its pools at run time: unknown unless a pool has one address.
  if (hop.infra !== undefined && hop.source === 'self-ip' && hop.interface !== 'pod' && hop.sourceCandidates.every((c) => c.length === 0)) {
    return 'source a self IP from the network\'s IPAM pool (assigned at run time)';
  }
  if (hop.sourcesByEgress) {
    return `source by egress: ${hop.sourcesByEgress.map((e) => `${e.egress}${e.appNamespaces.length ? ` (${e.appNamespaces.join(', ')})` : ''} ${sourceWords(e.source, e.sourceAddresses.map((a) => (a === null ? [] : [a])), hop.interface, e.sourcePool)}`).join('; ')}`;
  }
  return sourceWords(hop.source, hop.sourceCandidates, hop.interface, hop.sourcePool, hop.replicas);
}

function sourceWords(source: SourceKind, candidates: readonly string[][], via: EgressInterface | null, pool: string | undefined, replicas?: readonly number[]): string {
  // Each replica's addresses; labelled with their replica when a replica has none or several.
  const labelled = replicas !== undefined && replicas.length > 1 && candidates.some((c) => c.length !== 1);
  const list = candidates.map((c, i) => `${c.length ? c.join(' or ') : 'none'}${labelled ? ` (TMM ${replicas[i]})` : ''}`).join(', ');
  switch (source) {
    case 'none':
      return 'no SNAT (the original source)';
    case 'snatpool':
      return `SNAT pool ${pool ?? ''} ${list}`;
    case 'automap':
      return via === 'pod' ? "SNAT automap (TMM's pod address)" : `SNAT automap ${list}`;
    case 'self-ip':
      return via === 'pod' ? "source TMM's pod address" : `source ${list}`;
  }
}
