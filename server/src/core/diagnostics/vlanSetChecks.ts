// Checks across the VLANs (and VXLANs) of one namespace (one TMM). F5's lab guide for BIG-IP Next for
// Kubernetes says "Each interface can have only one untagged VLAN … VLAN tags must be unique across
// all interfaces"; a self IP belongs to one VLAN, and a VLAN name (`spec.name`, the name inside TMM)
// to one resource (both inferred). Warnings: multi-zone layouts may mean the VLANs for separate TMMs,
// which nothing in an F5SPKVlan says.
//
// A workspace holds copies and alternatives (a rendered file and a cluster inventory, two versions of
// one path, a historic file beside the current one). Three rules keep them from conflicting:
// - one kind and metadata.name in a namespace is one Kubernetes object, however many documents write
//   it: only one of them is in the cluster at a time, so they never conflict with each other;
// - a conflict between two objects is reported only when it holds whichever of their documents is
//   applied (every document of each object has the conflicting value);
// - two objects with one definition (see `definitionKey`) are one VLAN written twice: no conflict.
import { readVlan } from '../resources/readers.js';
import { readTmmName } from '../resources/egressReaders.js';
import type { SpkResource } from '../resources/resource.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { isTemplated } from '../yaml/templates.js';
import { getValue, type YNode } from '../yaml/tree.js';
import { shiftRange, type Range } from '../types.js';
import { makeDiagnostic, type RuleCode } from './rules.js';
import type { PlacedDiagnostic } from './tableChecks.js';

/** A resource where it stands: its file, its document's line in the file and the document's text. */
export interface Placement {
  uri: string;
  /** 0-based line of the resource's document in its file. */
  line: number;
  text: string;
  resource: SpkResource;
}

export type VlanPlacement = Placement;

/** A value of a resource that may conflict with another resource's: where it is written. */
export interface Occurrence {
  placement: Placement;
  /** Index of the placement in the checked list (for order). */
  index: number;
  node: YNode;
}

/** Ranges of nodes of placements' documents, in their files' lines; one line index per document. */
export function placedRanges(): (placement: Placement, node: YNode, end?: YNode) => Range {
  const indexes = new Map<Placement, LineIndex>();
  return (placement, node, end = node) => {
    let lines = indexes.get(placement);
    if (!lines) indexes.set(placement, (lines = new LineIndex(placement.text)));
    return shiftRange(lines.range(node.start, end.end), placement.line);
  };
}

/**
 * The Kubernetes object of each placement, as a number: one kind and metadata.name (in the one
 * namespace checked) is one object. A document whose metadata.name is not written or is templated is
 * an object of its own.
 */
