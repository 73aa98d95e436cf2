// Where traffic to one destination goes from one namespace: longest prefix wins (R4), a static
// route's gateway is reached over a connected network or not at all, no route without a default (R3).
import { wordsOf, writtenText, type IpAddress } from '../net/index.js';
import type { ConnectedEntry, RouteEntry, RouteTable } from './table.js';

export type Outcome = 'connected' | 'forwarded' | 'unresolved' | 'blackhole' | 'no-route';

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
}

export interface Hop {
  destination: string;
  namespace: string;
  outcome: Outcome;
  route: RouteRef | null;
  nextHop: string | null;
  /** The egress VLAN (its name inside TMM). */
  vlan: string | null;
  /** What SNAT automap would use as the source: the egress VLAN's self IP for each TMM replica. */
  sourceAddresses: string[];
}

export function routeRef(entry: RouteEntry): RouteRef {
  return {
    kind: entry.resource.kind,
    name: entry.resource.name,
    namespace: entry.resource.namespace,
    file: entry.resource.uri,
    line: entry.resource.line + 1,
    destination: entry.network.text,
    prefixLen: entry.prefixLen,
  };
}

export function lookupRoute(table: RouteTable, destination: IpAddress): Hop {
  const entry = destination.family === 4 ? table.best.lookupV4(Number(destination.value)) : table.best.lookupV6(wordsOf(destination.value));
  return hopVia(table, entry, destination.text);
}

/** The hop for a destination (canonical text) whose longest match is `entry`. */
export function hopVia(table: RouteTable, entry: RouteEntry | undefined, text: string): Hop {
  const hop = (outcome: Outcome, route: RouteRef | null, nextHop: string | null, vlan: string | null, sourceAddresses: string[]): Hop =>
    ({ destination: text, namespace: table.namespace, outcome, route, nextHop, vlan, sourceAddresses });
  if (!entry) return hop('no-route', null, null, null, []);
  const route = routeRef(entry);
  if (entry.kind === 'connected') return hop('connected', route, text, entry.vlan, selfIpTexts(entry));
  if (entry.routeType === 'blackhole') return hop('blackhole', route, null, null, []);
  const gateway = entry.gateway;
  const via = gateway && table.gatewayVia(gateway);
  const nextHop = gateway ? gateway.text : null;
  return via ? hop('forwarded', route, nextHop, via.vlan, selfIpTexts(via)) : hop('unresolved', route, nextHop, null, []);
}

const selfIpTextCache = new WeakMap<ConnectedEntry, string[]>();
/** A VLAN's self IPs as text, shared by every hop through it (callers must not change the array). */
function selfIpTexts(entry: ConnectedEntry): string[] {
  let texts = selfIpTextCache.get(entry);
  if (!texts) selfIpTextCache.set(entry, (texts = entry.selfIps.map(writtenText)));
  return texts;
}

/** One line for a hop, as the CLI and the editor print it. */
export function describeHop(hop: Hop): string {
  const matched = hop.route ? ` via ${hop.route.namespace}/${hop.route.name} (${hop.route.destination}/${hop.route.prefixLen})` : '';
  switch (hop.outcome) {
    case 'connected':
      return `${hop.destination}: connected on ${hop.vlan}${matched}, source ${hop.sourceAddresses.join(', ')}`;
    case 'forwarded':
      return `${hop.destination}: → ${hop.nextHop} on ${hop.vlan}${matched}, SNAT ${hop.sourceAddresses.join(', ')}`;
    case 'unresolved':
      return `${hop.destination}: gateway ${hop.nextHop ?? '(none)'} is on no connected network${matched}`;
    case 'blackhole':
      return `${hop.destination}: dropped (blackhole)${matched}`;
    case 'no-route':
      return `${hop.destination}: no route (no match and no default route)`;
  }
}

