// BNK 2.4 Infra (gateway.k8s.f5.com/v1alpha1): recognised by group and kind, checked by its schema and
// by its own document rules (CIDR destinations, host bits, next hops, references by name), with hover
// and completion from its schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { complete } from '../../server/src/core/features/completion.js';
import { hover } from '../../server/src/core/features/hover.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';
import { readInfra } from '../../server/src/core/resources/infraReaders.js';
import { codeLenses } from '../../server/src/core/features/codeLens.js';
import { describeHop, type Hop } from '../../server/src/core/routing/lookup.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { withCursor } from '../support/cursor.js';

/** `line:col-line:col severity code: message` (1-based) for exact assertions. */
function where(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
}

function diagnose(text: string): string[] {
  return new FileModel(text).diagnostics().map(where);
}

/** The golden file's shape, cut down: two range pools, two VLANs, two routes. */
export const INFRA = `apiVersion: gateway.k8s.f5.com/v1alpha1
kind: Infra
metadata:
  name: infra
  namespace: f5-cne-system
spec:
  egressDefaults:
    networkRef:
      name: int-vlan
    subnet: 192.168.0.0/16
  ipams:
  - name: ext-vlan-selfip
    ipPools:
    - availabilityZone: ap-southeast-2a
      rangeStart: 10.0.10.224
      rangeEnd: 10.0.10.254
  - name: int-vlan-selfip
    ipPools:
    - rangeStart: 10.0.20.224
      rangeEnd: 10.0.20.254
  networkAttachments:
  - name: ext-vlan-attach
    networkAttachmentDefinitions:
    - name: external-netdevice
  networks:
  - name: ext-vlan
    type: vlan
    vlan:
      ipamRefs:
      - name: ext-vlan-selfip
      networkAttachmentRef:
        name: ext-vlan-attach
      tag: 0
  - name: int-vlan
    type: vlan
    vlan:
      ipamRefs:
      - name: int-vlan-selfip
      mtu: 9000
      tag: 0
  staticRoutes:
  - destinations:
    - 10.0.0.0/16
    name: vpc
    nextHop: 10.0.20.1
  - destinations:
    - 0.0.0.0/0
    name: default
    nextHop: 10.0.10.1
`;

describe('Infra: recognition', () => {
  test('gateway.k8s.f5.com/v1alpha1 Infra is an SPK resource with the infra role; the real shape is clean', () => {
    const model = new FileModel(INFRA);
    const resource = model.documents[0]!.analysis.resource!;
    assert.deepEqual([resource.kind, resource.apiVersion, resource.role, resource.name, resource.namespace], ['Infra', 'gateway.k8s.f5.com/v1alpha1', 'infra', 'infra', 'f5-cne-system']);
    assert.deepEqual(model.diagnostics(), []);
    const fields = readInfra(resource);
    assert.deepEqual(fields.staticRoutes.map((r) => [r.name, r.destinations.map((d) => `${d.address?.text}/${d.prefixLen}`), r.nextHop?.address?.text]), [['vpc', ['10.0.0.0/16'], '10.0.20.1'], ['default', ['0.0.0.0/0'], '10.0.10.1']]);
    assert.deepEqual(fields.networks.map((n) => [n.name, n.type, n.ipamRefs.map((r) => r.name)]), [['ext-vlan', 'vlan', ['ext-vlan-selfip']], ['int-vlan', 'vlan', ['int-vlan-selfip']]]);
  });

  test('a kind called Infra of another group is not ours: not recognised, not diagnosed, even when broken', () => {
    for (const apiVersion of ['config.example.com/v1', 'v1', 'gateway.k8s.f5.com.evil/v1alpha1']) {
      const text = INFRA.replace('gateway.k8s.f5.com/v1alpha1', apiVersion).replace('0.0.0.0/0', '0.0.0.1/0') + 'x: yes\n';
      const model = new FileModel(text);
      assert.equal(model.documents[0]!.analysis.resource, undefined, apiVersion);
      assert.deepEqual(model.diagnostics(), [], apiVersion);
    }
    assert.deepEqual(diagnose('apiVersion: example.com/v1\nkind: Infra\nspec: [unclosed\n'), []);
  });

  test('Infra at an unknown version of its group is reported; the other gateway.k8s.f5.com kinds are not ours', () => {
    assert.deepEqual(diagnose(INFRA.replace('v1alpha1', 'v1')), ['1:13-1:34 error unknown-api-version: Infra is not known at apiVersion gateway.k8s.f5.com/v1; known: gateway.k8s.f5.com/v1alpha1']);
    for (const kind of ['GatewaySettings', 'EgressGateway', 'SecPolicy', 'NetPolicy']) {
      assert.deepEqual(diagnose(`apiVersion: gateway.k8s.f5.com/v1alpha1\nkind: ${kind}\nmetadata: {name: x}\nspec: {bogus: 1.2.3.4/40}\n`), [], kind);
    }
  });
});

