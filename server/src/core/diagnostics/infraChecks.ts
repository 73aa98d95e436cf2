// Document rules of a BNK 2.4 Infra: its route destinations are CIDRs (the normal form here, unlike
// F5SPKStaticRoute), without host bits; next hops and pool ends are addresses; every name it refers
// to (networks, IPAM pools, network attachments) is defined in the same Infra. Whether a next hop is
// on one of its networks is a table check (tableChecks.ts).
import { formatPrefix, hasHostBits, networkAddress, writtenText } from '../net/index.js';
import { readInfra, type CidrField, type NameRef } from '../resources/infraReaders.js';
import type { AddressField } from '../resources/readers.js';
import type { SpkResource } from '../resources/resource.js';
import type { YScalar } from '../yaml/tree.js';
import { replaceScalar } from './edits.js';
import type { DocumentReport } from './report.js';

export function checkInfra(resource: SpkResource, report: DocumentReport): void {
  const infra = readInfra(resource);
  const label = `Infra ${resource.name ?? '(unnamed)'}`;

  for (const route of infra.staticRoutes) {
    const routeName = route.name !== undefined ? `route ${route.name}` : 'a route';
    for (const destination of route.destinations) {
      const cidr = checkedCidr(destination, 'destination', report);
      if (!cidr) continue;
      if (hasHostBits(cidr.address, cidr.prefixLen)) {
        const network = formatPrefix(networkAddress(cidr.address, cidr.prefixLen), cidr.prefixLen);
        report.add('destination-host-bits', destination.node, `${destination.text} has host bits set; the network is ${network} (inferred: a route's destination is a network)`, {
          fixes: [{ title: `Replace with the network ${network}`, edits: [replaceScalar(destination.node as YScalar, network)] }],
        });
      }
    }
    const nextHop = route.nextHop;
    if (nextHop?.text !== undefined) {
      const address = checkedAddress(nextHop, 'nextHop', report);
      const first = route.destinations.find((d) => d.address);
      if (address && first?.address && first.address.family !== address.family) {
        report.add('family-mismatch', nextHop.node, `nextHop ${writtenText(address)} is IPv${address.family} but destination ${first.text} is IPv${first.address.family} (inferred: both must be of one family)`);
      }
    }
    if (route.networkRef) checkRef(route.networkRef, infra.networks, 'network', `${routeName}'s networkRef`, label, report);
  }

  for (const ipam of infra.ipams) {
    for (const range of ipam.ranges) {
      if (range.cidr) checkedCidr(range.cidr, 'cidr', report);
      if (range.rangeStart?.text !== undefined) checkedAddress(range.rangeStart, 'rangeStart', report);
      if (range.rangeEnd?.text !== undefined) checkedAddress(range.rangeEnd, 'rangeEnd', report);
    }
  }

  for (const network of infra.networks) {
    const of = network.name !== undefined ? `network ${network.name}'s` : "a network's";
    for (const ref of network.ipamRefs) checkRef(ref, infra.ipams, 'IPAM pool', `${of} ipamRefs`, label, report);
    if (network.attachmentRef) checkRef(network.attachmentRef, infra.attachments, 'network attachment', `${of} networkAttachmentRef`, label, report);
  }
  if (infra.egressNetworkRef) checkRef(infra.egressNetworkRef, infra.networks, 'network', "egressDefaults' networkRef", label, report);
}

function checkedCidr(field: CidrField, name: string, report: DocumentReport): { address: NonNullable<CidrField['address']>; prefixLen: number } | undefined {
  if (field.text === undefined) return undefined; // not a string: the schema says so
  if (field.address && field.prefixLen !== undefined) return { address: field.address, prefixLen: field.prefixLen };
  // A bare address may be read as a one-address network: unsure, so a warning.
  const bare = !field.text.includes('/') && /has no prefix length/.test(field.problem ?? '');
  report.add('invalid-cidr', field.node, `${name}: ${field.problem}`, bare ? { severity: 'warning' } : {});
  return undefined;
}

function checkedAddress(field: AddressField, name: string, report: DocumentReport): AddressField['address'] {
  if (field.address) return field.address;
  const text = field.text ?? '';
  const slash = text.indexOf('/');
  const message = slash >= 0 ? `${name} ${JSON.stringify(text)} is a CIDR: ${name} is one address (${text.slice(0, slash)}?), without a prefix length` : `${name}: ${field.problem}`;
  report.add('invalid-address', field.node, message);
  return undefined;
}

function checkRef(ref: NameRef, targets: readonly { name?: string }[], what: string, where: string, label: string, report: DocumentReport): void {
  if (ref.name === undefined) return; // missing or templated: the schema or the template says
  if (targets.some((t) => t.name === ref.name)) return;
  const names = targets.flatMap((t) => (t.name !== undefined ? [t.name] : []));
  report.add('infra-ref-unknown', ref.node, `${where} names ${what} "${ref.name}", which ${label} does not define (${names.length ? `its ${what}s: ${names.join(', ')}` : `it has no ${what}s`})`);
}
