// Readers for the egress side of a namespace: F5SPKSnatpool and F5SPKEgress, each field as a located
// value (as readers.ts does for routes and VLANs), cached per resource; and the TMM name of a
// resource (`spec.name`, else `metadata.name`), which VLANs, VXLANs and SNAT pools are referred to by.
// A value that a template fills in (`{{ … }}`, `${…}`) is unknown: it has no `value`, and no check
// may read it as a name that names nothing.
import { isTemplated } from '../yaml/templates.js';
import { getPair, getValue, type YNode, type YScalar } from '../yaml/tree.js';
import { readAddress, readInteger, type AddressField, type IntegerField, type Located } from './readers.js';
import { specOf, type SpkResource } from './resource.js';

/** A field that should hold a string. */
export interface StringField extends Located {
  /** The value when it is a string that no template fills in. */
  value?: string;
  /** The value is a string that a template fills in (wholly or in part): unknown. */
  templated: boolean;
}

/** A field that should hold a boolean. */
export interface BooleanField extends Located {
  value?: boolean;
}

/** The name other resources use for a resource: `spec.name`, else `metadata.name`. */
export interface TmmName {
  /** The name, when it is known (a string no template fills in). */
  name?: string;
  /** The value node that gives the name (`spec.name`, else `metadata.name`), when written. */
  node?: YNode;
  /** Which field gives it. */
  from?: 'spec.name' | 'metadata.name';
  /** A template fills the name in, or it is not a string: any name may be this resource's. */
  unknown: boolean;
}

export interface SnatpoolFields extends TmmName {
  /** `spec.addressList` items that are lists, in replica order (item i is replica i + 1). */
  lists: { node: YNode; addresses: AddressField[] }[];
  /** The `spec.addressList` key, and its value. */
  listKey?: YScalar;
  listNode?: YNode;
  /** Every item of `addressList` is a list, so `lists.length` is the number of per-replica lists. */
  listsComplete: boolean;
  /** `spec.sharedSnatAddressEnabled`. */
  sharedSnatAddress?: BooleanField;
}

export interface EgressFields {
  /** `spec.snatType`: `SRC_TRANS_SNATPOOL`, `SRC_TRANS_AUTOMAP`, `SRC_TRANS_NONE`. */
  snatType?: StringField;
  /** `spec.egressSnatpool`: a pool's `spec.name` (or its `metadata.name` when it has none). */
  snatpool?: StringField;
  /** `spec.pseudoCNIConfig.vlanName`: the TMM VLAN or VXLAN that receives the egress traffic. */
  vlanName?: StringField;
  /** `spec.pseudoCNIConfig.vxlan`, when it is a map. */
  vxlan?: {
    node: YNode;
    /** The TMM VLAN (its `spec.name`) that carries the VXLAN. */
    tmmInterfaceName?: StringField;
    /** The VNI. */
    key?: IntegerField;
  };
  /** `spec.pseudoCNIConfig.namespaces` items that are strings (templated ones left out). */
  appNamespaces: string[];
}

const snatpools = new WeakMap<SpkResource, SnatpoolFields>();
const egresses = new WeakMap<SpkResource, EgressFields>();

/** `spec.name`, else `metadata.name`: the name TMM and other resources know a VLAN, VXLAN or pool by. */
export function readTmmName(resource: SpkResource): TmmName {
  const spec = specOf(resource);
  const written = spec ? getPair(spec, 'name')?.value : undefined;
  if (written) return nameFrom(written, 'spec.name');
  const metadataName = getValue(getValue(resource.root, 'metadata'), 'name');
  if (metadataName) return nameFrom(metadataName, 'metadata.name');
  return { unknown: true };
}

function nameFrom(node: YNode, from: 'spec.name' | 'metadata.name'): TmmName {
  const name = stringOf(node);
  return name !== undefined ? { name, node, from, unknown: false } : { node, from, unknown: true };
}

/** `cache: false` for a resource read once: nothing is kept for it. */
export function readSnatpool(resource: SpkResource, cache = true): SnatpoolFields {
  let fields = snatpools.get(resource);
  if (fields) return fields;
  fields = { ...readTmmName(resource), lists: [], listsComplete: false };
  const spec = specOf(resource);
  const addressList = spec ? getPair(spec, 'addressList') : undefined;
  if (addressList) {
    fields.listKey = addressList.key;
    fields.listNode = addressList.value;
    if (addressList.value.type === 'seq') {
      fields.listsComplete = true;
      for (const node of addressList.value.items) {
        if (node.type !== 'seq') {
          fields.listsComplete = false;
          continue;
        }
        fields.lists.push({ node, addresses: node.items.map((item) => readAddress(addressList.key, item)) });
      }
    }
  }
  const shared = spec ? getPair(spec, 'sharedSnatAddressEnabled') : undefined;
  if (shared) fields.sharedSnatAddress = { key: shared.key, node: shared.value, ...(shared.value.type === 'scalar' && typeof shared.value.value === 'boolean' ? { value: shared.value.value } : {}) };
  if (cache) snatpools.set(resource, fields);
  return fields;
}

export function readEgress(resource: SpkResource, cache = true): EgressFields {
  let fields = egresses.get(resource);
  if (fields) return fields;
  fields = { appNamespaces: [] };
  const spec = specOf(resource);
  if (spec) {
    const snatType = readString(spec, 'snatType');
    if (snatType) fields.snatType = snatType;
    const snatpool = readString(spec, 'egressSnatpool');
    if (snatpool) fields.snatpool = snatpool;
    const cni = getValue(spec, 'pseudoCNIConfig');
    if (cni?.type === 'map') {
      const vlanName = readString(cni, 'vlanName');
      if (vlanName) fields.vlanName = vlanName;
      const namespaces = getValue(cni, 'namespaces');
      if (namespaces?.type === 'seq') {
        for (const item of namespaces.items) {
          const name = stringOf(item);
          if (name !== undefined) fields.appNamespaces.push(name);
        }
      }
      const vxlan = getValue(cni, 'vxlan');
      if (vxlan?.type === 'map') {
        const read: NonNullable<EgressFields['vxlan']> = { node: vxlan };
        const tmmInterfaceName = readString(vxlan, 'tmmInterfaceName');
        if (tmmInterfaceName) read.tmmInterfaceName = tmmInterfaceName;
        const key = getPair(vxlan, 'key');
        if (key) read.key = readInteger(key.key, key.value);
        fields.vxlan = read;
      }
    }
  }
  if (cache) egresses.set(resource, fields);
  return fields;
}

function readString(map: YNode, key: string): StringField | undefined {
  if (map.type !== 'map') return undefined;
  const pair = getPair(map, key);
  if (!pair) return undefined;
  const node = pair.value;
  const text = node.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  const templated = text !== undefined && isTemplated(text);
  return text !== undefined && !templated ? { key: pair.key, node, value: text, templated } : { key: pair.key, node, templated };
}

/** A string value that no template fills in. */
function stringOf(node: YNode): string | undefined {
  return node.type === 'scalar' && typeof node.value === 'string' && !isTemplated(node.value) ? node.value : undefined;
}
