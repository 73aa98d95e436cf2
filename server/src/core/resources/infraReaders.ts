// What a BNK 2.4 Infra says (gateway.k8s.f5.com/v1alpha1): its IPAM pools, networks and static
// routes, each field located, with its parsed form or why it has none. Read once per resource.
import { parseCidr, type IpAddress } from '../net/index.js';
import { isTemplated } from '../yaml/templates.js';
import { getPair, type YMap, type YNode, type YScalar } from '../yaml/tree.js';
import { readAddress, type AddressField, type Located } from './readers.js';
import { specOf, type SpkResource } from './resource.js';

/** A field that should hold a CIDR (`10.0.0.0/16`). */
export interface CidrField extends Located {
  text?: string;
  /** The address as written (host bits kept) and its prefix length, when the text is a CIDR. */
  address?: IpAddress;
  prefixLen?: number;
  problem?: string;
}

/** A `{name: …}` reference, or an item with a `name`: the name when a string no template fills in. */
export interface NameRef {
  name?: string;
  /** The `name` value node, else the reference's own node. */
  node: YNode;
}

export interface InfraPoolRange {
  item: YNode;
  cidr?: CidrField;
  rangeStart?: AddressField;
  rangeEnd?: AddressField;
}

export interface InfraIpam {
  item: YNode;
  name?: string;
  nameNode?: YNode;
  ranges: InfraPoolRange[];
}

export interface InfraNetwork {
  item: YNode;
  name?: string;
  nameNode?: YNode;
  /** `type` as written. */
  type?: string;
  /** The pools of its self IPs: `vlan.ipamRefs` (or `vxlan.ipamRefs`). */
  ipamRefs: NameRef[];
  /** `vlan.networkAttachmentRef`. */
  attachmentRef?: NameRef;
}

export interface InfraStaticRoute {
  item: YMap;
  name?: string;
  destinations: CidrField[];
  nextHop?: AddressField;
  networkRef?: NameRef;
}

export interface InfraFields {
  ipams: InfraIpam[];
  networks: InfraNetwork[];
  staticRoutes: InfraStaticRoute[];
  /** `networkAttachments[].name`. */
  attachments: NameRef[];
  /** `egressDefaults.networkRef`. */
  egressNetworkRef?: NameRef;
}

const infras = new WeakMap<SpkResource, InfraFields>();

export function readInfra(resource: SpkResource, cache = true): InfraFields {
  let fields = infras.get(resource);
  if (fields) return fields;
  const spec = specOf(resource);
  fields = { ipams: [], networks: [], staticRoutes: [], attachments: [] };
  if (spec) {
    for (const item of mapsOf(spec, 'ipams')) {
      const ranges = mapsOf(item, 'ipPools').map((pool): InfraPoolRange => {
        const range: InfraPoolRange = { item: pool };
        const cidr = getPair(pool, 'cidr');
        if (cidr) range.cidr = readCidr(cidr.key, cidr.value);
        const start = getPair(pool, 'rangeStart');
        if (start) range.rangeStart = readAddress(start.key, start.value);
        const end = getPair(pool, 'rangeEnd');
        if (end) range.rangeEnd = readAddress(end.key, end.value);
        return range;
      });
      fields.ipams.push({ item, ...named(item), ranges });
    }
    for (const item of mapsOf(spec, 'networks')) {
      const type = stringOf(getPair(item, 'type')?.value);
      const details = getPair(item, type === 'vxlan' ? 'vxlan' : 'vlan')?.value;
      const network: InfraNetwork = { item, ...named(item), ipamRefs: details?.type === 'map' ? mapsOf(details, 'ipamRefs').map(nameRef) : [] };
      if (type !== undefined) network.type = type;
      const attachment = details?.type === 'map' ? getPair(details, 'networkAttachmentRef')?.value : undefined;
      if (attachment) network.attachmentRef = nameRef(attachment);
      fields.networks.push(network);
    }
    for (const item of mapsOf(spec, 'staticRoutes')) {
      const list = getPair(item, 'destinations');
      const destinations = list?.value.type === 'seq' ? list.value.items.map((node) => readCidr(list.key, node)) : [];
      const route: InfraStaticRoute = { item, destinations };
      const name = stringOf(getPair(item, 'name')?.value);
      if (name !== undefined) route.name = name;
      const nextHop = getPair(item, 'nextHop');
      if (nextHop) route.nextHop = readAddress(nextHop.key, nextHop.value);
      const networkRef = getPair(item, 'networkRef');
      if (networkRef) route.networkRef = nameRef(networkRef.value);
      fields.staticRoutes.push(route);
    }
    fields.attachments = mapsOf(spec, 'networkAttachments').map(nameRef);
    const egress = getPair(spec, 'egressDefaults')?.value;
    const egressRef = egress?.type === 'map' ? getPair(egress, 'networkRef')?.value : undefined;
    if (egressRef) fields.egressNetworkRef = nameRef(egressRef);
  }
  if (cache) infras.set(resource, fields);
  return fields;
}

export function readCidr(key: YScalar, node: YNode): CidrField {
  if (node.type !== 'scalar' || typeof node.value !== 'string') return { key, node };
  const parsed = parseCidr(node.value);
  return parsed.ok ? { key, node, text: node.value, address: parsed.address, prefixLen: parsed.prefixLen } : { key, node, text: node.value, problem: parsed.reason };
}

/** The maps of a list field. */
function mapsOf(map: YMap, key: string): YMap[] {
  const list = getPair(map, key)?.value;
  return list?.type === 'seq' ? list.items.filter((n): n is YMap => n.type === 'map') : [];
}

function named(item: YMap): { name?: string; nameNode?: YNode } {
  const node = getPair(item, 'name')?.value;
  const name = stringOf(node);
  return name !== undefined ? { name, nameNode: node! } : node ? { nameNode: node } : {};
}

function nameRef(node: YNode): NameRef {
  const value = node.type === 'map' ? getPair(node, 'name')?.value : undefined;
  const name = stringOf(value);
  return name !== undefined ? { name, node: value! } : { node: value ?? node };
}

function stringOf(node: YNode | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' && !isTemplated(node.value) ? node.value : undefined;
}