export function objectsOf(placements: readonly Placement[]): number[] {
  const ids = new Map<string, number>();
  return placements.map((placement, index) => {
    const name = getValue(getValue(placement.resource.root, 'metadata'), 'name');
    if (name?.type !== 'scalar' || typeof name.value !== 'string' || isTemplated(name.value)) return -1 - index;
    const key = `${placement.resource.kind}\u0000${name.value}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = index));
    return id;
  });
}

/**
 * Conflicts over one kind of value (a self IP, an untagged interface, a tag, a name): for each value,
 * the objects that have it in every one of their documents, in order; the first is the anchor, and
 * every later one that is not the same as the anchor (`same`) is reported, on each of its documents.
 */
export function findConflicts(
  placements: readonly Placement[],
  valuesOf: (placement: Placement) => { key: string; node: YNode }[],
  same: (a: Placement, b: Placement) => boolean,
  report: (here: Occurrence, first: Occurrence, key: string) => void,
): void {
  const objects = objectsOf(placements);
  const documents = new Map<number, number>();
  for (const id of objects) documents.set(id, (documents.get(id) ?? 0) + 1);
  const byKey = new Map<string, Occurrence[]>();
  placements.forEach((placement, index) => {
    const seen = new Set<string>();
    for (const { key, node } of valuesOf(placement)) {
      if (seen.has(key)) continue; // twice in one resource: the document checks say so
      seen.add(key);
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ placement, index, node });
    }
  });
  for (const [key, occurrences] of byKey) {
    if (occurrences.length < 2) continue;
    const byObject = new Map<number, Occurrence[]>();
    for (const occurrence of occurrences) {
      const id = objects[occurrence.index]!;
      let list = byObject.get(id);
      if (!list) byObject.set(id, (list = []));
      list.push(occurrence);
    }
    // Objects that have the value whichever of their documents is applied.
    const certain = [...byObject].filter(([id, list]) => list.length === documents.get(id));
    if (certain.length < 2) continue;
    const anchor = certain[0]![1];
    for (const [, list] of certain.slice(1)) {
      if (list.some((here) => anchor.some((first) => same(first.placement, here.placement)))) continue;
      for (const here of list) report(here, anchor[0]!, key);
    }
  }
}

/** `VLAN` or `VXLAN`, for messages. */
function noun(resource: SpkResource): string {
  return resource.kind === 'F5SPKVxlan' ? 'VXLAN' : 'VLAN';
}

/**
 * What two resources must agree on to be one VLAN written twice: the kind, the name, the interfaces
 * (in any order), the tag (absent is 0) and each self-IP list with its prefix length, address by
 * address in replica order. These are what TMM's VLAN and self IPs are made of, and what the checks
 * here compare. The other fields are left out: copies of one VLAN differ in them without being two
 * VLANs. mtu: the awsbnkctl cluster inventory writes `mtu: 9000` where the rendered template writes
 * none, and the same inventory sets the controller's TMM_DEFAULT_MTU to 9000 (an omitted mtu is the
 * controller's default, not 1500); allowed_services: the inventory lists one of the template's two
 * services; auto_lasthop, internal, category, hashes likewise configure the one VLAN.
 */
export function definitionKey(placement: Placement): string {
  const { resource, text } = placement;
  const fields = readVlan(resource);
  const name = readTmmName(resource);
  const written = (node: YNode | undefined) => (node ? text.slice(node.start, node.end) : '');
  const parts = [resource.kind, name.name ?? `?${written(name.node)}`];
  parts.push(fields.interfaces.map((i) => i.name).sort().join(','));
  parts.push(String(fields.tag ? (fields.tag.value ?? `?${written(fields.tag.node)}`) : 0));
  for (const list of fields.selfIpLists) {
    const prefix = list.prefixLen ? (list.prefixLen.value ?? `?${written(list.prefixLen.node)}`) : '';
    parts.push(`${list.field.list}/${prefix}:${list.items.map((item) => item.address?.text ?? `?${written(item.node)}`).join(',')}`);
  }
  return parts.join('\u0000');
}

export function checkVlanSet(vlans: readonly VlanPlacement[], namespace: string): PlacedDiagnostic[] {
  const out: (PlacedDiagnostic & { index: number })[] = [];
  const placedRange = placedRanges();
  const add = (here: Occurrence, code: RuleCode, message: string, first: Occurrence, relatedMessage: string) => {
    out.push({
      uri: here.placement.uri,
      index: here.index,
      diagnostic: makeDiagnostic(code, placedRange(here.placement, here.node), message, {
        related: [{ uri: first.placement.uri, range: placedRange(first.placement, first.node), message: relatedMessage }],
      }),
    });
  };
  const nameOf = (p: Placement) => readVlan(p.resource).name;
  const sameName = (a: Placement, b: Placement) => nameOf(a) === nameOf(b);
  const definitions = new Map<Placement, string>();
  const definition = (p: Placement) => {
    let key = definitions.get(p);
    if (key === undefined) definitions.set(p, (key = definitionKey(p)));
    return key;
  };
  const sameDefinition = (a: Placement, b: Placement) => definition(a) === definition(b);
  /** The resource's name, and its metadata.name where that tells two resources of one name apart. */
  const called = (p: Placement, other: Placement) => {
    const name = nameOf(p);
    return name === nameOf(other) && p.resource.name !== undefined && p.resource.name !== other.resource.name ? `${name} (resource ${p.resource.name})` : name;
  };

  // A tag that is not a number: its own diagnostic says so, and it is untagged on nothing.
  const tagOf = (p: Placement) => {
    const tag = readVlan(p.resource).tag;
    return tag ? tag.value : 0;
  };

  findConflicts(vlans, (p) => (tagOf(p) === 0 ? readVlan(p.resource).interfaces.map(({ name, node }) => ({ key: name, node })) : []), sameName, (here, first, iface) => {
    const name = nameOf(here.placement);
    const firstName = nameOf(first.placement);
    add(here, 'untagged-vlan-twice', `VLAN ${name} is the second untagged VLAN on interface ${iface} in namespace ${namespace} (VLAN ${firstName} is the first): F5 allows one untagged VLAN per interface; give one of them a tag, or another interface`, first, `untagged VLAN ${firstName} on ${iface}`);
  });

  findConflicts(vlans, (p) => {
    const tag = readVlan(p.resource).tag;
    return tag?.value !== undefined && tag.value !== 0 ? [{ key: String(tag.value), node: tag.node }] : [];
  }, sameName, (here, first, tag) => {
    const name = nameOf(here.placement);
    const firstName = nameOf(first.placement);
    add(here, 'vlan-tag-twice', `tag ${tag} of VLAN ${name} is already the tag of VLAN ${firstName} in namespace ${namespace}: F5 asks for VLAN tags unique across all interfaces`, first, `tag ${tag} of VLAN ${firstName}`);
  });

  // One name, two definitions (per kind: a VXLAN is not a VLAN).
  findConflicts(vlans, (p) => {
    const name = readTmmName(p.resource);
    return name.name !== undefined && name.node ? [{ key: `${p.resource.kind}\u0000${name.name}`, node: name.node }] : [];
  }, sameDefinition, (here, first) => {
    const name = nameOf(here.placement);
    const kind = noun(here.placement.resource);
    const differ = differences(here.placement, first.placement);
    const firstResource = first.placement.resource.name ?? '(unnamed)';
    add(here, 'vlan-name-twice', `${kind} ${name} is also defined by resource ${firstResource} in namespace ${namespace}, differently${differ ? ` (${differ})` : ''}: two resources would configure one TMM ${kind} (inferred); keep one of them, or rename one`, first, `the first definition of ${kind} ${name} (resource ${firstResource})`);
  });

  // One self IP in two VLANs or VXLANs (or in two definitions of one name).
  const selfIps = new Map<Placement, { replica: number }[]>();
  findConflicts(vlans, (p) => {
    const items = readVlan(p.resource).selfIpLists.flatMap((list) => list.items.flatMap((item) => (item.address ? [{ key: `${item.address.family}:${item.address.value}`, node: item.node, replica: item.replica, text: item.address.text }] : [])));
    selfIps.set(p, items);
    return items;
  }, sameDefinition, (here, first) => {
    const find = (o: Occurrence) => (selfIps.get(o.placement) as { node: YNode; replica: number; text: string }[]).find((i) => i.node === o.node)!;
    const item = find(here);
    const firstItem = find(first);
    const what = `${noun(here.placement.resource)} ${called(here.placement, first.placement)}`;
    const firstWhat = `${noun(first.placement.resource)} ${called(first.placement, here.placement)}`;
    add(here, 'self-ip-on-two-vlans', `self IP ${item.text} (replica ${item.replica}) of ${what} is already a self IP of ${firstWhat} (replica ${firstItem.replica}) in namespace ${namespace}: one address on two interfaces of one TMM (inferred); give one of them another address`, first, `self IP ${firstItem.text} of ${firstWhat}`);
  });

  out.sort((a, b) => a.index - b.index || a.diagnostic.range.start.line - b.diagnostic.range.start.line || a.diagnostic.range.start.character - b.diagnostic.range.start.character);
  return out.map(({ uri, diagnostic }) => ({ uri, diagnostic }));
}

/** Which parts of two definitions of one name differ, in words (empty when none of them). */
function differences(a: Placement, b: Placement): string {
  const x = readVlan(a.resource);
  const y = readVlan(b.resource);
  const parts: string[] = [];
  const ifaces = (f: typeof x) => f.interfaces.map((i) => i.name).sort().join(',');
  if (ifaces(x) !== ifaces(y)) parts.push('interfaces');
  const tag = (f: typeof x) => (f.tag ? (f.tag.value ?? NaN) : 0);
  if (tag(x) !== tag(y) && !(Number.isNaN(tag(x)) && Number.isNaN(tag(y)))) parts.push('tag');
  const lists = (f: typeof x) => f.selfIpLists.map((l) => `${l.field.list}:${l.items.map((i) => i.address?.text ?? '?').join(',')}`).sort().join(';');
  if (lists(x) !== lists(y)) parts.push('self IPs');
  const prefixes = (f: typeof x) => f.selfIpLists.map((l) => `${l.field.list}:${l.prefixLen?.value ?? ''}`).sort().join(';');
  if (prefixes(x) !== prefixes(y)) parts.push('prefix lengths');
  if (!parts.length) return '';
  return parts.length === 1 ? `${parts[0]}` : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
