// F5SPKVxlan: recognised with its own role, checked by its schema and by the self-IP and address
// checks, read by readVxlan, with hover and completion from its schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { complete } from '../../server/src/core/features/completion.js';
import { hover } from '../../server/src/core/features/hover.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';
import { KIND_ROLES } from '../../server/src/core/resources/kinds.js';
import { readVlan, readVxlan } from '../../server/src/core/resources/readers.js';
import { findSchema } from '../../server/src/core/resources/schemas.js';
import type { SpkResource } from '../../server/src/core/resources/resource.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { withCursor } from '../support/cursor.js';

const BF3_VXLAN = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'real', 'files', 'f5devcentral__f5-bnk-nvidia-bf3-installations__docs__assets__config__bnk-vxlan.yaml');

/** `line:col-line:col code` (1-based) for compact, exact assertions. */
function where(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code}`;
}

function diagnose(text: string): Diagnostic[] {
  return new FileModel(text).diagnostics();
}

function resourceOf(text: string): SpkResource {
  const resource = new FileModel(text).documents[0]?.analysis.resource;
  assert.ok(resource, 'an SPK resource');
  return resource;
}

/** A VXLAN shaped like F5's lab guide (one remote node, two replicas); `spec` lines replace the default ones. */
const vxlan = (spec = `  name: red
  port: 4789
  key: 100
  remote_interface_name: enp83s0f1v0
  remote_nodes:
    - node_name: host-1
      node_ip: 192.168.20.41
      peer_mac: "00:f5:00:00:00:02"
      peerip_v4: 198.18.100.1
      peerip_v6: "fd50::192:18:100:1"
  local_ips: [192.168.20.201, 192.168.20.202]
  selfip_v4s: [198.18.100.201, 198.18.100.202]
  prefixlen_v4: 24
  selfip_v6s: ["fd50::192:18:100:201", "fd50::192:18:100:202"]
  prefixlen_v6: 112
`) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKVxlan
metadata:
  name: red
  namespace: f5-bnk
spec:
${spec}`;

describe('F5SPKVxlan', () => {
  test('is a kind of its own role, with a schema at k8s.f5net.com/v1', () => {
    assert.equal(KIND_ROLES.F5SPKVxlan, 'vxlan');
    assert.equal(findSchema('k8s.f5net.com/v1', 'F5SPKVxlan')?.role, 'vxlan');
    assert.equal(resourceOf(vxlan()).role, 'vxlan');
  });

  test("F5's lab guide VXLANs (bf3 bnk-vxlan.yaml) have no diagnostics", () => {
    const model = new FileModel(readFileSync(BF3_VXLAN, 'utf8'));
    assert.deepEqual(model.documents.map((d) => d.analysis.resource?.kind), ['F5SPKVxlan', 'F5SPKVxlan']);
    assert.deepEqual(model.diagnostics(), []);
  });

  test('the lab-shaped example has no diagnostics', () => {
    assert.deepEqual(diagnose(vxlan()), []);
  });
});

describe('F5SPKVxlan schema diagnostics', () => {
  test('an unknown field is a warning on its key, listing the known fields', () => {
    const diagnostics = diagnose(vxlan().replace('  port: 4789\n', '  port: 4789\n  vni: 100\n'));
    assert.deepEqual(diagnostics.map(where), ['9:3-9:6 unknown-field']);
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.equal(diagnostics[0]!.message, 'unknown field "vni" in spec of F5SPKVxlan; known fields: name, key, port, mtu, remote_interface_name, remote_nodes, local_ips, selfip_v4s, prefixlen_v4, selfip_v6s, prefixlen_v6');
  });

  test('an unknown field in a remote node is reported there', () => {
    const diagnostics = diagnose(vxlan().replace('      node_ip: 192.168.20.41\n', '      node_ip: 192.168.20.41\n      node_port: 1\n'));
    assert.deepEqual(diagnostics.map(where), ['14:7-14:16 unknown-field']);
    assert.equal(diagnostics[0]!.message, 'unknown field "node_port" in spec.remote_nodes[0] of F5SPKVxlan; known fields: node_name, node_ip, peer_mac, peerip_v4, peerip_v6');
  });

  test('a key above 24 bits and a port above 65535 are out of range, on their values', () => {
    const diagnostics = diagnose(vxlan().replace('key: 100', 'key: 16777216').replace('port: 4789', 'port: 70000'));
    assert.deepEqual(diagnostics.map(where), ['9:8-9:16 out-of-range', '8:9-8:14 out-of-range']);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      'spec.key 16777216 is above the maximum 16777215 (allowed: 1–16777215)',
      'spec.port 70000 is above the maximum 65535 (allowed: 1–65535)',
    ]);
  });

  test('key 0 is below the range', () => {
    const [d] = diagnose(vxlan().replace('key: 100', 'key: 0'));
    assert.equal(where(d!), '9:8-9:9 out-of-range');
    assert.equal(d!.message, 'spec.key 0 is below the minimum 1 (allowed: 1–16777215)');
  });

  test('a VXLAN has no interfaces or tag', () => {
    const diagnostics = diagnose(vxlan().replace('  key: 100\n', '  key: 100\n  tag: 0\n'));
    assert.deepEqual(diagnostics.map(where), ['10:3-10:6 unknown-field']);
  });
});

