// Checks across the routes of one namespace: duplicates (R9), statics hidden by a connected network,
// gateways off every connected network (R5) or on TMM itself, and more-specific routes that change
// nothing, and gateways inside their own route's destination when no VLAN says otherwise. Each
// diagnostic is placed in the file of the route it concerns.
import { formatPrefix, hostMaskOf, networkAddress, networkValue, parseIp, writtenText, type IpAddress } from '../net/index.js';
import { makeDiagnostic, type Diagnostic, type RuleCode } from './rules.js';
import type { RelatedLocation, Severity } from '../types.js';
import { onPodInterface, prefixKey, sharedReplicas, type ConnectedEntry, type RouteEntry, type RouteTable, type StaticRouteEntry } from '../routing/table.js';
import type { Span } from '../routing/routeFacts.js';

export interface PlacedDiagnostic {
  uri: string;
  diagnostic: Diagnostic;
}

/**
 * One static route's findings, and its redundant-route hint. What they show depends on the lines of
 * the entries they name (`refs`, at `lines` when checked): an edit that moves one checks it again.
 */
interface RouteFindings {
  own: PlacedDiagnostic[];
  redundant: PlacedDiagnostic | undefined;
  refs: RouteEntry[];
  lines: number[];
}

const NO_REFS: never[] = [];

/** Whether an entry the findings name has moved since they were made. */
function moved(found: RouteFindings): boolean {
  for (let i = 0; i < found.refs.length; i++) if (found.refs[i]!.resource.line !== found.lines[i]) return true;
  return false;
}

/** A related location at an entry's span; the entry joins the findings' `refs`. */
function relate(refs: RouteEntry[], entry: RouteEntry, span: Span, message: string): RelatedLocation {
  refs.push(entry);
  return { uri: entry.resource.uri, range: entry.locate(span), message };
}

/** The cross-file checks of a table, and what an incremental run of the next table reuses. */
export interface TableChecks {
  diagnostics: PlacedDiagnostic[];
  /**
   * Each static route's findings. The next run takes this map over: it drops the routes it checks
   * again and adds them back, and may hold routes no table has any more (it is rebuilt when they
   * are as many as the table's).
   */
  routes: Map<StaticRouteEntry, RouteFindings>;
}

export function checkRouteTable(table: RouteTable): PlacedDiagnostic[] {
  return checkRouteTableAfter(table).diagnostics;
}

/**
 * The checks of `table`. With `previous` (the checks of the table it was patched from) and the
 * prefixes whose routes changed, only the routes of those prefixes, and the routes inside them
 * (their covering route may have changed), are checked again; the others keep their findings.
 * Valid only when the connected networks are the same (see `updateRouteTable`). `previous` must
 * not be used after this.
 */
export function checkRouteTableAfter(table: RouteTable, previous?: { checks: TableChecks; changedKeys: ReadonlySet<string> }): TableChecks {
  const statics = table.entries.filter((e): e is StaticRouteEntry => e.kind === 'static');
  const inside = previous && previous.changedKeys.size <= 64 ? insideChanged(statics, previous.changedKeys, table.lengths) : undefined;
  const routes = previous && inside && previous.checks.routes.size < 2 * statics.length + 64 ? previous.checks.routes : new Map<StaticRouteEntry, RouteFindings>();
  const fresh = routes.size === 0;
  if (!fresh) {
    // What is checked again: the routes of the changed prefixes, and those inside them.
    for (const key of previous!.changedKeys) for (const entry of table.samePrefix.get(key) ?? []) if (entry.kind === 'static') routes.delete(entry);
    for (const route of inside!) routes.delete(route);
  }
  const covers = fresh ? table.classes.map((c) => coveringWinners([...c.winners.values()])) : undefined;
  const findings: RouteFindings[] = new Array(statics.length);
  for (let i = 0; i < statics.length; i++) {
    const route = statics[i]!;
    let found = fresh ? undefined : routes.get(route);
    if (!found || moved(found)) {
      const refs: RouteEntry[] = [];
      const own = routeChecks(table, route, table.connected, refs);
      const redundant = redundantRoute(table, route, covers ? (c) => covers[c]!.get(route) : (c) => nearestCover(table.classes[c]!, route, table.lengths), refs);
      found = refs.length ? { own, redundant, refs, lines: refs.map((e) => e.resource.line) } : { own, redundant, refs: NO_REFS, lines: NO_REFS };
      routes.set(route, found);
    }
    findings[i] = found;
  }
  const diagnostics: PlacedDiagnostic[] = [];
  for (const { own } of findings) for (const d of own) diagnostics.push(d);
  for (const { redundant } of findings) if (redundant) diagnostics.push(redundant);
  return { diagnostics, routes };
}