describe('Infra: schema and document checks', () => {
  test('schema: unknown route fields, a missing destinations list at the item, a wrong type, an unknown network type', () => {
    const text = INFRA.replace('    name: vpc\n', '    name: vpc\n    nexthop: 10.0.20.1\n')
      .replace('  - destinations:\n    - 0.0.0.0/0\n', '  - destination: 0.0.0.0/0\n')
      .replace('      mtu: 9000', '      mtu: "9000"')
      .replace('    type: vlan\n    vlan:\n      ipamRefs:\n      - name: int', '    type: vlan2\n    vlan:\n      ipamRefs:\n      - name: int');
    assert.deepEqual(diagnose(text), [
      '35:11-35:16 error invalid-value: vlan2 is not a valid spec.networks[1].type (did you mean "vlan"?); expected one of: vlan, vxlan',
      '39:12-39:18 error wrong-type: spec.networks[1].vlan.mtu must be an integer, but "9000" is a string',
      '45:5-45:12 warning unknown-field: unknown field "nexthop" in spec.staticRoutes[0] of Infra (did you mean "nextHop"?); known fields: name, destinations, nextHop, networkRef',
      '47:5-47:16 error missing-field: spec.staticRoutes[1] of Infra is missing the required field "destinations" — The destination networks, each a CIDR string with its prefix length, e.g',
      '47:5-47:16 warning unknown-field: unknown field "destination" in spec.staticRoutes[1] of Infra (did you mean "destinations"?); known fields: name, destinations, nextHop, networkRef',
    ]);
  });

  test('unknown top-level spec fields and network details are allowed (F5 publishes no schema)', () => {
    assert.deepEqual(diagnose(INFRA.replace('spec:\n', 'spec:\n  vrfs: [{name: a}]\n').replace('      tag: 0\n  staticRoutes', '      tag: 0\n      selfIpMode: pool\n  staticRoutes')), []);
  });

  test('destinations: host bits (with a fix to the network CIDR), not a CIDR, a bare address; never "prefixLen"', () => {
    const text = INFRA.replace('    - 10.0.0.0/16\n', '    - 10.0.0.1/16\n    - 10.0.300.0/16\n    - 10.0.0.0/33\n    - 10.0.7.0\n');
    const model = new FileModel(text);
    const diagnostics = model.diagnostics();
    assert.deepEqual(diagnostics.map(where), [
      '43:7-43:18 warning destination-host-bits: 10.0.0.1/16 has host bits set; the network is 10.0.0.0/16 (inferred: a route\'s destination is a network)',
      '44:7-44:20 error invalid-cidr: destination: octet 300 in "10.0.300.0" is above 255',
      '45:7-45:18 error invalid-cidr: destination: "10.0.0.0/33": /33 is longer than 32 bits, the longest IPv4 prefix',
      '46:7-46:15 warning invalid-cidr: destination: "10.0.7.0" has no prefix length: write the network as a CIDR, e.g. 10.0.7.0/32 for this one address',
    ]);
    for (const d of diagnostics) assert.doesNotMatch(d.message, /prefixLen|split/);
    assert.deepEqual(diagnostics[0]!.fixes?.map((f) => [f.title, f.edits.map((e) => e.newText)]), [['Replace with the network 10.0.0.0/16', ['10.0.0.0/16']]]);
  });

  test('nextHop and pool ends must be addresses; a nextHop of the other family; a pool cidr must be a CIDR', () => {
    const text = INFRA.replace('nextHop: 10.0.20.1', 'nextHop: 10.0.20.1/24').replace('nextHop: 10.0.10.1', 'nextHop: "fd00::1"')
      .replace('rangeEnd: 10.0.10.254', 'rangeEnd: 10.0.10.256').replace('    - rangeStart: 10.0.20.224\n      rangeEnd: 10.0.20.254\n', '    - cidr: 10.0.20.0/24x\n');
    assert.deepEqual(diagnose(text), [
      '44:14-44:26 error invalid-address: nextHop "10.0.20.1/24" is a CIDR: nextHop is one address (10.0.20.1?), without a prefix length',
      '48:14-48:23 warning family-mismatch: nextHop fd00::1 is IPv6 but destination 0.0.0.0/0 is IPv4 (inferred: both must be of one family)',
      '16:17-16:28 error invalid-address: rangeEnd: octet 256 in "10.0.10.256" is above 255',
      '19:13-19:26 error invalid-cidr: cidr: "10.0.20.0/24x": "24x" after "/" is not a prefix length (0–32)',
    ]);
  });

  test('names that name nothing in the same Infra: networkRef, ipamRefs, networkAttachmentRef, egressDefaults', () => {
    const text = INFRA.replace('    nextHop: 10.0.10.1\n', '    networkRef: {name: ext}\n')
      .replace('      - name: int-vlan-selfip', '      - name: int-selfip')
      .replace('        name: ext-vlan-attach', '        name: ext-attach')
      .replace('      name: int-vlan\n    subnet', '      name: inside\n    subnet');
    assert.deepEqual(diagnose(text), [
      '49:24-49:27 warning infra-ref-unknown: route default\'s networkRef names network "ext", which Infra infra does not define (its networks: ext-vlan, int-vlan)',
      '32:15-32:25 warning infra-ref-unknown: network ext-vlan\'s networkAttachmentRef names network attachment "ext-attach", which Infra infra does not define (its network attachments: ext-vlan-attach)',
      '38:15-38:25 warning infra-ref-unknown: network int-vlan\'s ipamRefs names IPAM pool "int-selfip", which Infra infra does not define (its IPAM pools: ext-vlan-selfip, int-vlan-selfip)',
      '9:13-9:19 warning infra-ref-unknown: egressDefaults\' networkRef names network "inside", which Infra infra does not define (its networks: ext-vlan, int-vlan)',
    ]);
  });
});

