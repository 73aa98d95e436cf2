// The effective route table of a namespace as rows, for `spk-route table` and `spk/routeTable`: one
// row per route and per set of replicas on which it resolves alike.
import { formatPrefix, writtenText } from '../net/index.js';
import { routeRef, type EgressInterface, type RouteRef } from './lookup.js';
import { prefixKey, routePath, type RouteEntry, type RouteTable } from './table.js';

export interface RouteRow {
  prefix: string;
  type: 'connected' | 'static' | 'blackhole';
  /** 1-based TMM replicas the row holds for, ascending. */
  replicas: number[];
  /** The gateway of a static route; null for connected networks. */
  nextHop: string | null;
  /** Egress VLAN: the connected network's, or the one the gateway is reached on; null when unresolved or over the pod interface. */
  vlan: string | null;
  interface: EgressInterface | null;
  /** The self IPs of `vlan`, per replica in `replicas` order. */
  sourceAddresses: string[];
  /** False when another route of the same prefix is used instead on these replicas. */
  active: boolean;
  route: RouteRef;
}

export function routeRows(table: RouteTable): RouteRow[] {
  const all = table.classes.flatMap((c) => c.replicas).sort((a, b) => a - b);
  return [...table.entries]
    .sort((a, b) => a.family - b.family || (a.network.value < b.network.value ? -1 : a.network.value > b.network.value ? 1 : 0) || a.prefixLen - b.prefixLen)
    .flatMap((entry) => rowsOf(table, entry, all));
}

function rowsOf(table: RouteTable, entry: RouteEntry, all: number[]): RouteRow[] {
  const prefix = formatPrefix(entry.network, entry.prefixLen);
  const route = routeRef(entry);
  if (entry.kind === 'connected') {
    const active = table.classes.some((c) => c.winners.get(key(entry)) === entry);
    return [{ prefix, type: 'connected', replicas: [...entry.replicas], nextHop: null, vlan: entry.vlan, interface: entry.interface, sourceAddresses: entry.selfIps.map(writtenText), active, route }];
  }
  const type = entry.routeType === 'blackhole' ? ('blackhole' as const) : ('static' as const);
  const nextHop = entry.gateway ? entry.gateway.text : null;
  if (type === 'blackhole' || (!entry.gateway && !entry.networkRef)) {
    const active = table.classes.some((c) => c.winners.get(key(entry)) === entry);
    return [{ prefix, type, replicas: all, nextHop, vlan: null, interface: null, sourceAddresses: [], active, route }];
  }
  // Per replica class, how the gateway is reached; classes that reach it alike share a row.
  const rows = new Map<string, RouteRow>();
  for (const replicaClass of table.classes) {
    const path = routePath(entry, replicaClass);
    if (!path) continue;
    const network = path.via === 'pod' ? undefined : path.network;
    const rowKey = network ? `${network.id}` : path.via === 'network' ? `network|${path.vlan}` : 'pod';
    const active = replicaClass.winners.get(key(entry)) === entry;
    let row = rows.get(`${rowKey}|${active}`);
    if (!row) {
      const vlan = path.via === 'network' ? path.vlan : network?.vlan ?? null;
      row = { prefix, type, replicas: [], nextHop, vlan, interface: path.via === 'network' ? path.interface : network ? network.interface : 'pod', sourceAddresses: [], active, route };
      rows.set(`${rowKey}|${active}`, row);
    }
    for (const replica of replicaClass.replicas) {
      row.replicas.push(replica);
      const selfIp = network?.selfIps[network.replicas.indexOf(replica)];
      if (selfIp) row.sourceAddresses.push(writtenText(selfIp));
    }
  }
  if (!rows.size) return [{ prefix, type, replicas: all, nextHop, vlan: null, interface: null, sourceAddresses: [], active: table.classes.some((c) => c.winners.get(key(entry)) === entry), route }];
  return [...rows.values()].map(sorted);
}

function key(entry: RouteEntry): string {
  return prefixKey(entry.family, entry.network, entry.prefixLen);
}

/** The row with its replicas ascending, each source address kept with its replica. */
function sorted(row: RouteRow): RouteRow {
  const order = row.replicas.map((replica, i) => ({ replica, source: row.sourceAddresses[i] })).sort((a, b) => a.replica - b.replica);
  return { ...row, replicas: order.map((o) => o.replica), sourceAddresses: order.flatMap((o) => (o.source === undefined ? [] : [o.source])) };
}
