// The text shown above each resource: where a static route's traffic goes, or what keeps it from
// going anywhere; a VLAN's connected networks. Built from the namespace's routing table.
import { formatPrefix, writtenText } from '../net/index.js';
import { prefixKey, type ConnectedEntry, type RouteEntry, type RouteTable, type StaticRouteEntry } from '../routing/table.js';
import type { Workspace } from '../workspace/workspace.js';

export interface Lens {
  /** 0-based line of the resource's first key. */
  line: number;
  title: string;
  /** What clicking it simulates: the route's own prefix in its namespace. */
  simulate?: { destination: string; prefixLen: number; namespace: string };
}

export function codeLenses(workspace: Workspace, uri: string): Lens[] {
  const lenses: Lens[] = [];
  const vlans = new Map<string, { table: RouteTable; entries: ConnectedEntry[] }>();
  for (const { table, entry } of workspace.routesOf(uri)) {
    if (entry.kind === 'static') {
      lenses.push({
        line: entry.resource.line,
        title: routeTitle(table, entry),
        simulate: { destination: entry.network.text, prefixLen: entry.prefixLen, namespace: table.namespace },
      });
    } else {
      const key = `${entry.resource.line}`;
      const group = vlans.get(key) ?? { table, entries: [] };
      group.entries.push(entry);
      vlans.set(key, group);
    }
  }
  for (const { entries } of vlans.values()) {
    const networks = entries.map((c) => `${formatPrefix(c.network, c.prefixLen)} (self IP${c.selfIps.length > 1 ? 's' : ''} ${c.selfIps.map(writtenText).join(', ')})`);
    lenses.push({ line: entries[0]!.resource.line, title: `connected: ${networks.join(' · ')}` });
  }
  return lenses.sort((a, b) => a.line - b.line);
}

function routeTitle(table: RouteTable, route: StaticRouteEntry): string {
  const prefix = formatPrefix(route.network, route.prefixLen);
  const winner = table.winners.get(prefixKey(route.family, route.network, route.prefixLen));
  if (winner && winner !== route) {
    return winner.kind === 'connected'
      ? `never used: ${prefix} is the connected network of VLAN ${winner.vlan}`
      : `never used: duplicate of ${where(winner)}, which is used`;
  }
  const duplicates = table.samePrefix.get(prefixKey(route.family, route.network, route.prefixLen))!.filter((e) => e !== route && e.kind === 'static');
  const suffix = duplicates.length ? ` · duplicate of ${duplicates.map(where).join(', ')}` : '';
  if (route.routeType === 'blackhole') return `drops traffic to ${prefix} (blackhole)${suffix}`;
  const gateway = route.gateway;
  if (!gateway) return `${prefix}: no valid gateway${suffix}`;
  const own = table.selfIpOwner(gateway);
  if (own) return `gateway ${writtenText(gateway)} is TMM's own self IP on ${own.vlan.vlan}${suffix}`;
  const via = table.gatewayVia(gateway);
  if (via) return `→ ${writtenText(gateway)} on ${via.vlan} (SNAT ${via.selfIps.map(writtenText).join(', ')})${suffix}`;
  if (!table.entries.some((e) => e.kind === 'connected')) return `→ ${writtenText(gateway)} (no VLAN in namespace ${table.namespace} to reach it)${suffix}`;
  return `gateway ${writtenText(gateway)} is on no connected network${suffix}`;
}

function where(entry: RouteEntry): string {
  const file = entry.resource.uri.slice(entry.resource.uri.lastIndexOf('/') + 1);
  return `${entry.resource.namespace}/${entry.resource.name} (${file}:${entry.resource.line + 1})`;
}
