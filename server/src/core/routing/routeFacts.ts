// What one resource adds to its namespace's routing table, read from its analysed document:
// a static route (R1) or the connected networks of a VLAN's self IPs (R2). Invalid values add
// nothing; their own diagnostics say why. Ranges are relative to the resource's document.
import { isPrefixLen, networkAddress, parseIp, prefixContains, type Family, type IpAddress } from '../net/index.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import { SELF_IP_FIELDS } from '../resources/kinds.js';
import type { Range } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { getPair, getValue, type YScalar } from '../yaml/tree.js';

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

export function resourceFacts(resource: SpkResource, text: string): ResourceFacts {
  let lines: LineIndex | undefined;
  const range = (span: Span) => (lines ??= new LineIndex(text)).range(span.start, span.end);
  const line = countLines(text, resource.root.start);
  if (resource.role === 'staticRoute') return { line, range, staticRoute: staticRouteFact(resource), connected: [] };
  if (resource.role === 'vlan') return { line, range, connected: connectedFacts(resource) };
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

function address(node: unknown): IpAddress | undefined {
  const scalar = node as YScalar | undefined;
  if (scalar?.type !== 'scalar' || typeof scalar.value !== 'string') return undefined;
  const parsed = parseIp(scalar.value);
  return parsed.ok ? parsed.address : undefined;
}

function staticRouteFact(resource: SpkResource): StaticRouteFact | undefined {
  const spec = specOf(resource);
  if (!spec) return undefined;
  const destinationNode = getValue(spec, 'destination');
  const destination = address(destinationNode);
  const prefixNode = getValue(spec, 'prefixLen');
  const prefixLen = prefixNode?.type === 'scalar' ? prefixNode.value : undefined;
  if (!destination || !isPrefixLen(prefixLen, destination.family)) return undefined;
  const gatewayNode = getValue(spec, 'gateway');
  const gateway = address(gatewayNode);
  const typeNode = getValue(spec, 'type');
  return {
    family: destination.family,
    network: networkAddress(destination, prefixLen),
    prefixLen,
    routeType: typeNode?.type === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : undefined,
    gateway: gateway && gateway.family === destination.family ? gateway : undefined,
    destinationSpan: span(destinationNode!),
    gatewaySpan: gatewayNode ? span(gatewayNode) : undefined,
  };
}

function connectedFacts(resource: SpkResource): ConnectedFact[] {
  const spec = specOf(resource);
  if (!spec) return [];
  const nameNode = getValue(spec, 'name');
  const vlan = nameNode?.type === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : resource.name ?? '(unnamed VLAN)';
  const facts: ConnectedFact[] = [];
  for (const { list, prefix, family } of SELF_IP_FIELDS) {
    const listPair = getPair(spec, list);
    const prefixNode = getValue(spec, prefix);
    const prefixLen = prefixNode?.type === 'scalar' ? prefixNode.value : undefined;
    if (listPair?.value.type !== 'seq') continue;
    for (const item of listPair.value.items) {
      const selfIp = address(item);
      if (!selfIp || selfIp.family !== family || !isPrefixLen(prefixLen, family)) continue;
      const subnet = facts.find((f) => f.family === family && prefixContains(f.network, prefixLen, selfIp));
      if (subnet) subnet.selfIps.push(selfIp);
      else facts.push({ family, network: networkAddress(selfIp, prefixLen), prefixLen, vlan, selfIps: [selfIp], span: span(listPair.key) });
    }
  }
  return facts;
}
