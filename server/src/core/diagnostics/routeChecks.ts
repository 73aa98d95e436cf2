// Address rules of one static route: literals, CIDR in destination, prefix range, host bits,
// families, the gateway requirement. (A gateway inside the route's own destination is a table check:
// only the namespace's connected networks tell whether it matters.)
import { hasHostBits, maxPrefix, networkAddress, parseIp, splitCidr, writtenText, type IpAddress } from '../net/index.js';
import type { DocumentReport, OffsetEdit } from './report.js';
import { insertSiblingAfter, replaceScalar } from './edits.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import { getPair, type YMap, type YNode, type YScalar } from '../yaml/tree.js';

export function checkStaticRoute(resource: SpkResource, text: string, report: DocumentReport): void {
  const spec = specOf(resource);
  if (!spec) return;
  const destPair = getPair(spec, 'destination');
  const prefixPair = getPair(spec, 'prefixLen');
  const gatewayPair = getPair(spec, 'gateway');
  const typePair = getPair(spec, 'type');

  const destination = destPair && stringValue(destPair.value) ? checkDestination(spec, text, destPair.key, destPair.value, prefixPair?.value, report) : undefined;
  const prefixLen = prefixPair?.value.type === 'scalar' && typeof prefixPair.value.value === 'number' && Number.isInteger(prefixPair.value.value) ? prefixPair.value.value : undefined;
  const gateway = gatewayPair && stringValue(gatewayPair.value) ? parseChecked(gatewayPair.value, 'gateway', report) : undefined;

  if (destination && prefixLen !== undefined) {
    const max = maxPrefix(destination.family);
    if (prefixLen > max && destination.family === 4) {
      report.add('prefix-length-range', prefixPair!.value, `prefixLen ${prefixLen} is above 32, the longest IPv4 prefix (destination ${writtenText(destination)} is IPv4)`);
    } else if (prefixLen >= 0 && prefixLen <= max && hasHostBits(destination, prefixLen)) {
      const network = networkAddress(destination, prefixLen).text;
      report.add(
        'destination-host-bits',
        destPair!.value,
        `destination ${writtenText(destination)} has host bits set for /${prefixLen}: the network is ${network} (inferred: SPK expects the network address)`,
        { fixes: [{ title: `Replace with the network address ${network}`, edits: [replaceScalar(destPair!.value as YScalar, network)] }] },
      );
    }
  }

  if (destination && gateway && destination.family !== gateway.family) {
    report.add(
      'family-mismatch',
      gatewayPair!.value,
      `gateway ${writtenText(gateway)} is IPv${gateway.family} but destination ${writtenText(destination)} is IPv${destination.family} (inferred: both must be of one family)`,
    );
  }

  const type = typePair?.value.type === 'scalar' ? typePair.value.value : undefined;
  if (!gatewayPair && (type === 'gateway' || type === undefined || type === null)) {
    const reason = typePair ? 'type is gateway' : 'a route without type is a gateway route';
    report.add('missing-gateway', typePair?.key ?? getPair(resource.root, 'spec')!.key, `spec.gateway is missing: ${reason}, so it needs the next-hop address`);
  }
}

function stringValue(node: YNode): node is YScalar & { value: string } {
  return node.type === 'scalar' && typeof node.value === 'string';
}

function parseChecked(scalar: YScalar, field: string, report: DocumentReport): IpAddress | undefined {
  const parsed = parseIp(scalar.value as string);
  if (parsed.ok) return parsed.address;
  report.add('invalid-address', scalar, `${field}: ${parsed.reason}`);
  return undefined;
}

function checkDestination(spec: YMap, text: string, key: YScalar, scalar: YScalar, prefixNode: YNode | undefined, report: DocumentReport): IpAddress | undefined {
  const written = scalar.value as string;
  const cidr = splitCidr(written);
  if (!cidr) return parseChecked(scalar, 'destination', report);
  const existing = prefixNode?.type === 'scalar' ? prefixNode.value : undefined;
  const message = `destination "${written}" is a CIDR: the API server rejects it (spec.destination: Invalid value); write destination: ${cidr.address} and prefixLen: ${cidr.prefixLen}`;
  if (prefixNode && existing !== cidr.prefixLen) {
    report.add('destination-cidr', scalar, `${message} (prefixLen is ${prefixNode.type === 'scalar' ? prefixNode.source || 'empty' : 'not a number'} here, so check which length is meant)`);
    return undefined;
  }
  const edits: OffsetEdit[] = [replaceScalar(scalar, cidr.address)];
  if (!prefixNode) edits.push(insertSiblingAfter(text, key.start, scalar, spec.flow, `prefixLen: ${cidr.prefixLen}`));
  report.add('destination-cidr', scalar, message, { fixes: [{ title: `Split into destination ${cidr.address} and prefixLen ${cidr.prefixLen}`, edits }] });
  return undefined;
}