/** One static route's findings but the redundant-route hint: duplicates, a hiding network, its gateway. */
function routeChecks(table: RouteTable, route: StaticRouteEntry, connected: readonly ConnectedEntry[], refs: RouteEntry[]): PlacedDiagnostic[] {
  const out: PlacedDiagnostic[] = [];
  // Most routes have a prefix of their own and a gateway that needs no message: words are made
  // only for what is reported.
  let prefixText: string | undefined;
  const prefix = () => (prefixText ??= formatPrefix(route.network, route.prefixLen));
  const add = (code: RuleCode, message: string, options: { related?: RelatedLocation[]; onGateway?: boolean; severity?: Severity } = {}) => {
    const range = route.locate(options.onGateway && route.gatewaySpan ? route.gatewaySpan : route.destinationSpan);
    if (!out.length) refs.push(route);
    out.push({ uri: route.resource.uri, diagnostic: makeDiagnostic(code, range, message, options) });
  };

  const same = table.samePrefix.get(route.key)!;
  const others = same.length === 1 ? [] : same.filter((other): other is StaticRouteEntry => other !== route && other.kind === 'static');
  if (others.length) {
    // R9: a conflict only where two routes of one prefix both carry traffic on one replica with
    // different gateways; per-zone routes (one usable on each replica) are the multi-zone layout.
    const clashing = others.filter((other) => nextHopText(other) !== nextHopText(route) && sharedReplicas(table, route, other).length > 0);
    const copies = others.filter((other) => nextHopText(other) === nextHopText(route));
    if (clashing.length) {
      const replicas = [...new Set(clashing.flatMap((o) => sharedReplicas(table, route, o)))].sort((a, b) => a - b);
      const on = table.replicaCount > 1 ? ` on TMM replica${replicas.length > 1 ? 's' : ''} ${replicas.join(', ')}` : '';
      const list = clashing.map((o) => `${where(o)} via ${nextHopText(o)}`).join('; ');
      add('duplicate-route', `route ${prefix()} via ${nextHopText(route)} in namespace ${table.namespace} conflicts with ${list}${on}: both can carry this prefix there and TMM keeps only one of them (inferred)`, {
        related: clashing.map((o) => relate(refs, o, o.destinationSpan, `also ${prefix()} via ${nextHopText(o)}`)),
      });
    } else if (copies.length) {
      add('duplicate-route', `route ${prefix()} in namespace ${table.namespace} is defined again by ${copies.map(where).join('; ')}, with the same gateway: harmless, but one of them is enough`, {
        related: copies.map((o) => relate(refs, o, o.destinationSpan, `also ${prefix()} via ${nextHopText(o)}`)),
        severity: 'hint',
      });
    }
  }

  const hiding = same.length === 1 ? undefined : same.find((other): other is ConnectedEntry => other.kind === 'connected');
  if (hiding) {
    const everywhere = hiding.replicas.length === table.replicaCount;
    add('static-equals-connected', `route ${prefix()} is the connected network of VLAN ${hiding.vlan}${everywhere ? '' : ` on TMM replica${hiding.replicas.length > 1 ? 's' : ''} ${hiding.replicas.join(', ')}`}: the connected route wins, so this one never applies${everywhere ? '' : ' there'}`, {
      related: [relate(refs, hiding, hiding.span, `connected network ${prefix()} on ${hiding.vlan}`)],
    });
  }

  const gateway = route.gateway;
  if (!gateway) return out;
  const own = table.selfIpOwner(gateway);
  if (own) {
    add('gateway-is-self-ip', `gateway ${writtenText(gateway)} is TMM's own self IP (VLAN ${own.vlan.vlan}, replica ${own.replica}): the next hop must be another router`, {
      related: [relate(refs, own.vlan, own.vlan.span, `self IPs of ${own.vlan.vlan}`)],
      onGateway: true,
    });
    return out;
  }
  const subnetEdge = connected.length && gateway.family === 4 && table.infra === undefined ? edgeOfNetwork(table, gateway) : undefined;
  if (subnetEdge) {
    add('gateway-not-a-host', `gateway ${writtenText(gateway)} is the ${subnetEdge.edge} address of ${formatPrefix(subnetEdge.network.network, subnetEdge.network.prefixLen)} on ${subnetEdge.network.vlan}: no router has that address (inferred)`, {
      related: [relate(refs, subnetEdge.network, subnetEdge.network.span, `connected network ${formatPrefix(subnetEdge.network.network, subnetEdge.network.prefixLen)} on ${subnetEdge.network.vlan}`)],
      onGateway: true,
    });
    return out;
  }
  const insideOwn = () => route.prefixLen > 0 && networkValue(gateway, route.prefixLen) === route.network.value;
  if (table.infra !== undefined && !onPodInterface(gateway) && !table.classes.some((c) => c.gatewayPath(gateway))) {
    // An Infra: its networks are its pools' networks, a range pool's prefix length inferred.
    const sameFamily = connected.filter((c) => c.family === gateway.family);
    const listed = sameFamily.length ? sameFamily.map((c) => `${c.vlan}: ${c.inferred ?? formatPrefix(c.network, c.prefixLen)}`).join('; ') : `no IPv${gateway.family} network with a self-IP pool`;
    const how = sameFamily.some((c) => c.inferred !== undefined) ? "; a range pool's prefix length is stated nowhere, so its network is taken as the /24 (IPv4) or /64 (IPv6) holding the range" : '';
    add('gateway-unreachable', `nextHop ${writtenText(gateway)} is on no network of Infra ${table.infra} (${listed}); TMM reaches a next hop over a connected network (inferred${how})`, { onGateway: true });
  } else if (table.infra === undefined && connected.length && !onPodInterface(gateway) && !table.classes.some((c) => c.gatewayPath(gateway))) {
    const sameFamily = connected.filter((c) => c.family === gateway.family);
    const listed = sameFamily.length
      ? sameFamily.map((c) => `${formatPrefix(c.network, c.prefixLen)} on ${c.vlan}${table.replicaCount > 1 ? ` (TMM ${c.replicas.join(', ')})` : ''}`).join(', ')
      : `no IPv${gateway.family} connected network`;
    const own = insideOwn() ? `; it also lies inside this route's own destination ${prefix()}` : '';
    add('gateway-unreachable', `gateway ${writtenText(gateway)} is in no VLAN subnet of namespace ${table.namespace} (connected: ${listed})${own}; TMM resolves gateways over connected networks, or 169.254.0.0/16 over its pod interface (inferred)`, { onGateway: true });
  } else if (table.infra === undefined && !connected.length && insideOwn()) {
    // Without VLANs in view, a gateway inside the route's own destination is the one sign left.
    add('gateway-in-destination', `gateway ${writtenText(gateway)} lies inside this route's own destination ${prefix()}: unless a VLAN's connected network holds it, the next hop is reachable only through this route`, { onGateway: true });
  }
  return out;
}

