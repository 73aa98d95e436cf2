// Words for the simulator's results and the route table view. Pure: no editor imports.
import type { WireHop as Hop, WireRouteRow as RouteRow } from '../../../server/src/protocol.js';

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

/** The one-line summary of a lookup. */
export function hopSummary(hop: Hop): HopLine {
  const label = `${hop.destination} from ${hop.namespace}`;
  switch (hop.outcome) {
    case 'connected':
      return { label, description: `connected on ${hop.vlan}` };
    case 'forwarded':
      return { label, description: `→ ${hop.nextHop} on ${hop.vlan}` };
    case 'unresolved':
      return { label, description: `gateway ${hop.nextHop} is on no connected network` };
    case 'blackhole':
      return { label, description: 'dropped (blackhole)' };
    case 'no-route':
      return { label, description: 'no route' };
  }
}

/** The facts of a lookup, one per line. */
export function hopDetails(hop: Hop): HopLine[] {
  const lines: HopLine[] = [{ label: 'Outcome', description: OUTCOME[hop.outcome] }];
  if (hop.route) {
    const file = hop.route.file.slice(hop.route.file.lastIndexOf('/') + 1);
    lines.push({ label: 'Route', description: `${hop.route.destination}/${hop.route.prefixLen} — ${hop.route.kind} ${hop.route.namespace}/${hop.route.name} (${file}:${hop.route.line + 1})` });
  } else {
    lines.push({ label: 'Route', description: 'none matches, and there is no default route' });
  }
  if (hop.nextHop) lines.push({ label: 'Next hop', description: hop.outcome === 'connected' ? `${hop.nextHop} (directly connected)` : hop.nextHop });
  lines.push({ label: 'Egress VLAN', description: hop.vlan ?? '—' });
  if (hop.sourceAddresses.length) {
    lines.push({ label: 'SNAT source', description: hop.sourceAddresses.map((ip, i) => `${ip} (replica ${i + 1})`).join(', ') });
  }
  return lines;
}

/** `static → 10.10.255.252 on external`, `connected on external`, with what is wrong. */
export function routeDescription(row: RouteRow): string {
  const unused = row.active ? '' : ' · unused (another route of this prefix wins)';
  if (row.type === 'connected') return `connected on ${row.vlan}${unused}`;
  if (row.type === 'blackhole') return `blackhole${unused}`;
  return `static → ${row.nextHop ?? '(no gateway)'} ${row.vlan ? `on ${row.vlan}` : '· gateway on no connected network'}${unused}`;
}