describe('F5SPKVxlan address checks', () => {
  test('a bad peerip_v4 is an invalid address at its value', () => {
    const diagnostics = diagnose(vxlan().replace('peerip_v4: 198.18.100.1', 'peerip_v4: 198.18.100.300'));
    assert.deepEqual(diagnostics.map(where), ['15:18-15:32 invalid-address']);
    assert.equal(diagnostics[0]!.message, 'peerip_v4: octet 300 in "198.18.100.300" is above 255');
    assert.equal(diagnostics[0]!.severity, 'error');
  });

  test('a peer address of the other family is an error naming the node', () => {
    const diagnostics = diagnose(vxlan().replace('peerip_v4: 198.18.100.1', 'peerip_v4: "fd50::1"'));
    assert.deepEqual(diagnostics.map(where), ['15:18-15:27 family-mismatch']);
    assert.equal(diagnostics[0]!.message, 'fd50::1 is IPv6, but peerip_v4 holds the IPv4 overlay address of remote node host-1');
    assert.equal(diagnostics[0]!.severity, 'error');
    const [v6] = diagnose(vxlan().replace('peerip_v6: "fd50::192:18:100:1"', 'peerip_v6: 198.18.100.1'));
    assert.equal(where(v6!), '16:18-16:30 family-mismatch');
    assert.equal(v6!.message, '198.18.100.1 is IPv4, but peerip_v6 holds the IPv6 overlay address of remote node host-1');
  });

  test('a bad local IP is an invalid address at its item', () => {
    const diagnostics = diagnose(vxlan().replace('local_ips: [192.168.20.201, 192.168.20.202]', 'local_ips: [192.168.20.201, 192.168.20]'));
    assert.deepEqual(diagnostics.map(where), ['17:31-17:41 invalid-address']);
    assert.match(diagnostics[0]!.message, /^local_ips: /);
  });

  test('the self-IP checks run, and say VXLAN', () => {
    const diagnostics = diagnose(vxlan().replace('  prefixlen_v4: 24\n', '').replace('198.18.100.202]', '198.18.100.201]'));
    assert.deepEqual(diagnostics.map(where), ['18:3-18:13 missing-prefix-length', '18:32-18:46 duplicate-self-ip']);
    assert.equal(diagnostics[0]!.message, "selfip_v4s has no prefixlen_v4: the subnet of these self IPs, and so the VXLAN's connected network, is unknown");
    const [family] = diagnose(vxlan().replace('selfip_v4s: [198.18.100.201, 198.18.100.202]', 'selfip_v4s: [198.18.100.201, "fd50::1"]'));
    assert.equal(where(family!), '18:32-18:41 family-mismatch');
    assert.equal(family!.severity, 'error');
  });

  test('templated addresses and keys are not reported', () => {
    const text = vxlan()
      .replace('key: 100', 'key: {{ .Values.vxlan.key }}')
      .replace('peerip_v4: 198.18.100.1', 'peerip_v4: ${PEER_V4}')
      .replace('192.168.20.202]', '${LOCAL_IP_2}]');
    assert.deepEqual(diagnose(text), []);
  });
});

