// Checks across the routes of one namespace: duplicates (R9), statics hidden by a connected network,
// gateways off every connected network (R5) or on TMM itself, and more-specific routes that change
// nothing, and gateways inside their own route's destination when no VLAN says otherwise. Each
// diagnostic is placed in the file of the route it concerns.
import { formatPrefix, networkValue, writtenText } from '../net/index.js';
import { makeDiagnostic, type Diagnostic, type RuleCode } from './rules.js';
import type { RelatedLocation, Severity } from '../types.js';
import { prefixKey, type ConnectedEntry, type RouteEntry, type RouteTable, type StaticRouteEntry } from '../routing/table.js';

export interface PlacedDiagnostic {
  uri: string;
  diagnostic: Diagnostic;
}

export function checkRouteTable(table: RouteTable): PlacedDiagnostic[] {
  const out: PlacedDiagnostic[] = [];
  const statics = table.entries.filter((e): e is StaticRouteEntry => e.kind === 'static');
  const connected = table.entries.filter((e): e is ConnectedEntry => e.kind === 'connected');

  for (const route of statics) {
    const key = prefixKey(route.family, route.network, route.prefixLen);
    const prefix = formatPrefix(route.network, route.prefixLen);
    const add = (code: RuleCode, message: string, options: { related?: RelatedLocation[]; onGateway?: boolean; severity?: Severity } = {}) => {
      const range = route.locate(options.onGateway && route.gatewaySpan ? route.gatewaySpan : route.destinationSpan);
      out.push({ uri: route.resource.uri, diagnostic: makeDiagnostic(code, range, message, options) });
    };

    const same = table.samePrefix.get(key)!;
    const others = same.filter((other): other is StaticRouteEntry => other !== route && other.kind === 'static');
    if (others.length) {
      const conflicting = others.some((other) => nextHopText(other) !== nextHopText(route));
      const list = others.map((o) => `${where(o)} via ${nextHopText(o)}`).join('; ');
      add(
        'duplicate-route',
        conflicting
          ? `route ${prefix} via ${nextHopText(route)} in namespace ${table.namespace} conflicts with ${list}: TMM keeps only one of them`
          : `route ${prefix} in namespace ${table.namespace} is defined again by ${list}, with the same gateway`,
        { related: others.map((o) => ({ uri: o.resource.uri, range: o.locate(o.destinationSpan), message: `also ${prefix} via ${nextHopText(o)}` })), severity: conflicting ? 'error' : 'warning' },
      );
    }

    const hiding = same.find((other): other is ConnectedEntry => other.kind === 'connected');
    if (hiding) {
      add('static-equals-connected', `route ${prefix} is the connected network of VLAN ${hiding.vlan}: the connected route wins, so this one never applies`, {
        related: [{ uri: hiding.resource.uri, range: hiding.locate(hiding.span), message: `connected network ${prefix} on ${hiding.vlan}` }],
      });
    }

    const gateway = route.gateway;
    if (!gateway) continue;
    const own = table.selfIpOwner(gateway);
    if (own) {
      add('gateway-is-self-ip', `gateway ${writtenText(gateway)} is TMM's own self IP (VLAN ${own.vlan.vlan}, replica ${own.replica}): the next hop must be another router`, {
        related: [{ uri: own.vlan.resource.uri, range: own.vlan.locate(own.vlan.span), message: `self IPs of ${own.vlan.vlan}` }],
        onGateway: true,
      });
      continue;
    }
    const insideOwn = route.prefixLen > 0 && networkValue(gateway, route.prefixLen) === route.network.value;
    if (connected.length && !table.gatewayVia(gateway)) {
      const sameFamily = connected.filter((c) => c.family === gateway.family);
      const listed = sameFamily.length
        ? sameFamily.map((c) => `${formatPrefix(c.network, c.prefixLen)} on ${c.vlan}`).join(', ')
        : `no IPv${gateway.family} connected network`;
      const own = insideOwn ? `; it also lies inside this route's own destination ${prefix}` : '';
      add('gateway-unreachable', `gateway ${writtenText(gateway)} is in no VLAN subnet of namespace ${table.namespace} (connected: ${listed})${own}; TMM resolves gateways over connected networks only (inferred)`, { onGateway: true });
    } else if (!connected.length && insideOwn) {
      // Without VLANs in view, a gateway inside the route's own destination is the one sign left.
      add('gateway-in-destination', `gateway ${writtenText(gateway)} lies inside this route's own destination ${prefix}: unless a VLAN's connected network holds it, the next hop is reachable only through this route`, { onGateway: true });
    }
  }

  out.push(...redundantRoutes(table, statics));
  return out;
}

/** A more-specific gateway route whose covering route sends traffic to the same gateway: a hint. */
function redundantRoutes(table: RouteTable, statics: StaticRouteEntry[]): PlacedDiagnostic[] {
  const byLength = new Map<number, Map<string, RouteEntry>>();
  const winners = new Set<RouteEntry>(table.winners.values());
  for (const entry of winners) {
    const key = `${entry.family}`;
    let level = byLength.get(entry.prefixLen);
    if (!level) byLength.set(entry.prefixLen, (level = new Map()));
    level.set(`${key}|${entry.network.value}`, entry);
  }
  const lengths = [...byLength.keys()].sort((a, b) => b - a);
  const out: PlacedDiagnostic[] = [];
  for (const route of statics) {
    if (!route.gateway || !winners.has(route) || route.routeType === 'blackhole') continue;
    let covering: RouteEntry | undefined;
    for (const length of lengths) {
      if (length >= route.prefixLen) continue;
      covering = byLength.get(length)!.get(`${route.family}|${networkValue(route.network, length)}`);
      if (covering) break;
    }
    if (covering?.kind !== 'static' || covering.routeType === 'blackhole' || nextHopText(covering) !== nextHopText(route)) continue;
    out.push({
      uri: route.resource.uri,
      diagnostic: makeDiagnostic(
        'redundant-route',
        route.locate(route.destinationSpan),
        `route ${formatPrefix(route.network, route.prefixLen)} changes nothing: the covering route ${formatPrefix(covering.network, covering.prefixLen)} (${where(covering)}) already sends it to ${nextHopText(route)}`,
        { related: [{ uri: covering.resource.uri, range: covering.locate(covering.destinationSpan), message: `covering route ${formatPrefix(covering.network, covering.prefixLen)}` }] },
      ),
    });
  }
  return out;
}

/** A route's gateway in canonical text, for comparing and naming next hops. */
function nextHopText(route: StaticRouteEntry): string {
  return route.gateway ? route.gateway.text : '(no gateway)';
}

function where(entry: RouteEntry): string {
  const file = entry.resource.uri.slice(entry.resource.uri.lastIndexOf('/') + 1);
  return `${entry.resource.namespace}/${entry.resource.name} at ${file}:${entry.resource.line + 1}`;
}