describe('Infra: hover and completion', () => {
  const hoverAt = (marked: string) => {
    const { text, position } = withCursor(marked);
    return hover(new FileModel(text), position)?.markdown;
  };
  const completionsAt = (marked: string) => {
    const { text, position } = withCursor(marked);
    return complete(new FileModel(text), text, position).map((e) => e.label);
  };

  test('a destination CIDR: its prefix facts; a nextHop and a range end: the address facts', () => {
    const destination = hoverAt(INFRA.replace('    - 10.0.0.0/16', '    - 10.0.|0.0/16'))!;
    assert.match(destination, /destination: \*\*10\.0\.0\.0\/16\*\* · private network \(RFC 1918\)/);
    assert.ok(destination.includes('| Hosts/Net | 65,534 |'), destination);
    assert.match(hoverAt(INFRA.replace('    - 10.0.0.0/16', '    - 10.0.0.1|/16'))!, /the network is \*\*10\.0\.0\.0\/16\*\*/);
    assert.match(hoverAt(INFRA.replace('nextHop: 10.0.20.1', 'nextHop: 10.0.|20.1'))!, /next hop: \*\*10\.0\.20\.1\*\*/);
    assert.match(hoverAt(INFRA.replace('rangeEnd: 10.0.10.254', 'rangeEnd: 10.0.10.|254'))!, /last address of an IPAM pool: \*\*10\.0\.10\.254\*\*/);
  });

  test('keys: the schema\'s description, "seen in third-party manifests"', () => {
    const markdown = hoverAt(INFRA.replace('  staticRoutes:', '  static|Routes:'))!;
    assert.match(markdown, /^\*\*staticRoutes\*\* · list of map · seen in third-party manifests\n\nStatic routes of TMM\. Unlike F5SPKStaticRoute, `destinations` is a list of CIDR strings/);
    assert.match(hoverAt(INFRA.replace('    type: vlan\n    vlan:\n      ipamRefs:\n      - name: ext', '    ty|pe: vlan\n    vlan:\n      ipamRefs:\n      - name: ext'))!, /Values: `vlan`, `vxlan`/);
  });

  test('completion: route fields in a staticRoutes item, network types, spec fields', () => {
    assert.deepEqual(completionsAt(INFRA.replace('    nextHop: 10.0.10.1\n', '    nextHop: 10.0.10.1\n    |\n')).sort(), ['networkRef']);
    assert.deepEqual(completionsAt(INFRA.replace('    type: vlan\n    vlan:\n      ipamRefs:\n      - name: ext', '    type: |\n    vlan:\n      ipamRefs:\n      - name: ext')), ['vlan', 'vxlan']);
    assert.deepEqual(completionsAt(INFRA.replace('  staticRoutes:', '  |\n  staticRoutes:')).sort(), []);
  });
});