describe('readVxlan and readVlan on a VXLAN', () => {
  test('VNI, port, local IPs per replica and the peers, located', () => {
    const text = vxlan();
    const resource = resourceOf(text);
    const { key, port, localIps, peers } = readVxlan(resource);
    assert.equal(key?.value, 100);
    assert.equal(text.slice(key!.node.start, key!.node.end), '100');
    assert.equal(port?.value, 4789);
    assert.deepEqual(localIps.map((ip) => [ip.replica, ip.text, ip.address?.family, text.slice(ip.node.start, ip.node.end)]), [
      [1, '192.168.20.201', 4, '192.168.20.201'],
      [2, '192.168.20.202', 4, '192.168.20.202'],
    ]);
    assert.equal(peers.length, 1);
    const [peer] = peers;
    assert.equal(peer!.node, 'host-1');
    assert.equal(peer!.v4?.address?.text, '198.18.100.1');
    assert.equal(text.slice(peer!.v4!.key.start, peer!.v4!.key.end), 'peerip_v4');
    assert.equal(text.slice(peer!.v4!.node.start, peer!.v4!.node.end), '198.18.100.1');
    assert.equal(peer!.v6?.address?.family, 6);
    assert.equal(text.slice(peer!.v6!.node.start, peer!.v6!.node.end), '"fd50::192:18:100:1"');
    assert.equal(readVxlan(resource), readVxlan(resource), 'cached per resource');
  });

  test("the bf3 file's peers and local IPs", () => {
    const model = new FileModel(readFileSync(BF3_VXLAN, 'utf8'));
    const [red, blue] = model.documents.map((d) => readVxlan(d.analysis.resource!));
    assert.deepEqual(red!.peers.map((p) => [p.node, p.v4?.text, p.v6?.text]), [
      ['host-1', '198.18.100.1', 'fd50::192:18:100:1'],
      ['host-2', '198.18.100.2', 'fd50::192:18:100:2'],
      ['host-3', '198.18.100.3', 'fd50::192:18:100:3'],
    ]);
    assert.deepEqual(blue!.localIps.map((ip) => `${ip.replica}:${ip.text}`), ['1:192.168.20.201', '2:192.168.20.202', '3:192.168.20.203']);
    assert.deepEqual([red, blue].map((f) => f!.key?.value), [100, 200]);
  });

  test('readVlan gives the name and self-IP lists, no interfaces or tag', () => {
    const resource = resourceOf(vxlan().replace('  key: 100\n', '  key: 100\n  interfaces: ["1.1"]\n  tag: 5\n'));
    const fields = readVlan(resource);
    assert.equal(fields.name, 'red');
    assert.deepEqual(fields.selfIpLists.map((l) => [l.field.list, l.prefixLen?.value, l.items.map((i) => `${i.replica}:${i.text}`)]), [
      ['selfip_v4s', 24, ['1:198.18.100.201', '2:198.18.100.202']],
      ['selfip_v6s', 112, ['1:fd50::192:18:100:201', '2:fd50::192:18:100:202']],
    ]);
    assert.deepEqual(fields.interfaces, []);
    assert.equal(fields.tag, undefined);
  });

  test('a VXLAN without any name is "(unnamed VXLAN)"; templated fields are left out', () => {
    const resource = resourceOf(vxlan('  remote_nodes:\n    - {node_name: "{{ .Values.node }}", peerip_v4: 198.18.100.1}\n').replace('  name: red\n  namespace', '  namespace'));
    assert.equal(readVlan(resource).name, '(unnamed VXLAN)');
    const { peers, key, localIps } = readVxlan(resource);
    assert.deepEqual(peers.map((p) => [p.node, p.v4?.text]), [[undefined, '198.18.100.1']]);
    assert.equal(key, undefined);
    assert.deepEqual(localIps, []);
  });
});

describe('F5SPKVxlan hover and completion', () => {
  function hoverAt(marked: string): string | undefined {
    const { text, position } = withCursor(marked);
    return hover(new FileModel(text), position)?.markdown;
  }

  function completionsAt(marked: string): string[] {
    const { text, position } = withCursor(marked);
    return complete(new FileModel(text), text, position).map((e) => e.label);
  }

  test('on key: the VNI, its range and how sure', () => {
    assert.match(hoverAt(vxlan().replace('  key:', '  k|ey:'))!, /^\*\*key\*\* · integer · 1–16777215 · seen on clusters\n\nVXLAN Network Identifier \(VNI\)/);
  });

  test('on selfip_v4s: the schema description; on an item: the replica and its connected network', () => {
    assert.match(hoverAt(vxlan().replace('  selfip_v4s:', '  selfip|_v4s:'))!, /^\*\*selfip_v4s\*\* · list of string · documented by F5\n\nIPv4 self IP addresses of TMM on this VXLAN, one per TMM replica/);
    const item = hoverAt(vxlan().replace('198.18.100.202]', '198.18.100.2|02]'))!;
    assert.match(item, /self IP of TMM replica 2/);
    assert.match(item, /connected network/);
    assert.match(item, /`198\.18\.100\.0\/24`/);
  });

  test('on a remote node field: its description', () => {
    assert.match(hoverAt(vxlan().replace('      peerip_v4:', '      peer|ip_v4:'))!, /^\*\*peerip_v4\*\* · string · seen on clusters\n\nIPv4 address of the node's side of the VXLAN overlay/);
  });

  test('spec keys: remote_nodes, key, port and the rest', () => {
    const labels = completionsAt(vxlan('  |\n'));
    for (const want of ['remote_nodes', 'key', 'port', 'local_ips', 'selfip_v4s', 'prefixlen_v4', 'name']) assert.ok(labels.includes(want), `${want} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('interfaces') && !labels.includes('tag'), 'no VLAN-only fields');
    assert.deepEqual(completionsAt(vxlan('  name: red\n  key: 100\n  |\n')).slice(0, 2), ['port', 'mtu']);
  });

  test('keys inside a remote node, and the kind itself', () => {
    assert.deepEqual(completionsAt(vxlan('  remote_nodes:\n    - node_name: host-1\n      |\n')), ['node_ip', 'peer_mac', 'peerip_v4', 'peerip_v6']);
    assert.ok(completionsAt('kind: |').includes('F5SPKVxlan'));
  });
});
