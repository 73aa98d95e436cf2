// Hover: prefix facts on a route's destination and prefixLen, address facts on gateways and self IPs,
// and the schema's description on keys and other values.
import { isPrefixLen, parseCidr, parseIp, type IpAddress } from '../net/index.js';
import { readStaticRoute, readVlan } from '../resources/readers.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import type { FileModel } from '../workspace/fileModel.js';
import { schemaAt, type JsonSchema } from '../resources/schemas.js';
import { isCrdSchema } from '../resources/schemaSources.js';
import { shiftRange, type Position, type Range } from '../types.js';
import type { YNode } from '../yaml/tree.js';
import { addressHoverMarkdown, prefixHoverMarkdown } from './addressHover.js';
import { resourceAt } from './documentContext.js';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export function hover(file: FileModel, position: Position): HoverResult | undefined {
  const context = resourceAt(file, position);
  if (!context?.hit) return undefined;
  const { resource, hit, lines, lineOffset } = context;
  const range = shiftRange(lines.range(hit.node.start, hit.node.end), lineOffset);
  const spec = specOf(resource);
  const [top, field, index] = hit.path;
  let markdown: string | undefined;
  if (!hit.onKey && top === 'spec' && spec) {
    if (resource.role === 'staticRoute') markdown = routeValueHover(resource, field);
    else if (resource.role === 'vlan' || resource.role === 'vxlan') markdown = vlanValueHover(resource, field, index);
    else if (resource.role === 'infra') markdown = infraValueHover(hit.path, hit.node);
  }
  if (markdown === undefined) {
    markdown = fieldHover(resource.schema.schema, hit.path, hit.onKey ? undefined : hit.node);
    // A CRD's word on a field says which CRD it is (the bundled schemas are the default).
    if (markdown && isCrdSchema(resource.schema)) markdown += `\n\n*${resource.schema.label}*`;
  }
  return markdown ? { markdown, range } : undefined;
}

function routeValueHover(resource: SpkResource, field: string | number | undefined): string | undefined {
  const { destination, prefixLen, gateway } = readStaticRoute(resource);
  if (field === 'destination' || field === 'prefixLen') {
    if (destination?.text === undefined) return undefined;
    const { cidr } = destination;
    const address = cidr ? parsed(cidr.address) : destination.address;
    if (!address) return undefined;
    const length = cidr?.prefixLen ?? prefixLen?.value;
    if (!isPrefixLen(length, address.family)) return addressHoverMarkdown(address, 'destination');
    return prefixHoverMarkdown(address, length, 'destination');
  }
  if (field === 'gateway') return gateway?.address && addressHoverMarkdown(gateway.address, 'gateway (next hop)');
  return undefined;
}

/** An Infra's CIDRs (route destinations, pool `cidr`, egress subnet) and addresses (next hops, pool ends). */
function infraValueHover(path: readonly (string | number)[], node: YNode): string | undefined {
  if (node.type !== 'scalar' || typeof node.value !== 'string') return undefined;
  const key = [...path].reverse().find((step) => typeof step === 'string');
  const roles: Record<string, string> = { destinations: 'destination', cidr: 'IPAM pool', subnet: 'egress subnet', nextHop: 'next hop', rangeStart: 'first address of an IPAM pool', rangeEnd: 'last address of an IPAM pool' };
  const role = key !== undefined ? roles[key] : undefined;
  if (role === undefined) return undefined;
  if (key === 'nextHop' || key === 'rangeStart' || key === 'rangeEnd') {
    const address = parsed(node.value);
    return address && addressHoverMarkdown(address, role);
  }
  const cidr = parseCidr(node.value);
  return cidr.ok ? prefixHoverMarkdown(cidr.address, cidr.prefixLen, role) : undefined;
}

function vlanValueHover(resource: SpkResource, field: string | number | undefined, index: string | number | undefined): string | undefined {
  if (typeof field !== 'string') return undefined;
  const lists = readVlan(resource).selfIpLists;
  const selfIpList = lists.find((l) => l.field.list === field);
  const prefixList = lists.find((l) => l.field.prefix === field);
  if (selfIpList && typeof index === 'number') {
    const address = selfIpList.items[index]?.address;
    if (!address) return undefined;
    const role = `self IP of TMM replica ${index + 1}`;
    const prefixLen = selfIpList.prefixLen?.value;
    const addressPart = addressHoverMarkdown(address, role);
    if (!isPrefixLen(prefixLen, address.family)) return addressPart;
    return `${addressPart}\n\n---\n\n${prefixHoverMarkdown(address, prefixLen, 'connected network', { interfaceAddress: true })}`;
  }
  if (prefixList) {
    const address = prefixList.items[0]?.address;
    const prefixLen = prefixList.prefixLen?.value;
    if (!address || !isPrefixLen(prefixLen, address.family)) return undefined;
    return prefixHoverMarkdown(address, prefixLen, 'connected network', { interfaceAddress: true });
  }
  return undefined;
}

/** The schema's word on a field: its name, type, range, certainty and description. */
export function fieldHover(schema: JsonSchema, path: readonly (string | number)[], value?: YNode): string | undefined {
  const fieldSchema = schemaAt(schema, path);
  if (!fieldSchema?.description) return undefined;
  const name = [...path].reverse().find((step) => typeof step === 'string') ?? '';
  const facts = [schemaType(fieldSchema)];
  if (fieldSchema.minimum !== undefined && fieldSchema.maximum !== undefined) facts.push(`${fieldSchema.minimum}–${fieldSchema.maximum}`);
  if (fieldSchema.default !== undefined) facts.push(`default ${JSON.stringify(fieldSchema.default)}`);
  const certainty = fieldSchema['x-spk-certainty'];
  // Infra (gateway.k8s.f5.com) fields were seen in third-party manifests, not on clusters.
  const seen = String(schema.properties?.apiVersion?.const ?? '').startsWith('gateway.k8s.f5.com/') ? 'seen in third-party manifests' : 'seen on clusters';
  if (certainty) facts.push(certainty === 'F5' ? 'documented by F5' : certainty === 'seen' ? seen : 'inferred');
  const lines = [`**${name}** · ${facts.filter(Boolean).join(' · ')}`, '', fieldSchema.description];
  if (fieldSchema.enum) lines.push('', `Values: ${fieldSchema.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (value?.type === 'scalar' && fieldSchema.enum && !fieldSchema.enum.includes(value.value)) lines.push('', `\`${value.source}\` is not one of them.`);
  return lines.join('\n');
}

function schemaType(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(schemaType).join(' or ');
  if (schema.type === 'array') return `list of ${schema.items ? schemaType(schema.items) : 'values'}`;
  if (schema.type === 'object') return 'map';
  return String(schema.type ?? '');
}

function parsed(text: string | undefined): IpAddress | undefined {
  if (text === undefined) return undefined;
  const result = parseIp(text);
  return result.ok ? result.address : undefined;
}
