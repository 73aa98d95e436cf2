// Checks across the egress side of one namespace (one TMM): SNAT pools against the TMM replicas, and
// what F5SPKEgress resources name. F5: a pool's `addressList` holds one list per TMM replica, in
// replica order; an egress names its pool in `egressSnatpool` (by the pool's spec.name, or its
// metadata.name when it has none: seen) and the VLAN that carries its VXLAN in
// `pseudoCNIConfig.vxlan.tmmInterfaceName` (a VLAN spec.name). A reference is checked only against
// what is in view, and only when the namespace has something of that kind in view: a repository may
// create its pools or VLANs elsewhere. Templated values are unknown and never named as missing.
//
// `pseudoCNIConfig.vlanName` is not checked: F5's BlueField guide says it names the VXLAN CR
// ("Name of VXLAN interface on TMM which is the VXLAN CR name"), and whether a VLAN's name is also
// accepted there is not stated.
import { readEgress, readSnatpool, readTmmName } from '../resources/egressReaders.js';
import { readVlan } from '../resources/readers.js';
import type { RelatedLocation } from '../types.js';
import { makeDiagnostic } from './rules.js';
import type { PlacedDiagnostic } from './tableChecks.js';
import { findConflicts, objectsOf, placedRanges, type Placement } from './vlanSetChecks.js';

export type { Placement } from './vlanSetChecks.js';

export interface EgressSetInput {
  namespace: string;
  /** The namespace's TMM replicas: the longest self-IP list of its VLANs (see `vlanFactsOf`). */
  replicas: number;
  /** The self-IP list that shows the replica count, for the related location. */
  replicasFrom?: RelatedLocation;
  /** The names (spec.name, else metadata.name) of the namespace's VLANs and VXLANs. */
  vlanNames: ReadonlySet<string>;
  /** A VLAN or VXLAN of the namespace has a name that a template fills in: it may be any name. */
  vlanNameUnknown?: boolean;
  egresses: readonly Placement[];
  snatpools: readonly Placement[];
}

export interface VlanFacts {
  replicas: number;
  replicasFrom?: RelatedLocation;
  vlanNames: Set<string>;
  vlanNameUnknown: boolean;
}

