// What one resource adds to its namespace's routing table, read from its analysed document:
// a static route (R1) or the connected networks of a VLAN's or a VXLAN's self IPs (R2). Invalid values add
// nothing; their own diagnostics say why. Ranges are relative to the resource's document.
import { formatPrefix, isPrefixLen, maxPrefix, networkAddress, networkValue, prefixContains, writtenText, type Family, type IpAddress } from '../net/index.js';
import { readInfra, type InfraFields, type InfraPoolRange } from '../resources/infraReaders.js';
import { readStaticRoute, readVlan } from '../resources/readers.js';
import type { SpkResource } from '../resources/resource.js';
import type { Range } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { isTemplated } from '../yaml/templates.js';

/** Offsets in the resource's document; turned into ranges only for what is reported. */
export interface Span {
  start: number;
  end: number;
}

export interface StaticRouteFact {
  family: Family;
  network: IpAddress;
  prefixLen: number;
  /** `type` as written; undefined when absent (a gateway route). */
  routeType?: string;
  gateway?: IpAddress;
  destinationSpan: Span;
  gatewaySpan?: Span;
  /** An Infra route: its `name`, and the list item (its CodeLens line). */
  name?: string;
  itemSpan?: Span;
  /**
   * An Infra route with `networkRef` (routeType `interface`): traffic leaves on that network, to the
   * destination itself (on-link, inferred). `interface` undefined when the Infra has no such network.
   */
  networkRef?: { name: string; interface?: 'vlan' | 'vxlan' };
}

export interface ConnectedFact {
  family: Family;
  network: IpAddress;
  prefixLen: number;
  /** The VLAN's name inside TMM (`spec.name`), else its metadata.name. */
  vlan: string;
  /** Self IPs in this subnet, in replica order. */
  selfIps: IpAddress[];
  /** The 1-based TMM replica of each self IP (R8: `selfip_v4s[i]` is replica i + 1). */
  replicas: number[];
  /** A VLAN's or a VXLAN's self IPs. */
  interface: 'vlan' | 'vxlan';
  /** The self-IP list's key (an Infra: the pool range). */
  span: Span;
  /** An Infra range pool's network: how its prefix was inferred (no resource states it). */
  inferred?: string;
}

export interface ResourceFacts {
  /** Line of the resource's first key in its document. */
  line: number;
  /** Document-relative range of a span. */
  range(span: Span): Range;
  /** One for a static route kind; one per destination for an Infra. */
  staticRoutes: StaticRouteFact[];
  connected: ConnectedFact[];
}

// Shared by the facts that have none (a workspace keeps one set of facts per route; none is changed).
const NO_ROUTES: StaticRouteFact[] = [];
const NO_NETWORKS: ConnectedFact[] = [];

/** Facts with their document's text, whose lines are indexed when a range is first asked for. */
class DocumentFacts implements ResourceFacts {
  private lines: LineIndex | undefined;

  constructor(private readonly text: string, readonly line: number, readonly staticRoutes: StaticRouteFact[], readonly connected: ConnectedFact[]) {}

  range(span: Span): Range {
    return (this.lines ??= new LineIndex(this.text)).range(span.start, span.end);
  }
}