/** The connected network (of any replica, /30 or wider) whose network or broadcast address an IPv4 gateway is. */
function edgeOfNetwork(table: RouteTable, gateway: IpAddress): { edge: 'network' | 'broadcast'; network: ConnectedEntry } | undefined {
  for (const replicaClass of table.classes) {
    const path = replicaClass.gatewayPath(gateway);
    if (path?.via !== 'connected' || path.network.prefixLen > 30) continue;
    const { network } = path;
    if (gateway.value === network.network.value) return { edge: 'network', network };
    if (gateway.value === (network.network.value | hostMaskOf(4, network.prefixLen))) return { edge: 'broadcast', network };
  }
  return undefined;
}

/**
 * A more-specific gateway route whose covering route sends traffic to the same gateway, on every
 * replica where it is used: a hint. `coverOn(i)`: its nearest covering winner on class i (the route
 * must be that class's winner for it to count).
 */
function redundantRoute(table: RouteTable, route: StaticRouteEntry, coverOn: (classIndex: number) => RouteEntry | undefined, refs: RouteEntry[]): PlacedDiagnostic | undefined {
  if (!route.gateway || route.routeType === 'blackhole') return undefined;
  let cover: StaticRouteEntry | undefined;
  let used = false;
  for (let i = 0; i < table.classes.length; i++) {
    if (table.classes[i]!.winners.get(route.key) !== route) continue;
    used = true;
    const here = coverOn(i);
    if (here?.kind !== 'static' || here.routeType === 'blackhole' || nextHopText(here) !== nextHopText(route)) return undefined;
    cover ??= here;
  }
  if (!used || !cover) return undefined;
  refs.push(route);
  return {
    uri: route.resource.uri,
    diagnostic: makeDiagnostic(
      'redundant-route',
      route.locate(route.destinationSpan),
      `route ${formatPrefix(route.network, route.prefixLen)} changes nothing: the covering route ${formatPrefix(cover.network, cover.prefixLen)} (${where(cover)}) already sends it to ${nextHopText(route)}`,
      { related: [relate(refs, cover, cover.destinationSpan, `covering route ${formatPrefix(cover.network, cover.prefixLen)}`)] },
    ),
  };
}

