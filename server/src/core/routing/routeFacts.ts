// What one resource adds to its namespace's routing table, read from its analysed document:
// a static route (R1) or the connected networks of a VLAN's or a VXLAN's self IPs (R2). Invalid values add
// nothing; their own diagnostics say why. Ranges are relative to the resource's document.
import { isPrefixLen, networkAddress, prefixContains, type Family, type IpAddress } from '../net/index.js';
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
  /** The self-IP list's key. */
  span: Span;
}

export interface ResourceFacts {
  /** Line of the resource's first key in its document. */
  line: number;
  /** Document-relative range of a span. */
  range(span: Span): Range;
  staticRoute?: StaticRouteFact;
  connected: ConnectedFact[];
}

/** `cacheReads: false` when the resource is read once (its field readings are not kept). */
export function resourceFacts(resource: SpkResource, text: string, cacheReads = true): ResourceFacts {
  let lines: LineIndex | undefined;
  const range = (span: Span) => (lines ??= new LineIndex(text)).range(span.start, span.end);
  const line = countLines(text, resource.root.start);
  if (resource.role === 'staticRoute') return { line, range, staticRoute: staticRouteFact(resource, cacheReads), connected: [] };
  if (resource.role === 'vlan' || resource.role === 'vxlan') return { line, range, connected: connectedFacts(resource, resource.role, cacheReads) };
  return { line, range, connected: [] };
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
