// Self IPs of a VLAN: valid literals of the list's family, not the network or broadcast address of
// their subnet, one subnet for all replicas, no duplicates, and a prefix length to go with them.
import { formatPrefix, hasHostBits, networkAddress, parseIp, prefixContains, prefixFacts, writtenText, type Family, type IpAddress } from '../net/index.js';
import type { DocumentReport } from './report.js';
import { specOf, type SpkResource } from '../resources/resource.js';
import { SELF_IP_FIELDS } from '../resources/kinds.js';
import { getPair, type YScalar } from '../yaml/tree.js';

export function checkVlan(resource: SpkResource, report: DocumentReport): void {
  const spec = specOf(resource);
  if (!spec) return;
  for (const { list, prefix, family } of SELF_IP_FIELDS) {
    const listPair = getPair(spec, list);
    if (listPair?.value.type !== 'seq') continue;
    const prefixNode = getPair(spec, prefix)?.value;
    const prefixLen = prefixNode?.type === 'scalar' && typeof prefixNode.value === 'number' && Number.isInteger(prefixNode.value)
      && prefixNode.value >= 0 && prefixNode.value <= (family === 4 ? 32 : 128) ? prefixNode.value : undefined;
    if (!prefixNode && listPair.value.items.length > 0) {
      report.add('missing-prefix-length', listPair.key, `${list} has no ${prefix}: the subnet of these self IPs, and so the VLAN's connected network, is unknown`);
    }
    const seen = new Map<bigint, number>();
    let first: { address: IpAddress; replica: number } | undefined;
    listPair.value.items.forEach((item, index) => {
      if (item.type !== 'scalar' || typeof item.value !== 'string') return;
      const address = checkSelfIp(item as YScalar & { value: string }, list, family, report);
      if (!address) return;
      const replica = index + 1;
      const duplicate = seen.get(address.value);
      if (duplicate !== undefined) {
        report.add('duplicate-self-ip', item, `self IP ${writtenText(address)} is listed twice (replicas ${duplicate} and ${replica}): each TMM replica needs its own`);
        return;
      }
      seen.set(address.value, replica);
      if (prefixLen === undefined) return;
      checkHostAddress(item, address, prefixLen, report);
      if (!first) first = { address, replica };
      else if (!prefixContains(networkAddress(first.address, prefixLen), prefixLen, address)) {
        const subnet = formatPrefix(networkAddress(first.address, prefixLen), prefixLen);
        report.add(
          'selfip-subnet-mismatch',
          item,
          `self IP ${writtenText(address)} (replica ${replica}) is not in ${subnet}, the subnet of replica ${first.replica}'s self IP ${writtenText(first.address)}: one VLAN's self IPs share one subnet`,
        );
      }
    });
  }
}

function checkSelfIp(item: YScalar & { value: string }, list: string, family: Family, report: DocumentReport): IpAddress | undefined {
  const parsed = parseIp(item.value);
  if (!parsed.ok) {
    report.add('invalid-address', item, `${list}: ${parsed.reason}`);
    return undefined;
  }
  if (parsed.address.family !== family) {
    report.add('family-mismatch', item, `${item.value} is IPv${parsed.address.family}, but ${list} holds IPv${family} self IPs`, { severity: 'error' });
    return undefined;
  }
  return parsed.address;
}

function checkHostAddress(item: YScalar, address: IpAddress, prefixLen: number, report: DocumentReport): void {
  const facts = prefixFacts(address, prefixLen);
  const subnet = `${facts.network}/${prefixLen}`;
  const usable = address.family === 4 ? prefixLen <= 30 : prefixLen <= 126;
  if (!usable) return;
  if (!hasHostBits(address, prefixLen)) {
    const what = address.family === 4 ? 'the network address' : 'the subnet-router anycast address';
    report.add('selfip-network-address', item, `self IP ${writtenText(address)} is ${what} of ${subnet}, not a host address (use ${facts.firstHost}–${facts.lastHost})`);
  } else if (facts.broadcast && facts.broadcast === address.text) {
    report.add('selfip-broadcast-address', item, `self IP ${writtenText(address)} is the broadcast address of ${subnet}, not a host address (use ${facts.firstHost}–${facts.lastHost})`);
  }
}
