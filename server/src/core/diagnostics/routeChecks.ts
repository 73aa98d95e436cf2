// Address rules of one static route: literals, CIDR in destination, prefix range, host bits,
// families, the gateway requirement. (A gateway inside the route's own destination is a table check:
// only the namespace's connected networks tell whether it matters.)
import { hasHostBits, maxPrefix, networkAddress, writtenText, type IpAddress } from '../net/index.js';
import type { DocumentReport, OffsetEdit } from './report.js';
import { insertSiblingAfter, replaceScalar } from './edits.js';
import { readStaticRoute, type AddressField, type IntegerField, type StaticRouteFields } from '../resources/readers.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import { getPair, type YMap, type YScalar } from '../yaml/tree.js';

export function checkStaticRoute(resource: SpkResource, text: string, report: DocumentReport): void {
  const spec = specOf(resource);
  if (!spec) return;
  const fields = readStaticRoute(resource);
  const destination = fields.destination?.text !== undefined ? checkDestination(spec, text, fields.destination, fields.prefixLen, report) : undefined;
  const prefixLen = fields.prefixLen?.value;
  const gateway = fields.gateway?.text !== undefined ? checked(fields.gateway, 'gateway', report) : undefined;

  if (destination && prefixLen !== undefined) {
    const max = maxPrefix(destination.family);
    if (prefixLen > max && destination.family === 4) {
      report.add('prefix-length-range', fields.prefixLen!.node, `prefixLen ${prefixLen} is above 32, the longest IPv4 prefix (destination ${writtenText(destination)} is IPv4)`);
    } else if (prefixLen >= 0 && prefixLen <= max && hasHostBits(destination, prefixLen)) {
      const network = networkAddress(destination, prefixLen).text;
      report.add(
        'destination-host-bits',
        fields.destination!.node,
        `destination ${writtenText(destination)} has host bits set for /${prefixLen}: the network is ${network} (inferred: SPK expects the network address)`,
        { fixes: [{ title: `Replace with the network address ${network}`, edits: [replaceScalar(fields.destination!.node as YScalar, network)] }] },
      );
    }
  }

  if (destination && gateway && destination.family !== gateway.family) {
    report.add(
      'family-mismatch',
      fields.gateway!.node,
      `gateway ${writtenText(gateway)} is IPv${gateway.family} but destination ${writtenText(destination)} is IPv${destination.family} (inferred: both must be of one family)`,
    );
  }

  const type = fields.type?.node.type === 'scalar' ? fields.type.node.value : undefined;
  if (!fields.gateway && (type === 'gateway' || type === undefined || type === null)) {
    const reason = fields.type ? 'type is gateway' : 'a route without type is a gateway route';
    report.add('missing-gateway', fields.type?.key ?? getPair(resource.root, 'spec')!.key, `spec.gateway is missing: ${reason}, so it needs the next-hop address`);
  }
}

/** The address of a string field, or an invalid-address diagnostic with the reason. */
function checked(field: AddressField, name: string, report: DocumentReport): IpAddress | undefined {
  if (field.address) return field.address;
  report.add('invalid-address', field.node, `${name}: ${field.problem}`);
  return undefined;
}

function checkDestination(spec: YMap, text: string, field: NonNullable<StaticRouteFields['destination']>, prefixLen: IntegerField | undefined, report: DocumentReport): IpAddress | undefined {
  const { cidr } = field;
  if (!cidr) return checked(field, 'destination', report);
  const scalar = field.node as YScalar;
  const prefixNode = prefixLen?.node;
  const existing = prefixNode?.type === 'scalar' ? prefixNode.value : undefined;
  const message = `destination "${field.text}" is a CIDR: the API server rejects it (spec.destination: Invalid value); write destination: ${cidr.address} and prefixLen: ${cidr.prefixLen}`;
  if (prefixNode && existing !== cidr.prefixLen) {
    report.add('destination-cidr', scalar, `${message} (prefixLen is ${prefixNode.type === 'scalar' ? prefixNode.source || 'empty' : 'not a number'} here, so check which length is meant)`);
    return undefined;
  }
  const edits: OffsetEdit[] = [replaceScalar(scalar, cidr.address)];
  if (!prefixNode) edits.push(insertSiblingAfter(text, field.key.start, scalar, spec.flow, `prefixLen: ${cidr.prefixLen}`));
  report.add('destination-cidr', scalar, message, { fixes: [{ title: `Split into destination ${cidr.address} and prefixLen ${cidr.prefixLen}`, edits }] });
  return undefined;
}
