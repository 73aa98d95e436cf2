// The routing table of one namespace's SPK instance: connected networks from VLAN self IPs (R2) and
// static routes (R1), and for each prefix the route that TMM uses.
import { networkValue, type Family, type IpAddress } from '../net/index.js';
import { shiftRange, type Range } from '../types.js';
import { PrefixTable } from './lpm.js';
import type { SpkResource } from '../resources/resource.js';
import type { ConnectedFact, ResourceFacts, Span, StaticRouteFact } from './routeFacts.js';

/** Where a resource is written: its file and the 0-based line of its first key. */
export interface ResourceRef {
  uri: string;
  kind: string;
  name: string;
  namespace: string;
  line: number;
}

export interface StaticRouteEntry extends StaticRouteFact {
  kind: 'static';
  /** Position in its table's `entries`, for per-route arrays. */
  id: number;
  resource: ResourceRef;
  /** The file range of one of the entry's spans. */
  locate(span: Span): Range;
}

export interface ConnectedEntry extends ConnectedFact {
  kind: 'connected';
  id: number;
  resource: ResourceRef;
  locate(span: Span): Range;
}

export type RouteEntry = StaticRouteEntry | ConnectedEntry;

export interface RouteTable {
  namespace: string;
  /** Every route in source order. */
  entries: RouteEntry[];
  /** The route used for each prefix, by prefixKey: a connected one over a static one, then the first written. */
  winners: Map<string, RouteEntry>;
  /** Every route of each prefix, by prefixKey, in source order (duplicates, hidden statics). */
  samePrefix: Map<string, RouteEntry[]>;
  /** The winners, for longest-prefix-match lookups (R4). */
  best: PrefixTable<RouteEntry>;
  /** The VLAN whose self IP an address is, and the TMM replica it belongs to. */
  selfIpOwner(address: IpAddress): { vlan: ConnectedEntry; replica: number } | undefined;
  /** The connected network that reaches a gateway (no recursive resolution), longest prefix first. */
  gatewayVia(gateway: IpAddress): ConnectedEntry | undefined;
}

export function prefixKey(family: Family, network: IpAddress, prefixLen: number): string {
  return `${family}|${network.text}|${prefixLen}`;
}

/** The routes of one resource, placed in its file: its document starts at `documentLine`. */
export function routeEntries(resource: SpkResource, facts: ResourceFacts, uri: string, documentLine: number, namespace: string): RouteEntry[] {
  const ref = { uri, kind: resource.kind, name: resource.name ?? '(unnamed)', namespace, line: documentLine + facts.line };
  const locate = (span: Span) => shiftRange(facts.range(span), documentLine);
  const entries: RouteEntry[] = facts.connected.map((c) => ({
    kind: 'connected', id: -1, family: c.family, network: c.network, prefixLen: c.prefixLen, vlan: c.vlan, selfIps: c.selfIps, span: c.span, resource: ref, locate,
  }));
  const r = facts.staticRoute;
  if (r) {
    entries.push({
      kind: 'static', id: -1, family: r.family, network: r.network, prefixLen: r.prefixLen, routeType: r.routeType, gateway: r.gateway,
      destinationSpan: r.destinationSpan, gatewaySpan: r.gatewaySpan, resource: ref, locate,
    });
  }
  return entries;
}

export function buildRouteTable(namespace: string, entries: RouteEntry[]): RouteTable {
  const winners = new Map<string, RouteEntry>();
  const samePrefix = new Map<string, RouteEntry[]>();
  const owners = new Map<string, { vlan: ConnectedEntry; replica: number }>();
  const addressKey = (address: IpAddress) => `${address.family}|${address.value}`;
  entries.forEach((entry, id) => {
    entry.id = id;
    const key = prefixKey(entry.family, entry.network, entry.prefixLen);
    const current = winners.get(key);
    if (!current || (current.kind === 'static' && entry.kind === 'connected')) winners.set(key, entry);
    const group = samePrefix.get(key);
    if (group) group.push(entry);
    else samePrefix.set(key, [entry]);
    if (entry.kind === 'connected') entry.selfIps.forEach((ip, i) => owners.set(addressKey(ip), { vlan: entry, replica: i + 1 }));
  });
  const best = new PrefixTable<RouteEntry>();
  // A namespace has a handful of connected networks: a scan, longest first, finds a gateway's.
  const connected: ConnectedEntry[] = [];
  for (const entry of winners.values()) {
    best.insert(entry.network.text, entry.prefixLen, entry);
    if (entry.kind === 'connected') connected.push(entry);
  }
  connected.sort((a, b) => b.prefixLen - a.prefixLen);
  const resolved = new Map<IpAddress, ConnectedEntry | undefined>();
  const gatewayVia = (gateway: IpAddress) => {
    if (!resolved.has(gateway)) resolved.set(gateway, connected.find((c) => c.family === gateway.family && networkValue(gateway, c.prefixLen) === c.network.value));
    return resolved.get(gateway);
  };
  return { namespace, entries, winners, samePrefix, best, selfIpOwner: (address) => owners.get(addressKey(address)), gatewayVia };
}
