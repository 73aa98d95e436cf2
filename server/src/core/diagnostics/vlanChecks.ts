// Self IPs of a VLAN or VXLAN: valid literals of the list's family, not the network or broadcast
// address of their subnet, no duplicates, and a prefix length to go with them. Each replica's self IP
// may lie in its own (zone) subnet (R8), so the replicas' subnets are not compared. A VXLAN's underlay addresses and its remote nodes' overlay addresses: valid literals.
import { hasHostBits, prefixFacts, writtenText, type Family, type IpAddress } from '../net/index.js';
import { readVlan, readVxlan, type AddressField } from '../resources/readers.js';
import type { SpkResource } from '../resources/resource.js';
import type { YNode } from '../yaml/tree.js';
import type { DocumentReport } from './report.js';

/** A VLAN's self IPs, or a VXLAN's (role `vxlan`: the messages say VXLAN). */
export function checkVlan(resource: SpkResource, report: DocumentReport): void {
  const kindWord = resource.role === 'vxlan' ? 'VXLAN' : 'VLAN';
  for (const { field, key, items, prefixLen: prefixField } of readVlan(resource).selfIpLists) {
    const { list, prefix, family } = field;
    const prefixLen = prefixField?.value !== undefined && prefixField.value >= 0 && prefixField.value <= (family === 4 ? 32 : 128) ? prefixField.value : undefined;
    if (!prefixField && items.length > 0) {
      report.add('missing-prefix-length', key, `${list} has no ${prefix}: the subnet of these self IPs, and so the ${kindWord}'s connected network, is unknown`);
    }
    const seen = new Map<bigint, number>();
    for (const item of items) {
      if (item.text === undefined) continue;
      const address = checkSelfIp(item, list, family, report);
      if (!address) continue;
      const { replica } = item;
      const duplicate = seen.get(address.value);
      if (duplicate !== undefined) {
        report.add('duplicate-self-ip', item.node, `self IP ${writtenText(address)} is listed twice (replicas ${duplicate} and ${replica}): each TMM replica needs its own`);
        continue;
      }
      seen.set(address.value, replica);
      if (prefixLen === undefined) continue;
      checkHostAddress(item.node, address, prefixLen, report);
    }
  }
}

/** A VXLAN's own addresses: `local_ips` (either family), `peerip_v4` / `peerip_v6` of each remote node. */
export function checkVxlan(resource: SpkResource, report: DocumentReport): void {
  const { localIps, peers } = readVxlan(resource);
  for (const item of localIps) {
    if (item.text !== undefined && !item.address) report.add('invalid-address', item.node, `local_ips: ${item.problem}`);
  }
  for (const { v4, v6, node } of peers) {
    const of = node !== undefined ? ` of remote node ${node}` : '';
    if (v4) checkPeerIp(v4, 'peerip_v4', 4, of, report);
    if (v6) checkPeerIp(v6, 'peerip_v6', 6, of, report);
  }
}

function checkPeerIp(field: AddressField, name: string, family: Family, of: string, report: DocumentReport): void {
  if (field.text === undefined) return;
  if (!field.address) report.add('invalid-address', field.node, `${name}: ${field.problem}`);
  else if (field.address.family !== family) {
    report.add('family-mismatch', field.node, `${field.text} is IPv${field.address.family}, but ${name} holds the IPv${family} overlay address${of}`, { severity: 'error' });
  }
}

function checkSelfIp(item: AddressField, list: string, family: Family, report: DocumentReport): IpAddress | undefined {
  if (!item.address) {
    report.add('invalid-address', item.node, `${list}: ${item.problem}`);
    return undefined;
  }
  if (item.address.family !== family) {
    report.add('family-mismatch', item.node, `${item.text} is IPv${item.address.family}, but ${list} holds IPv${family} self IPs`, { severity: 'error' });
    return undefined;
  }
  return item.address;
}

function checkHostAddress(item: YNode, address: IpAddress, prefixLen: number, report: DocumentReport): void {
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