/** A line that starts with a template action: a `range`, `if` or `toYaml` may write list items. */
const LINE_ACTION = /^[ \t]*\{\{/m;

/**
 * What the egress checks need from a namespace's VLANs and VXLANs. The replica count is a lower
 * bound: a resource written in several versions counts with its shortest list, and a list in a
 * document with whole-line template actions (which may write items) counts for none.
 */
export function vlanFactsOf(vlans: readonly Placement[]): VlanFacts {
  const vlanNames = new Set<string>();
  let vlanNameUnknown = false;
  const objects = objectsOf(vlans);
  const shortest = new Map<number, { count: number; placement: Placement }>();
  vlans.forEach((placement, index) => {
    const name = readTmmName(placement.resource);
    if (name.name !== undefined) vlanNames.add(name.name);
    else vlanNameUnknown = true;
    const fields = readVlan(placement.resource);
    const count = LINE_ACTION.test(placement.text) ? 0 : Math.max(0, ...fields.selfIpLists.map((list) => list.items.length));
    const id = objects[index]!;
    const known = shortest.get(id);
    if (!known || count < known.count) shortest.set(id, { count, placement });
  });
  let replicas = 0;
  let from: Placement | undefined;
  for (const { count, placement } of shortest.values()) {
    if (count > replicas) {
      replicas = count;
      from = placement;
    }
  }
  const facts: VlanFacts = { replicas, vlanNames, vlanNameUnknown };
  if (from) {
    const list = readVlan(from.resource).selfIpLists.find((l) => l.items.length === replicas)!;
    const kind = from.resource.kind === 'F5SPKVxlan' ? 'VXLAN' : 'VLAN';
    facts.replicasFrom = {
      uri: from.uri,
      range: placedRanges()(from, list.key, list.items.at(-1)?.node ?? list.key),
      message: `${kind} ${readVlan(from.resource).name} lists ${replicas} self IPs in ${list.field.list}, one per TMM replica`,
    };
  }
  return facts;
}

export function checkEgressSet(input: EgressSetInput): PlacedDiagnostic[] {
  const { namespace, replicas, vlanNames, egresses, snatpools } = input;
  const out: PlacedDiagnostic[] = [];
  const range = placedRanges();

  // SNAT pools: one address list per replica.
  const pools = snatpools.map((placement) => ({ placement, fields: readSnatpool(placement.resource) }));
  if (replicas > 1) {
    for (const { placement, fields } of pools) {
      if (!fields.listsComplete || !fields.listKey || !fields.listNode || fields.lists.length >= replicas) continue;
      if (fields.sharedSnatAddress && fields.sharedSnatAddress.value !== false) continue; // shared addresses: not one list per replica
      if (LINE_ACTION.test(placement.text)) continue; // a template action may write lists
      const lists = fields.lists.length;
      const missing = lists + 1 === replicas ? `replica ${replicas} then has` : `replicas ${lists + 1}–${replicas} then have`;
      out.push({
        uri: placement.uri,
        diagnostic: makeDiagnostic('snatpool-too-few-lists', range(placement, fields.listKey, fields.listNode), `SNAT pool ${fields.name ?? placement.resource.name ?? '(unnamed)'} has ${lists} per-replica address list${lists === 1 ? '' : 's'}, and namespace ${namespace} has ${replicas} TMM replicas (the longest self-IP list of its VLANs): F5 gives each replica the list at its position, so ${missing} no SNAT address (inferred); add a list per replica`, input.replicasFrom ? { related: [input.replicasFrom] } : {}),
      });
    }
  }

  // What egresses name: a pool, a VLAN.
  const poolNames = new Map<string, (typeof pools)[number]>();
  let poolNameUnknown = false;
  for (const pool of pools) {
    if (pool.fields.name === undefined) poolNameUnknown = true;
    else if (!poolNames.has(pool.fields.name)) poolNames.set(pool.fields.name, pool);
  }
  const list = (names: Iterable<string>) => [...names].sort().join(', ');
  for (const placement of egresses) {
    const fields = readEgress(placement.resource);
    const name = placement.resource.name ?? '(unnamed)';
    const pool = fields.snatpool?.value;
    const usesPool = fields.snatType === undefined || fields.snatType.value === 'SRC_TRANS_SNATPOOL';
    if (pool && usesPool && pools.length > 0 && !poolNameUnknown && !poolNames.has(pool)) {
      const byMetadata = pools.find((p) => p.placement.resource.name === pool && p.fields.name !== undefined);
      const hint = byMetadata ? `; the pool with metadata.name ${pool} has spec.name ${byMetadata.fields.name}, which is the name egressSnatpool takes` : '';
      out.push({
        uri: placement.uri,
        diagnostic: makeDiagnostic('egress-snatpool-unknown', range(placement, fields.snatpool!.node), `egressSnatpool ${pool} of egress ${name} names no SNAT pool of namespace ${namespace} in the files in view (pools: ${list(poolNames.keys())})${hint}: F5 takes the pool's spec.name, or its metadata.name when it has none`, {
          related: pools.filter((p) => p.fields.node).slice(0, 5).map((p) => ({ uri: p.placement.uri, range: range(p.placement, p.fields.node!), message: `SNAT pool ${p.fields.name}` })),
        }),
      });
    }
    const iface = fields.vxlan?.tmmInterfaceName;
    if (iface?.value && vlanNames.size > 0 && !input.vlanNameUnknown && !vlanNames.has(iface.value)) {
      out.push({
        uri: placement.uri,
        diagnostic: makeDiagnostic('egress-vxlan-interface-unknown', range(placement, iface.node), `vxlan.tmmInterfaceName ${iface.value} of egress ${name} names no VLAN of namespace ${namespace} in the files in view (VLANs: ${list(vlanNames)}): F5 carries the egress VXLAN on the VLAN whose spec.name this is`),
      });
    }
  }

  // One VNI per VXLAN interface: two egresses with one key on one tmmInterfaceName.
  findConflicts(egresses, (placement) => {
    const vxlan = readEgress(placement.resource).vxlan;
    const iface = vxlan?.tmmInterfaceName?.value;
    const key = vxlan?.key?.value;
    return iface !== undefined && key !== undefined ? [{ key: `${iface}\u0000${key}`, node: vxlan!.key!.node }] : [];
  }, () => false, (here, first) => {
    const vxlan = readEgress(here.placement.resource).vxlan!;
    const firstName = first.placement.resource.name ?? '(unnamed)';
    out.push({
      uri: here.placement.uri,
      diagnostic: makeDiagnostic('vxlan-key-twice', range(here.placement, here.node), `VXLAN key ${vxlan.key!.value} of egress ${here.placement.resource.name ?? '(unnamed)'} on interface ${vxlan.tmmInterfaceName!.value} is already the key of egress ${firstName} in namespace ${namespace}: one VNI per VXLAN interface (inferred); give one of them another key`, {
        related: [{ uri: first.placement.uri, range: range(first.placement, first.node), message: `VXLAN key ${vxlan.key!.value} of egress ${firstName}` }],
      }),
    });
  });

  return out;
}
