// What an SPK resource says, read once per resource: one typed reader per kind, giving each field as
// a located value with its parsed form or why it has none. Checks, route facts, hover and inlay hints
// all read fields through these, so a field is parsed, and its guards written, in one place.
import { parseIp, splitCidr, type IpAddress } from '../net/index.js';
import { isTemplated } from '../yaml/templates.js';
import { getPair, type YNode, type YScalar } from '../yaml/tree.js';
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
  /** The VLAN's (or VXLAN's) name inside TMM (`spec.name`), else its metadata.name. */
  name: string;
  selfIpLists: SelfIpList[];
  /** `spec.interfaces` items that are strings (templated ones left out); none for a VXLAN. */
  interfaces: { name: string; node: YNode }[];
  /** `spec.tag`: 0 or absent is untagged; a VXLAN has none. */
  tag?: IntegerField;
}

/** A VXLAN's own fields (its name and self IPs are read by `readVlan`). */
export interface VxlanFields {
  /** `spec.key`, the VNI. */
  key?: IntegerField;
  /** `spec.port`, the UDP port. */
  port?: IntegerField;
  /** `spec.local_ips` in replica order (item i is replica i + 1): each replica's underlay address. */
  localIps: (AddressField & { replica: number })[];
  /** `spec.remote_nodes`, one per list item that is a map. */
  peers: VxlanPeer[];
}

export interface VxlanPeer {
  /** The `remote_nodes` item. */
  item: YNode;
  /** `peerip_v4`, `peerip_v6`: the node's addresses on the overlay. */
  v4?: AddressField;
  v6?: AddressField;
  /** `node_name` when it is a string (templated ones left out). */
  node?: string;
}

const staticRoutes = new WeakMap<SpkResource, StaticRouteFields>();
const vlans = new WeakMap<SpkResource, VlanFields>();
const vxlans = new WeakMap<SpkResource, VxlanFields>();

/** Forgets what was read of a resource (its tree is let go, see DocumentResource). */
export function forgetFields(resource: SpkResource): void {
  staticRoutes.delete(resource);
  vlans.delete(resource);
  vxlans.delete(resource);
}

/** `cache: false` for a resource read once (the routes-only reading): nothing is kept for it. */
export function readStaticRoute(resource: SpkResource, cache = true): StaticRouteFields {
  let fields = staticRoutes.get(resource);
  if (fields) return fields;
  fields = {};
  const spec = specOf(resource);
  if (spec) {
    const destination = getPair(spec, 'destination');
    if (destination) {
      const read: NonNullable<StaticRouteFields['destination']> = readAddress(destination.key, destination.value);
      // Only a text that is no address can be a CIDR.
      const cidr = read.problem !== undefined ? splitCidr(read.text!) : undefined;
      if (cidr) {
        read.cidr = cidr;
        read.problem = undefined;
      }
      fields.destination = read;
    }
    const prefixLen = getPair(spec, 'prefixLen');
    if (prefixLen) fields.prefixLen = readInteger(prefixLen.key, prefixLen.value);
    const gateway = getPair(spec, 'gateway');
    if (gateway) fields.gateway = readAddress(gateway.key, gateway.value);
    const type = getPair(spec, 'type');
    if (type) fields.type = { key: type.key, node: type.value, value: type.value.type === 'scalar' && typeof type.value.value === 'string' ? type.value.value : undefined };
  }
  if (cache) staticRoutes.set(resource, fields);
  return fields;
}

/** A VLAN, or a VXLAN (role `vxlan`: the same name and self-IP lists, no interfaces and no tag). */
export function readVlan(resource: SpkResource, cache = true): VlanFields {
  let fields = vlans.get(resource);
  if (fields) return fields;
  const vxlan = resource.role === 'vxlan';
  const spec = specOf(resource);
  const written = spec ? stringValue(getPair(spec, 'name')?.value) : undefined;
  const name = written ?? (resource.name !== undefined && !isTemplated(resource.name) ? resource.name : vxlan ? '(unnamed VXLAN)' : '(unnamed VLAN)');
  const selfIpLists: SelfIpList[] = [];
  for (const field of SELF_IP_FIELDS) {
    const list = spec ? getPair(spec, field.list) : undefined;
    if (list?.value.type !== 'seq') continue;
    const prefix = spec ? getPair(spec, field.prefix) : undefined;
    const items = readAddressList(list.key, list.value.items);
    selfIpLists.push(prefix ? { field, key: list.key, items, prefixLen: readInteger(prefix.key, prefix.value) } : { field, key: list.key, items });
  }
  const interfaceList = spec && !vxlan ? getPair(spec, 'interfaces')?.value : undefined;
  const interfaces = interfaceList?.type === 'seq'
    ? interfaceList.items.flatMap((node) => {
      const name = stringValue(node);
      return name !== undefined ? [{ name, node }] : [];
    })
    : [];
  const tag = spec && !vxlan ? getPair(spec, 'tag') : undefined;
  fields = { name, selfIpLists, interfaces, ...(tag ? { tag: readInteger(tag.key, tag.value) } : {}) };
  if (cache) vlans.set(resource, fields);
  return fields;
}

/** A VXLAN's VNI, port, underlay addresses and remote nodes. */
export function readVxlan(resource: SpkResource, cache = true): VxlanFields {
  let fields = vxlans.get(resource);
  if (fields) return fields;
  fields = { localIps: [], peers: [] };
  const spec = specOf(resource);
  if (spec) {
    const key = getPair(spec, 'key');
    if (key) fields.key = readInteger(key.key, key.value);
    const port = getPair(spec, 'port');
    if (port) fields.port = readInteger(port.key, port.value);
    const localIps = getPair(spec, 'local_ips');
    if (localIps?.value.type === 'seq') fields.localIps = readAddressList(localIps.key, localIps.value.items);
    const nodes = getPair(spec, 'remote_nodes')?.value;
    if (nodes?.type === 'seq') {
      for (const item of nodes.items) {
        if (item.type !== 'map') continue;
        const peer: VxlanPeer = { item };
        const v4 = getPair(item, 'peerip_v4');
        if (v4) peer.v4 = readAddress(v4.key, v4.value);
        const v6 = getPair(item, 'peerip_v6');
        if (v6) peer.v6 = readAddress(v6.key, v6.value);
        const node = stringValue(getPair(item, 'node_name')?.value);
        if (node !== undefined) peer.node = node;
        fields.peers.push(peer);
      }
    }
  }
  if (cache) vxlans.set(resource, fields);
  return fields;
}

/** A string value that no template fills in. */
function stringValue(node: YNode | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' && !isTemplated(node.value) ? node.value : undefined;
}

/** A list of addresses in replica order: item i is replica i + 1. */
function readAddressList(key: YScalar, nodes: readonly YNode[]): (AddressField & { replica: number })[] {
  return nodes.map((node, index) => {
    const item = readAddress(key, node) as AddressField & { replica: number };
    item.replica = index + 1;
    return item;
  });
}

export function readAddress(key: YScalar, node: YNode): AddressField {
  if (node.type !== 'scalar' || typeof node.value !== 'string') return { key, node };
  const parsed = parseIp(node.value);
  return parsed.ok ? { key, node, text: node.value, address: parsed.address } : { key, node, text: node.value, problem: parsed.reason };
}

export function readInteger(key: YScalar, node: YNode): IntegerField {
  return node.type === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value) ? { key, node, value: node.value } : { key, node };
}