/** The static routes strictly inside a changed prefix: their covering route may be another now; undefined when none can be told. */
function insideChanged(statics: readonly StaticRouteEntry[], changedKeys: ReadonlySet<string>, lengths: readonly number[][]): Set<StaticRouteEntry> | undefined {
  const changed: { family: number; value: bigint; prefixLen: number }[] = [];
  for (const key of changedKeys) {
    const [family, text, length] = key.split('|');
    const parsed = parseIp(text!);
    if (!parsed.ok) return undefined;
    // No route of a longer prefix: none can be inside it.
    if (Number(length) >= (lengths[family === '4' ? 0 : 1]![0] ?? 0)) continue;
    changed.push({ family: Number(family), value: parsed.address.value, prefixLen: Number(length) });
  }
  const out = new Set<StaticRouteEntry>();
  if (!changed.length) return out;
  for (const route of statics) {
    for (const c of changed) {
      if (c.family === route.family && c.prefixLen < route.prefixLen && networkValue(route.network, c.prefixLen) === c.value) {
        out.add(route);
        break;
      }
    }
  }
  return out;
}

/** A route's nearest covering winner on one class, by a lookup per shorter prefix length. */
function nearestCover(replicaClass: RouteTable['classes'][number], route: StaticRouteEntry, lengths: readonly number[][]): RouteEntry | undefined {
  for (const length of lengths[route.family === 4 ? 0 : 1]!) {
    if (length >= route.prefixLen) continue;
    const network = networkAddress(route.network, length);
    const winner = replicaClass.winners.get(prefixKey(route.family, network, length));
    if (winner) return winner;
  }
  return undefined;
}

/**
 * Each winner's nearest covering winner (a shorter prefix holding it), or undefined: one sweep over
 * the winners sorted by address, with a stack of the prefixes still open.
 */
function coveringWinners(winners: RouteEntry[]): Map<RouteEntry, RouteEntry | undefined> {
  const covers = new Map<RouteEntry, RouteEntry | undefined>();
  // IPv4 as plain numbers (exact below 2^53), IPv6 as bigints: most tables are mostly IPv4.
  const v4 = winners.filter((e) => e.family === 4).map((entry) => {
    const start = Number(entry.network.value);
    return { entry, start, end: start + 2 ** (32 - entry.prefixLen) - 1 };
  });
  const v6 = winners.filter((e) => e.family === 6).map((entry) => ({ entry, start: entry.network.value, end: entry.network.value | hostMaskOf(6, entry.prefixLen) }));
  sweep(v4.sort((a, b) => a.start - b.start || a.entry.prefixLen - b.entry.prefixLen), covers);
  sweep(v6.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.entry.prefixLen - b.entry.prefixLen)), covers);
  return covers;
}

function sweep<N extends number | bigint>(sorted: { entry: RouteEntry; start: N; end: N }[], covers: Map<RouteEntry, RouteEntry | undefined>): void {
  const open: { entry: RouteEntry; end: N }[] = [];
  for (const item of sorted) {
    while (open.length && open[open.length - 1]!.end < item.start) open.pop();
    covers.set(item.entry, open.length ? open[open.length - 1]!.entry : undefined);
    open.push(item);
  }
}

/** A route's gateway in canonical text, for comparing and naming next hops. */
function nextHopText(route: StaticRouteEntry): string {
  return route.gateway ? route.gateway.text : '(no gateway)';
}

function where(entry: RouteEntry): string {
  const file = entry.resource.uri.slice(entry.resource.uri.lastIndexOf('/') + 1);
  return `${entry.resource.namespace}/${entry.resource.name} at ${file}:${entry.resource.line + 1}`;
}
