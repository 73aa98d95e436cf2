// The effective route table of a namespace as rows, for `spk-route table` and `spk/routeTable`.
import { formatPrefix, writtenText } from '../net/index.js';
import { routeRef, type RouteRef } from './lookup.js';
import { type RouteEntry, type RouteTable } from './table.js';

export interface RouteRow {
  prefix: string;
  type: 'connected' | 'static' | 'blackhole';
  /** The gateway of a static route; null for connected networks. */
  nextHop: string | null;
  /** Egress VLAN: the connected network's, or the one the gateway is reached on; null when unresolved. */
  vlan: string | null;
  sourceAddresses: string[];
  /** False when another route of the same prefix is used instead. */
  active: boolean;
  route: RouteRef;
}

export function routeRows(table: RouteTable): RouteRow[] {
  const active = new Set<RouteEntry>(table.winners.values());
  return [...table.entries]
    .sort((a, b) => a.family - b.family || (a.network.value < b.network.value ? -1 : a.network.value > b.network.value ? 1 : 0) || a.prefixLen - b.prefixLen)
    .map((entry) => {
      const base = { prefix: formatPrefix(entry.network, entry.prefixLen), active: active.has(entry), route: routeRef(entry) };
      if (entry.kind === 'connected') {
        return { ...base, type: 'connected' as const, nextHop: null, vlan: entry.vlan, sourceAddresses: entry.selfIps.map(writtenText) };
      }
      const gateway = entry.gateway ? entry.gateway.text : null;
      const via = entry.gateway ? table.gatewayVia(entry.gateway) : undefined;
      return {
        ...base,
        type: entry.routeType === 'blackhole' ? ('blackhole' as const) : ('static' as const),
        nextHop: gateway,
        vlan: via?.vlan ?? null,
        sourceAddresses: via?.selfIps.map(writtenText) ?? [],
      };
    });
}
