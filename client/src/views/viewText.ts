// Words for the simulator's results and the route table view. Pure: no editor imports.
import type { WireHop as Hop, WireRouteChange, WireRouteRow as RouteRow } from '../../../server/src/protocol.js';

export interface HopLine {
  label: string;
  description?: string;
}

const OUTCOME: Record<Hop['outcome'], string> = {
  connected: 'connected',
  forwarded: 'forwarded',
  unresolved: 'unresolved gateway',
  blackhole: 'dropped (blackhole)',
  'no-route': 'no route',
};

/** ` (TMM 2, 3)` when the hop holds for some of the namespace's replicas only. */
function replicasOf(hop: Hop): string {
  return hop.replicas.length === hop.replicaCount ? '' : ` (TMM ${hop.replicas.join(', ')})`;
}

/** `event1`, `f5-cne-system (Infra infra)`, `event1 [v2]` for a scope folder's table. */
export function tableName(table: { namespace: string; infra?: string; scope?: string }): string {
  const name = table.infra !== undefined ? `${table.namespace} (Infra ${table.infra})` : table.namespace;
  return table.scope !== undefined ? `${name} [${decodeURIComponent(table.scope.slice(table.scope.lastIndexOf('/') + 1))}]` : name;
}

/** The one-line summary of a lookup. */
export function hopSummary(hop: Hop): HopLine {
  const label = `${hop.destination} from ${tableName(hop)}${replicasOf(hop)}`;
  switch (hop.outcome) {
    case 'connected':
      return { label, description: `connected on ${hop.vlan}` };
    case 'forwarded':
      return { label, description: hop.interface === 'pod' ? `→ ${hop.nextHop} over the pod interface` : `→ ${hop.nextHop} on ${hop.vlan}` };
    case 'unresolved':
      return { label, description: `gateway ${hop.nextHop} is on no connected network` };
    case 'blackhole':
      return { label, description: 'dropped (blackhole)' };
    case 'no-route':
      return { label, description: 'no static or connected route' };
  }
}

const SOURCE: Record<Hop['source'], string> = {
  'self-ip': 'Source (self IP)',
  automap: 'Source (SNAT automap)',
  snatpool: 'Source (SNAT pool)',
  none: 'Source',
};

/** The facts of a lookup, one per line. */
export function hopDetails(hop: Hop): HopLine[] {
  const lines: HopLine[] = [{ label: 'Outcome', description: OUTCOME[hop.outcome] }];
  if (hop.route) {
    const file = hop.route.file.slice(hop.route.file.lastIndexOf('/') + 1);
    lines.push({ label: 'Route', description: `${hop.route.destination}/${hop.route.prefixLen} — ${hop.route.kind} ${hop.route.namespace}/${hop.route.name} (${file}:${hop.route.line + 1})` });
  } else {
    lines.push({ label: 'Route', description: 'no static or connected route matches; TMM may still forward by dynamic routing (BGP) or its pod interface' });
  }
  if (hop.nextHop) lines.push({ label: 'Next hop', description: hop.outcome === 'connected' ? `${hop.nextHop} (directly connected)` : hop.nextHop });
  lines.push(hop.interface === 'pod' ? { label: 'Egress', description: 'the pod interface (a link-local gateway, inferred)' } : { label: hop.interface === 'vxlan' ? 'Egress VXLAN' : 'Egress VLAN', description: hop.vlan ?? '—' });
  if (hop.source === 'none' && (hop.outcome === 'connected' || hop.outcome === 'forwarded')) lines.push({ label: SOURCE.none, description: 'the original source (SRC_TRANS_NONE)' });
  if (hop.sourceAddresses.length) {
    const pool = hop.sourcePool ? `${hop.sourcePool}: ` : '';
    lines.push({ label: SOURCE[hop.source], description: pool + hop.sourceCandidates.map((c, i) => `${c.length ? c.join(' or ') : 'none'} (TMM ${hop.replicas[i]})`).join(', ') });
  }
  for (const egress of hop.sourcesByEgress ?? []) {
    lines.push({ label: `Source via ${egress.egress}`, description: `${egress.source}${egress.sourcePool ? ` ${egress.sourcePool}` : ''}: ${egress.sourceAddresses.map((a) => a ?? 'none').join(', ')}` });
  }
  return lines;
}

/** `static → 10.10.255.252 on external`, `connected on external`, with what is wrong. */
export function routeDescription(row: RouteRow, replicaCount: number): string {
  const unused = row.active ? '' : ' · unused (another route of this prefix wins)';
  const replicas = row.replicas.length === replicaCount ? '' : ` (TMM ${row.replicas.join(', ')})`;
  if (row.type === 'connected') return `connected on ${row.vlan}${replicas}${unused}`;
  if (row.type === 'blackhole') return `blackhole${unused}`;
  const via = row.interface === 'pod' ? 'over the pod interface' : row.vlan ? `on ${row.vlan}` : '· gateway on no connected network';
  return `static → ${row.nextHop ?? '(no gateway)'} ${via}${replicas}${unused}`;
}

/** The marker on a route that now answers a change's destinations: what they did before, against `base` (`git HEAD`). */
export function changeMarker(change: WireRouteChange, base: string): string {
  const prefixes = change.prefixes.length <= 3 ? change.prefixes.join(', ') : `${change.prefixes.slice(0, 3).join(', ')} and ${change.prefixes.length - 3} more`;
  const replicas = change.replicas.length === change.replicaCount ? '' : ` (TMM ${change.replicas.join(', ')})`;
  return `changes ${prefixes}${replicas}: was ${change.before.text} (against ${base})`;
}

/** The Routing Changes view's heading of a change's table: `event1`, `event1 (Infra infra) (TMM 2)`. */
export function changeTableName(change: WireRouteChange): string {
  const replicas = change.replicas.length === change.replicaCount ? '' : ` (TMM ${change.replicas.join(', ')})`;
  return `${tableName({ namespace: change.namespace, ...(change.infra !== null ? { infra: change.infra } : {}), ...(change.scope !== null ? { scope: change.scope } : {}) })}${replicas}`;
}
