// The text shown above each resource: where a static route's traffic goes, or what keeps it from
// going anywhere; a VLAN's connected networks. Built from the namespace's routing table.
import { formatPrefix, writtenText } from '../net/index.js';
import { describeSources, hopsVia, replicaLabel, type Hop } from '../routing/lookup.js';
import { onPodInterface, prefixKey, sharedReplicas, type ConnectedEntry, type RouteEntry, type RouteTable, type StaticRouteEntry } from '../routing/table.js';
import { runTitle } from '../routeTests/run.js';
import type { Workspace } from '../workspace/workspace.js';

export interface Lens {
  /** 0-based line of the resource's first key. */
  line: number;
  title: string;
  /** What clicking it simulates: the route's own prefix in its namespace. */
  simulate?: { destination: string; prefixLen: number; namespace: string; infra?: string };
}

export function codeLenses(workspace: Workspace, uri: string): Lens[] {
  const lenses: Lens[] = [];
  const vlans = new Map<string, { table: RouteTable; entries: ConnectedEntry[] }>();
  for (const { table, entry } of workspace.routesOf(uri)) {
    if (entry.kind === 'static') {
      // An Infra route: on its list item's line, one lens per item (its destinations joined).
      const line = entry.itemSpan ? entry.locate(entry.itemSpan).start.line : entry.resource.line;
      const title = routeTitle(table, entry);
      const same = entry.itemSpan ? lenses.find((l) => l.line === line && l.simulate) : undefined;
      if (same) {
        same.title = `${same.title} · ${formatPrefix(entry.network, entry.prefixLen)}: ${title}`;
        continue;
      }
      lenses.push({
        line,
        title,
        simulate: { destination: entry.network.text, prefixLen: entry.prefixLen, namespace: table.namespace, ...(table.infra !== undefined ? { infra: table.infra } : {}) },
      });
    } else {
      const key = `${entry.resource.line}`;
      const group = vlans.get(key) ?? { table, entries: [] };
      group.entries.push(entry);
      vlans.set(key, group);
    }
  }
  for (const { entries } of vlans.values()) {
    const networks = entries.map((c) => c.resource.kind === 'Infra'
      ? `${c.vlan} ${c.inferred ?? formatPrefix(c.network, c.prefixLen)}${c.selfIps.length ? ` (self IP ${c.selfIps.map(writtenText).join(', ')})` : ''}`
      : `${formatPrefix(c.network, c.prefixLen)} (self IP${c.selfIps.length > 1 ? 's' : ''} ${c.selfIps.map(writtenText).join(', ')})`);
    lenses.push({ line: entries[0]!.resource.line, title: `connected: ${networks.join(' · ')}` });
  }
  // A RouteTest: how many of its expectations hold (`✓ 5 passed`, `✗ 1 of 5 failed`).
  for (const run of workspace.routeTests(uri)) lenses.push({ line: run.line, title: runTitle(run) });
  return lenses.sort((a, b) => a.line - b.line);
}

function routeTitle(table: RouteTable, route: StaticRouteEntry): string {
  const prefix = formatPrefix(route.network, route.prefixLen);
  const key = prefixKey(route.family, route.network, route.prefixLen);
  const winners = table.classes.map((c) => c.winners.get(key));
  if (!winners.includes(route)) {
    const winner = winners.find((w) => w !== undefined)!;
    return winner.kind === 'connected'
      ? `never used: ${prefix} is the connected network of VLAN ${winner.vlan}`
      : `never used: duplicate of ${where(winner)}, which is used`;
  }
  const duplicates = table.samePrefix.get(key)!.filter((e): e is StaticRouteEntry => e !== route && e.kind === 'static' && sharedReplicas(table, route, e).length > 0);
  const suffix = duplicates.length ? ` · duplicate of ${duplicates.map(where).join(', ')}` : '';
  if (route.routeType === 'blackhole') return `drops traffic to ${prefix} (blackhole)${suffix}`;
  const ref = route.networkRef;
  if (ref) return ref.interface ? `→ out of ${ref.name} to the destination itself (an interface route, inferred)${suffix}` : `network ${ref.name} is not in Infra ${table.infra ?? route.resource.name}${suffix}`;
  const gateway = route.gateway;
  if (!gateway) return `${prefix}: no valid gateway${suffix}`;
  const own = table.selfIpOwner(gateway);
  if (own) return `gateway ${writtenText(gateway)} is TMM's own self IP on ${own.vlan.vlan}${suffix}`;
  if (!table.entries.some((e) => e.kind === 'connected') && !onPodInterface(gateway)) return `→ ${writtenText(gateway)} (no VLAN in namespace ${table.namespace} to reach it)${suffix}`;
  const hops = hopsVia(table, winners, route.network.text, route.family);
  if (hops.length === 1) return `${hopWords(hops[0]!, true)}${suffix}`;
  // `→ 10.155.15.1 (TMM 1) · 10.156.16.1 (TMM 2)`: one arrow when every group forwards.
  const forwarded = hops.every((hop) => hop.outcome === 'forwarded');
  const parts = hops.map((hop) => `${forwarded ? hopWords(hop, false).slice(2) : hopWords(hop, false)}${replicaLabel(hop.replicas, table.replicaCount)}`);
  return `${forwarded ? '→ ' : ''}${parts.join(' · ')}${suffix}`;
}

/** What a replica group does with the route's prefix; `full` adds the sources. */
function hopWords(hop: Hop, full: boolean): string {
  switch (hop.outcome) {
    case 'forwarded': {
      const where = hop.interface === 'pod' ? ' over the pod interface' : full ? ` on ${hop.vlan}` : '';
      return `→ ${hop.nextHop}${where}${full ? ` (${describeSources(hop)})` : ''}`;
    }
    case 'unresolved':
      return `gateway ${hop.nextHop} is on no connected network`;
    case 'connected':
      return `connected on ${hop.vlan}`;
    case 'blackhole':
      return 'dropped';
    case 'no-route':
      return 'no route';
  }
}

function where(entry: RouteEntry): string {
  const file = entry.resource.uri.slice(entry.resource.uri.lastIndexOf('/') + 1);
  return `${entry.resource.namespace}/${entry.resource.name} (${file}:${entry.resource.line + 1})`;
}