/** `cacheReads: false` when the resource is read once (its field readings are not kept). */
export function resourceFacts(resource: SpkResource, text: string, cacheReads = true): ResourceFacts {
  const line = countLines(text, resource.root.start);
  if (resource.role === 'staticRoute') {
    const route = staticRouteFact(resource, cacheReads);
    return new DocumentFacts(text, line, route ? [route] : NO_ROUTES, NO_NETWORKS);
  }
  if (resource.role === 'vlan' || resource.role === 'vxlan') return new DocumentFacts(text, line, NO_ROUTES, connectedFacts(resource, resource.role, cacheReads));
  if (resource.role === 'infra') {
    const infra = readInfra(resource, cacheReads);
    return new DocumentFacts(text, line, infraRouteFacts(infra), infraConnectedFacts(infra));
  }
  return new DocumentFacts(text, line, NO_ROUTES, NO_NETWORKS);
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function span(node: { start: number; end: number }): Span {
  return { start: node.start, end: node.end };
}

function staticRouteFact(resource: SpkResource, cacheReads: boolean): StaticRouteFact | undefined {
  const { destination, prefixLen, gateway, type } = readStaticRoute(resource, cacheReads);
  const network = destination?.address;
  const length = prefixLen?.value;
  if (!network || !isPrefixLen(length, network.family)) return undefined;
  // A gateway a template fills in is unknown: the route cannot be placed in a table.
  if (gateway?.text !== undefined && isTemplated(gateway.text)) return undefined;
  return {
    family: network.family,
    network: networkAddress(network, length),
    prefixLen: length,
    routeType: type?.value,
    gateway: gateway?.address && gateway.address.family === network.family ? gateway.address : undefined,
    destinationSpan: span(destination!.node),
    gatewaySpan: gateway ? span(gateway.node) : undefined,
  };
}

function connectedFacts(resource: SpkResource, kind: ConnectedFact['interface'], cacheReads: boolean): ConnectedFact[] {
  const { name: vlan, selfIpLists } = readVlan(resource, cacheReads);
  const facts: ConnectedFact[] = [];
  for (const { field, key, items, prefixLen } of selfIpLists) {
    const length = prefixLen?.value;
    for (const item of items) {
      const selfIp = item.address;
      if (!selfIp || selfIp.family !== field.family || !isPrefixLen(length, field.family)) continue;
      const subnet = facts.find((f) => f.family === field.family && prefixContains(f.network, length, selfIp));
      if (subnet) {
        subnet.selfIps.push(selfIp);
        subnet.replicas.push(item.replica);
      } else {
        facts.push({ family: field.family, network: networkAddress(selfIp, length), prefixLen: length, vlan, selfIps: [selfIp], replicas: [item.replica], interface: kind, span: span(key) });
      }
    }
  }
  return facts;
}

/** An Infra's routes: one fact per valid destination, with the route's next hop or network. */
function infraRouteFacts(infra: InfraFields): StaticRouteFact[] {
  const facts: StaticRouteFact[] = [];
  for (const route of infra.staticRoutes) {
    if (route.nextHop?.text !== undefined && isTemplated(route.nextHop.text)) continue;
    const ref = route.networkRef?.name;
    const network = ref !== undefined ? infra.networks.find((n) => n.name === ref) : undefined;
    for (const destination of route.destinations) {
      const address = destination.address;
      if (!address || destination.prefixLen === undefined) continue;
      const gateway = route.nextHop?.address;
      const fact: StaticRouteFact = {
        family: address.family,
        network: networkAddress(address, destination.prefixLen),
        prefixLen: destination.prefixLen,
        destinationSpan: span(destination.node),
        itemSpan: span(route.item),
      };
      if (gateway && gateway.family === address.family) fact.gateway = gateway;
      if (route.nextHop) fact.gatewaySpan = span(route.nextHop.node);
      if (route.name !== undefined) fact.name = route.name;
      if (!route.nextHop && ref !== undefined) {
        fact.routeType = 'interface';
        fact.networkRef = network ? { name: ref, interface: network.type === 'vxlan' ? 'vxlan' : 'vlan' } : { name: ref };
      }
      facts.push(fact);
    }
  }
  return facts;
}

/**
 * An Infra's connected networks: each network's self-IP pools (its `ipamRefs`). A `cidr` range is that
 * network; a `rangeStart`/`rangeEnd` range's prefix length is stated nowhere, so it is inferred: the
 * /24 (IPv4) or /64 (IPv6) that holds the range, else the smallest prefix covering it. Self IPs are
 * taken from the pools at run time: one replica, its self IP known only when the pool has one address.
 */
function infraConnectedFacts(infra: InfraFields): ConnectedFact[] {
  const facts: ConnectedFact[] = [];
  for (const network of infra.networks) {
    if (network.name === undefined) continue;
    const kind = network.type === 'vxlan' ? 'vxlan' : 'vlan';
    for (const ref of network.ipamRefs) {
      const ipam = ref.name !== undefined ? infra.ipams.find((i) => i.name === ref.name) : undefined;
      if (!ipam) continue;
      const networks = ipam.ranges.flatMap((range) => poolNetwork(range) ?? []);
      const single = networks.length === 1 && networks[0]!.single ? networks[0]!.single : undefined;
      for (const pool of networks) {
        if (facts.some((f) => f.vlan === network.name && f.family === pool.network.family && f.prefixLen === pool.prefixLen && f.network.value === pool.network.value)) continue;
        const fact: ConnectedFact = { family: pool.network.family, network: pool.network, prefixLen: pool.prefixLen, vlan: network.name, selfIps: single ? [single] : [], replicas: [1], interface: kind, span: pool.span };
        if (pool.inferred) fact.inferred = `${pool.inferred} of pool ${ipam.name}`;
        facts.push(fact);
      }
    }
  }
  return facts;
}

/** The network of one pool range, and its one address when it has exactly one. */
export function poolNetwork(range: InfraPoolRange): { network: IpAddress; prefixLen: number; span: Span; single?: IpAddress; inferred?: string } | undefined {
  const { cidr, rangeStart, rangeEnd } = range;
  if (cidr?.address && cidr.prefixLen !== undefined) {
    const single = cidr.prefixLen === maxPrefix(cidr.address.family) ? { single: cidr.address } : {};
    return { network: networkAddress(cidr.address, cidr.prefixLen), prefixLen: cidr.prefixLen, span: span(cidr.node), ...single };
  }
  const start = rangeStart?.address;
  const end = rangeEnd?.address ?? start;
  if (!start || !end || start.family !== end.family || start.value > end.value) return undefined;
  const max = maxPrefix(start.family);
  let prefixLen = start.family === 4 ? 24 : 64;
  while (prefixLen > 0 && networkValue(start, prefixLen) !== networkValue(end, prefixLen)) prefixLen--;
  const network = networkAddress(start, prefixLen);
  const text = start.value === end.value ? writtenText(start) : `${writtenText(start)}–${writtenText(end)}`;
  const out: { network: IpAddress; prefixLen: number; span: Span; single?: IpAddress; inferred: string } = {
    network, prefixLen, span: span(range.item),
    inferred: `${formatPrefix(network, prefixLen)} inferred from range ${text}`,
  };
  if (start.value === end.value && prefixLen < max) out.single = start;
  return out;
}