describe('Infra: its own route table', () => {
  const ws = (...texts: string[]) => {
    const workspace = new Workspace();
    texts.forEach((t, i) => workspace.setFile(`file:///w/f${i}.yaml`, t));
    return workspace;
  };
  const answer = (hop: Hop) => `${hop.namespace}/${hop.infra ?? '-'} ${describeHop(hop)}`;

  test('8.8.8.8 → 10.0.10.1 on ext-vlan, 10.0.5.5 → 10.0.20.1 on int-vlan (FINDINGS §3.2); range pools inferred /24', () => {
    const workspace = ws(INFRA);
    assert.deepEqual(workspace.simulateAll(['8.8.8.8', '10.0.5.5', '10.0.20.9']).map(answer), [
      "f5-cne-system/infra 8.8.8.8: → 10.0.10.1 on ext-vlan via f5-cne-system/infra route default (0.0.0.0/0), source a self IP from the network's IPAM pool (assigned at run time)",
      "f5-cne-system/infra 10.0.5.5: → 10.0.20.1 on int-vlan via f5-cne-system/infra route vpc (10.0.0.0/16), source a self IP from the network's IPAM pool (assigned at run time)",
      "f5-cne-system/infra 10.0.20.9: connected on int-vlan via f5-cne-system/infra (10.0.20.0/24 inferred from range 10.0.20.224–10.0.20.254 of pool int-vlan-selfip), source a self IP from the network's IPAM pool (assigned at run time)",
    ]);
    const [hop] = workspace.simulate('8.8.8.8');
    assert.deepEqual([hop!.sourceAddresses, hop!.route!.line, hop!.route!.routeName], [[null], 46, 'default']);
    assert.deepEqual(workspace.diagnostics('file:///w/f0.yaml'), []);
  });

  test('a cidr pool is exactly its network; a one-address pool is the self IP; a networkRef route leaves on its network', () => {
    const text = INFRA.replace('    - rangeStart: 10.0.20.224\n      rangeEnd: 10.0.20.254\n', '    - cidr: 10.0.16.0/20\n')
      .replace('rangeStart: 10.0.10.224', 'rangeStart: 10.0.10.240').replace('rangeEnd: 10.0.10.254', 'rangeEnd: 10.0.10.240')
      .replace('    nextHop: 10.0.20.1\n', '    networkRef:\n      name: int-vlan\n');
    const workspace = ws(text);
    assert.deepEqual(workspace.simulateAll(['10.0.31.1', '10.0.5.5', '8.8.8.8']).map(answer), [
      "f5-cne-system/infra 10.0.31.1: connected on int-vlan via f5-cne-system/infra (10.0.16.0/20), source a self IP from the network's IPAM pool (assigned at run time)",
      "f5-cne-system/infra 10.0.5.5: → 10.0.5.5 on int-vlan via f5-cne-system/infra route vpc (10.0.0.0/16), source a self IP from the network's IPAM pool (assigned at run time)",
      'f5-cne-system/infra 8.8.8.8: → 10.0.10.1 on ext-vlan via f5-cne-system/infra route default (0.0.0.0/0), source 10.0.10.240',
    ]);
    assert.deepEqual(codeLenses(workspace, 'file:///w/f0.yaml').map((l) => `${l.line + 1} ${l.title}`), [
      '1 connected: ext-vlan 10.0.10.0/24 inferred from range 10.0.10.240 of pool ext-vlan-selfip (self IP 10.0.10.240) · int-vlan 10.0.16.0/20',
      '41 → out of int-vlan to the destination itself (an interface route, inferred)',
      '46 → 10.0.10.1 on ext-vlan (source 10.0.10.240)',
    ]);
  });

  test('never merged with the F5SPK table of its namespace; --namespace-like selection gives both', () => {
    const vlan = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v, namespace: f5-cne-system}\nspec: {name: old, selfip_v4s: [10.0.10.5], prefixlen_v4: 24}\n';
    const route = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: f5-cne-system}\nspec: {destination: 0.0.0.0, prefixLen: 0, gateway: 10.0.10.99, type: gateway}\n';
    const workspace = ws(INFRA, vlan, route);
    assert.deepEqual(workspace.tables().map((t) => [t.namespace, t.infra ?? null, t.entries.length]), [['f5-cne-system', null, 2], ['f5-cne-system', 'infra', 4]]);
    assert.deepEqual(workspace.simulate('8.8.8.8', 'f5-cne-system').map((h) => [h.infra ?? null, h.nextHop, h.vlan]), [[null, '10.0.10.99', 'old'], ['infra', '10.0.10.1', 'ext-vlan']]);
  });

  test('a nextHop on no network of the Infra: a warning saying how the range networks were inferred', () => {
    const workspace = ws(INFRA.replace('nextHop: 10.0.20.1', 'nextHop: 10.0.30.1'));
    assert.deepEqual(workspace.diagnostics('file:///w/f0.yaml').map(where), [
      "45:14-45:23 warning gateway-unreachable: nextHop 10.0.30.1 is on no network of Infra infra (ext-vlan: 10.0.10.0/24 inferred from range 10.0.10.224–10.0.10.254 of pool ext-vlan-selfip; int-vlan: 10.0.20.0/24 inferred from range 10.0.20.224–10.0.20.254 of pool int-vlan-selfip); TMM reaches a next hop over a connected network (inferred; a range pool's prefix length is stated nowhere, so its network is taken as the /24 (IPv4) or /64 (IPv6) holding the range)",
    ]);
  });
});
