// Hover: prefix facts on a route's destination and prefixLen, address facts on gateways and self IPs,
// and the schema's description on keys and other values.
import { isPrefixLen, parseIp, splitCidr, type IpAddress } from '../net/index.js';
import { specOf } from '../resources/resource.js';
import { SELF_IP_FIELDS } from '../resources/kinds.js';
import type { FileModel } from '../workspace/fileModel.js';
import { schemaAt, type JsonSchema } from '../resources/schemas.js';
import { shiftRange, type Position, type Range } from '../types.js';
import { getValue, type YMap, type YNode } from '../yaml/tree.js';
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
    if (resource.role === 'staticRoute') markdown = routeValueHover(spec, field);
    else if (resource.role === 'vlan') markdown = vlanValueHover(spec, field, index);
  }
  markdown ??= fieldHover(resource.schema.schema, hit.path, hit.onKey ? undefined : hit.node);
  return markdown ? { markdown, range } : undefined;
}

function routeValueHover(spec: YMap, field: string | number | undefined): string | undefined {
  const destinationText = stringAt(spec, 'destination');
  const prefixLen = numberAt(spec, 'prefixLen');
  if (field === 'destination' || field === 'prefixLen') {
    if (destinationText === undefined) return undefined;
    const cidr = splitCidr(destinationText);
    const address = cidr ? parseIp(cidr.address) : parseIp(destinationText);
    if (!address.ok) return undefined;
    const length = cidr?.prefixLen ?? prefixLen;
    if (!isPrefixLen(length, address.address.family)) return addressHoverMarkdown(address.address, 'destination');
    return prefixHoverMarkdown(address.address, length, 'destination');
  }
  if (field === 'gateway') {
    const gateway = parsed(stringAt(spec, 'gateway'));
    return gateway && addressHoverMarkdown(gateway, 'gateway (next hop)');
  }
  return undefined;
}

function vlanValueHover(spec: YMap, field: string | number | undefined, index: string | number | undefined): string | undefined {
  if (typeof field !== 'string') return undefined;
  const selfIpList = SELF_IP_FIELDS.find((f) => f.list === field);
  const prefixField = SELF_IP_FIELDS.find((f) => f.prefix === field);
  if (selfIpList && typeof index === 'number') {
    const list = getValue(spec, field);
    const item = list?.type === 'seq' ? list.items[index] : undefined;
    const address = parsed(item?.type === 'scalar' && typeof item.value === 'string' ? item.value : undefined);
    if (!address) return undefined;
    const role = `self IP of TMM replica ${index + 1}`;
    const prefixLen = numberAt(spec, selfIpList.prefix);
    const addressPart = addressHoverMarkdown(address, role);
    if (!isPrefixLen(prefixLen, address.family)) return addressPart;
    return `${addressPart}\n\n---\n\n${prefixHoverMarkdown(address, prefixLen, 'connected network', { interfaceAddress: true })}`;
  }
  if (prefixField) {
    const list = getValue(spec, prefixField.list);
    const first = list?.type === 'seq' ? list.items[0] : undefined;
    const address = parsed(first?.type === 'scalar' && typeof first.value === 'string' ? first.value : undefined);
    const prefixLen = numberAt(spec, field);
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
  if (certainty) facts.push(certainty === 'F5' ? 'documented by F5' : certainty === 'seen' ? 'seen on clusters' : 'inferred');
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

function stringAt(map: YMap, key: string): string | undefined {
  const node = getValue(map, key);
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

function numberAt(map: YMap, key: string): number | undefined {
  const node = getValue(map, key);
  return node?.type === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

function parsed(text: string | undefined): IpAddress | undefined {
  if (text === undefined) return undefined;
  const result = parseIp(text);
  return result.ok ? result.address : undefined;
}
