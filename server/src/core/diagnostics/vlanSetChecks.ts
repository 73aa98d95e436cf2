// Checks across the VLANs of one namespace (one TMM): F5's lab guide for BIG-IP Next for Kubernetes
// says "Each interface can have only one untagged VLAN … VLAN tags must be unique across all
// interfaces". Warnings: multi-zone layouts may mean the VLANs for separate TMMs, which nothing in an
// F5SPKVlan says. Two resources with the same VLAN name are one VLAN written twice, not a conflict.
import { readVlan } from '../resources/readers.js';
import type { SpkResource } from '../resources/resource.js';
import { LineIndex } from '../yaml/lineIndex.js';
import type { YNode } from '../yaml/tree.js';
import { shiftRange, type Range } from '../types.js';
import { makeDiagnostic } from './rules.js';
import type { PlacedDiagnostic } from './tableChecks.js';

export interface VlanPlacement {
  uri: string;
  /** 0-based line of the VLAN's document in its file. */
  line: number;
  text: string;
  resource: SpkResource;
}

interface Seen {
  vlan: VlanPlacement;
  name: string;
  range: Range;
}

export function checkVlanSet(vlans: readonly VlanPlacement[], namespace: string): PlacedDiagnostic[] {
  const out: PlacedDiagnostic[] = [];
  const untaggedOn = new Map<string, Seen>();
  const tagged = new Map<number, Seen>();
  for (const vlan of vlans) {
    const fields = readVlan(vlan.resource);
    let lines: LineIndex | undefined;
    const rangeOf = (node: YNode) => shiftRange((lines ??= new LineIndex(vlan.text)).range(node.start, node.end), vlan.line);
    const tag = fields.tag?.value ?? (fields.tag ? undefined : 0);
    if (tag === undefined) continue; // a tag that is not a number: its own diagnostic says so
    if (tag === 0) {
      for (const { name: iface, node } of fields.interfaces) {
        const here = { vlan, name: fields.name, range: rangeOf(node) };
        const first = untaggedOn.get(iface);
        if (!first) {
          untaggedOn.set(iface, here);
          continue;
        }
        if (first.name === fields.name) continue; // the same VLAN written twice (copies, versions): not two VLANs
        out.push({
          uri: vlan.uri,
          diagnostic: makeDiagnostic('untagged-vlan-twice', here.range, `VLAN ${fields.name} is the second untagged VLAN on interface ${iface} in namespace ${namespace} (VLAN ${first.name} is the first): F5 allows one untagged VLAN per interface; give one of them a tag, or another interface`, {
            related: [{ uri: first.vlan.uri, range: first.range, message: `untagged VLAN ${first.name} on ${iface}` }],
          }),
        });
      }
      continue;
    }
    const here = { vlan, name: fields.name, range: rangeOf(fields.tag!.node) };
    const first = tagged.get(tag);
    if (!first) {
      tagged.set(tag, here);
      continue;
    }
    if (first.name === fields.name) continue;
    out.push({
      uri: vlan.uri,
      diagnostic: makeDiagnostic('vlan-tag-twice', here.range, `tag ${tag} of VLAN ${fields.name} is already the tag of VLAN ${first.name} in namespace ${namespace}: F5 asks for VLAN tags unique across all interfaces`, {
        related: [{ uri: first.vlan.uri, range: first.range, message: `tag ${tag} of VLAN ${first.name}` }],
      }),
    });
  }
  return out;
}
