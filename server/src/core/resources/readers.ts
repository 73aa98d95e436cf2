// What an SPK resource says, read once per resource: one typed reader per kind, giving each field as
// a located value with its parsed form or why it has none. Checks, route facts, hover and inlay hints
// all read fields through these, so a field is parsed, and its guards written, in one place.
import { parseIp, splitCidr, type IpAddress } from '../net/index.js';
import { getPair, type YMap, type YNode, type YScalar } from '../yaml/tree.js';
import { SELF_IP_FIELDS } from './kinds.js';
import { specOf, type SpkResource } from './resource.js';

/** A field that is written: its key and value nodes. */
export interface Located {
  key: YScalar;
  node: YNode;
}

/** A field that should hold an address. */
export interface AddressField extends Located {
  /** The value when it is a string. */
  text?: string;
  /** The address, when the text is a bare IPv4 or IPv6 literal. */
  address?: IpAddress;
  /** Why the text is not an address (undefined when it is one, or when the value is not a string). */
  problem?: string;
}

/** A field that should hold an integer (a prefix length). */
export interface IntegerField extends Located {
  /** The value when it is an integer. */
  value?: number;
}

export interface StaticRouteFields {
  destination?: AddressField & {
    /** The destination written as a CIDR (`10.0.0.0/24`), which the API server rejects. */
    cidr?: { address: string; prefixLen: number };
  };
  prefixLen?: IntegerField;
  gateway?: AddressField;
  /** `spec.type` (its value when it is a string). */
  type?: Located & { value?: string };
}

export interface SelfIpList {
  /** `selfip_v4s` / `selfip_v6s`, its prefix field and its family. */
  field: (typeof SELF_IP_FIELDS)[number];
  key: YScalar;
  /** The list's items in replica order (item i is replica i + 1); items that are not strings have no text. */
  items: (AddressField & { replica: number })[];
  prefixLen?: IntegerField;
}

export interface VlanFields {
  /** The VLAN's name inside TMM (`spec.name`), else its metadata.name. */
  name: string;
  selfIpLists: SelfIpList[];
}

const staticRoutes = new WeakMap<SpkResource, StaticRouteFields>();
const vlans = new WeakMap<SpkResource, VlanFields>();

export function readStaticRoute(resource: SpkResource): StaticRouteFields {
  let fields = staticRoutes.get(resource);
  if (fields) return fields;
  fields = {};
  const spec = specOf(resource);
  if (spec) {
    const destination = located(spec, 'destination');
    if (destination) {
      const read = readAddress(destination);
      const cidr = read.text !== undefined ? splitCidr(read.text) : undefined;
      fields.destination = cidr ? { ...read, problem: undefined, cidr } : read;
    }
    const prefixLen = located(spec, 'prefixLen');
    if (prefixLen) fields.prefixLen = readInteger(prefixLen);
    const gateway = located(spec, 'gateway');
    if (gateway) fields.gateway = readAddress(gateway);
    const type = located(spec, 'type');
    if (type) fields.type = { ...type, ...(type.node.type === 'scalar' && typeof type.node.value === 'string' ? { value: type.node.value } : {}) };
  }
  staticRoutes.set(resource, fields);
  return fields;
}

export function readVlan(resource: SpkResource): VlanFields {
  let fields = vlans.get(resource);
  if (fields) return fields;
  const spec = specOf(resource);
  const nameNode = spec ? getPair(spec, 'name')?.value : undefined;
  const name = nameNode?.type === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : resource.name ?? '(unnamed VLAN)';
  const selfIpLists: SelfIpList[] = [];
  for (const field of SELF_IP_FIELDS) {
    const list = spec ? located(spec, field.list) : undefined;
    if (list?.node.type !== 'seq') continue;
    const prefix = spec ? located(spec, field.prefix) : undefined;
    selfIpLists.push({
      field,
      key: list.key,
      items: list.node.items.map((node, index) => ({ ...readAddress({ key: list.key, node }), replica: index + 1 })),
      ...(prefix ? { prefixLen: readInteger(prefix) } : {}),
    });
  }
  fields = { name, selfIpLists };
  vlans.set(resource, fields);
  return fields;
}

function located(map: YMap, key: string): Located | undefined {
  const pair = getPair(map, key);
  return pair ? { key: pair.key, node: pair.value } : undefined;
}

function readAddress(field: Located): AddressField {
  const { node } = field;
  if (node.type !== 'scalar' || typeof node.value !== 'string') return field;
  const parsed = parseIp(node.value);
  return parsed.ok ? { ...field, text: node.value, address: parsed.address } : { ...field, text: node.value, problem: parsed.reason };
}

function readInteger(field: Located): IntegerField {
  const { node } = field;
  return node.type === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value) ? { ...field, value: node.value } : field;
}
