// The simulator against a plain reference: random VLANs and routes are written as YAML CRs, read back
// through the whole pipeline, and every lookup is compared with a linear scan over the same routes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { networkAddress, parseIp, type IpAddress } from '../../server/src/core/net/index.js';
import { codeLenses } from '../../server/src/core/features/codeLens.js';
import { describeHop } from '../../server/src/core/routing/lookup.js';
import { routeRows } from '../../server/src/core/routing/routeRows.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { address, lengths, mask, text, vlanLengths, yamlOf, type GenRoute, type GenVlan } from '../support/routeScenarios.js';

const scenario = fc.constantFrom<4 | 6>(4, 6).chain((family) =>
  fc.record({
    family: fc.constant(family),
    vlans: fc.array(fc.record({ selfIps: fc.array(address(family), { minLength: 1, maxLength: 3 }), len: vlanLengths(family) }), { maxLength: 3 }),
    routes: fc.array(fc.record({ dest: address(family), len: lengths(family), gateway: address(family) }), { maxLength: 12 }),
    probes: fc.array(address(family), { minLength: 1, maxLength: 20 }),
  }),
);

/**
 * The reference, for one TMM replica: its connected networks are its own self IP of each VLAN (R8);
 * every route in a list, the longest match by a linear scan; for one prefix a connected route, then
 * the first usable static (its gateway on one of the replica's networks, or link-local over the pod
 * interface), then the first written.
 */
function reference(family: 4 | 6, vlans: GenVlan[], routes: GenRoute[], probe: bigint, replica: number) {
  type Entry = { net: bigint; len: number; connected?: GenVlan; route?: GenRoute; order: number };
  const connected: Entry[] = [];
  let order = 0;
  for (const v of vlans) {
    const ip = v.selfIps[replica - 1];
    if (ip !== undefined) connected.push({ net: mask(ip, v.len, family), len: v.len, connected: v, order: order++ });
  }
  const viaOf = (gateway: bigint) => connected.filter((e) => mask(gateway, e.len, family) === e.net).sort((a, b) => b.len - a.len || a.order - b.order)[0];
  const pod = (gateway: bigint) => family === 4 && mask(gateway, 16, 4) === 0xa9fe0000n;
  const statics: Entry[] = routes.map((r) => ({ net: mask(r.dest, r.len, family), len: r.len, route: r, order: order++ }));
  const rank = (e: Entry) => (e.connected ? 0 : viaOf(e.route!.gateway) || pod(e.route!.gateway) ? 1 : 2);
  const matches = [...connected, ...statics].filter((e) => mask(probe, e.len, family) === e.net);
  matches.sort((a, b) => b.len - a.len || rank(a) - rank(b) || a.order - b.order);
  const best = matches[0];
  if (!best) return { outcome: 'no-route', nextHop: null, vlan: null, interface: null };
  if (best.connected) return { outcome: 'connected', nextHop: text(probe, family), vlan: best.connected.name, interface: 'vlan' };
  const gateway = best.route!.gateway;
  const via = viaOf(gateway);
  if (via) return { outcome: 'forwarded', nextHop: text(gateway, family), vlan: via.connected!.name, interface: 'vlan' };
  if (pod(gateway)) return { outcome: 'forwarded', nextHop: text(gateway, family), vlan: null, interface: 'pod' };
  return { outcome: 'unresolved', nextHop: text(gateway, family), vlan: null, interface: null };
}

describe('simulator against a reference implementation', () => {
  test('per replica: longest prefix wins; connected, then a usable static, on a tie; gateways resolve over the replica\'s networks or the pod interface', () => {
    fc.assert(
      fc.property(scenario, ({ family, vlans, routes, probes }) => {
        const namedVlans: GenVlan[] = vlans.map((v, i) => ({ ...v, family, name: `vlan-${i}` }));
        const namedRoutes: GenRoute[] = routes.map((r, i) => ({ ...r, family, name: `route-${i}` }));
        const replicas = Math.max(1, ...namedVlans.map((v) => v.selfIps.length));
        const workspace = new Workspace();
        workspace.setFile('file:///t/routes.yaml', yamlOf(family, namedVlans, namedRoutes));
        // Every probe, every route's own network and every gateway are looked up.
        const targets = [...probes, ...routes.map((r) => r.dest), ...routes.map((r) => r.gateway)];
        for (const probe of targets) {
          const hops = workspace.simulate(text(probe, family), 'ns');
          // Every replica is answered exactly once; replicas that answer alike share a hop.
          assert.deepEqual(hops.flatMap((h) => h.replicas).sort((a, b) => a - b), Array.from({ length: replicas }, (_, i) => i + 1));
          for (let replica = 1; replica <= replicas; replica++) {
            const hop = hops.find((h) => h.replicas.includes(replica))!;
            const expected = reference(family, namedVlans, namedRoutes, probe, replica);
            assert.deepEqual({ outcome: hop.outcome, nextHop: hop.nextHop, vlan: hop.vlan, interface: hop.interface }, expected, `probe ${text(probe, family)}, replica ${replica}`);
          }
          const answers = hops.map((h) => JSON.stringify([h.outcome, h.nextHop, h.vlan, h.interface, h.route?.name]));
          assert.equal(new Set(answers).size, answers.length, 'hops with the same answer are one hop');
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});

describe('lookups on the seed scenario', () => {
  const workspace = new Workspace();
  workspace.setFile('file:///w/vlans.yaml', `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16, selfip_v6s: ["2001:db8:10::10", "2001:db8:10::11"], prefixlen_v6: 64}
`);
  workspace.setFile('file:///w/routes.yaml', `apiVersion: k8s.f5net.com/v1
kind: IngressRouteStaticRoute
metadata: {name: default, namespace: event1}
spec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: 10.10.0.1}
---
apiVersion: k8s.f5net.com/v1
kind: IngressRouteStaticRoute
metadata: {name: seed, namespace: event1}
spec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: 10.10.255.252}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: host, namespace: event1}
spec: {destination: 10.20.3.4, prefixLen: 32, type: gateway, gateway: 10.10.0.2}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: v6-host, namespace: event1}
spec: {destination: "2001:db8:99::1", prefixLen: 128, type: gateway, gateway: "2001:db8:10::1"}
`);

  test('the seed route: 10.20.0.0/16 via 10.10.255.252 on external, SNAT from the self IPs', () => {
    assert.deepEqual(workspace.simulate('10.20.9.9', 'event1'), [{
      destination: '10.20.9.9', namespace: 'event1', replicas: [1, 2], replicaCount: 2, outcome: 'forwarded',
      route: { kind: 'IngressRouteStaticRoute', name: 'seed', namespace: 'event1', file: 'file:///w/routes.yaml', line: 6, destination: '10.20.0.0', prefixLen: 16 },
      nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan',
      source: 'self-ip', sourceAddresses: ['10.10.0.10', '10.10.0.11'], sourceCandidates: [['10.10.0.10'], ['10.10.0.11']],
    }]);
  });

  test('a host route beats the /16; the default route takes the rest; connected is direct', () => {
    assert.equal(workspace.simulate('10.20.3.4', 'event1')[0]!.nextHop, '10.10.0.2');
    assert.equal(workspace.simulate('8.8.8.8', 'event1')[0]!.route!.name, 'default');
    const connected = workspace.simulate('10.10.200.1', 'event1')[0]!;
    assert.deepEqual([connected.outcome, connected.nextHop, connected.route!.kind, connected.route!.prefixLen], ['connected', '10.10.200.1', 'F5SPKVlan', 16]);
  });

  test('IPv6: a /128 host route, and no route without an IPv6 default', () => {
    const hop = workspace.simulate('2001:db8:99::1', 'event1')[0]!;
    assert.deepEqual([hop.outcome, hop.nextHop, hop.vlan, hop.sourceAddresses], ['forwarded', '2001:db8:10::1', 'external', ['2001:db8:10::10', '2001:db8:10::11']]);
    assert.deepEqual(workspace.simulate('2001:db8:99::2', 'event1')[0]!.outcome, 'no-route');
  });

  test('an unknown namespace has no routes, and a bad address is refused with its reason', () => {
    assert.equal(workspace.simulate('10.20.9.9', 'other')[0]!.outcome, 'no-route');
    assert.throws(() => workspace.simulate('10.20.9.300'), /octet 300 in "10\.20\.9\.300" is above 255/);
  });
});

describe('route checks across files', () => {
  const vlan = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10], prefixlen_v4: 16}
`;
  const route = (name: string, dest: string, len: number, gateway: string) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: ${name}, namespace: event1}
spec: {destination: ${dest}, prefixLen: ${len}, type: gateway, gateway: ${gateway}}
`;
  const codes = (workspace: Workspace, uri: string) =>
    workspace.diagnostics(uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);

  test('duplicates: a warning when the gateways differ on one replica, a hint when identical, each pointing at the other', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/vlan.yaml', vlan);
    ws.setFile('file:///w/a.yaml', route('a', '10.20.0.0', 16, '10.10.0.1'));
    ws.setFile('file:///w/b.yaml', `${route('b', '10.20.0.0', 16, '10.10.0.2')}---\n${route('c', '10.30.0.0', 16, '10.10.0.1')}---\n${route('d', '10.30.0.0', 16, '10.10.0.1')}`);
    assert.deepEqual(codes(ws, 'file:///w/a.yaml'), ['4:21 warning duplicate-route']);
    assert.deepEqual(codes(ws, 'file:///w/b.yaml'), ['4:21 warning duplicate-route', '9:21 hint duplicate-route', '14:21 hint duplicate-route']);
    const [a] = ws.diagnostics('file:///w/a.yaml');
    assert.match(a!.message, /route 10\.20\.0\.0\/16 via 10\.10\.0\.1 in namespace event1 conflicts with event1\/b at b\.yaml:1 via 10\.10\.0\.2/);
    assert.deepEqual(a!.related, [{ uri: 'file:///w/b.yaml', range: { start: { line: 3, character: 20 }, end: { line: 3, character: 29 } }, message: 'also 10.20.0.0/16 via 10.10.0.2' }]);
  });

  test('a gateway off every connected network, listing them; fixed by a VLAN in another file', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/vlan.yaml', vlan);
    ws.setFile('file:///w/r.yaml', route('r', '10.20.0.0', 16, '10.9.0.1'));
    const [d] = ws.diagnostics('file:///w/r.yaml');
    assert.equal(d!.code, 'gateway-unreachable');
    assert.match(d!.message, /gateway 10\.9\.0\.1 is in no VLAN subnet of namespace event1 \(connected: 10\.10\.0\.0\/16 on external\)/);
    ws.setFile('file:///w/vlan2.yaml', vlan.replace(/external/g, 'internal').replace('10.10.0.10], prefixlen_v4: 16', '10.9.0.10], prefixlen_v4: 24'));
    assert.deepEqual(ws.diagnostics('file:///w/r.yaml'), []);
  });

  test('a gateway that is the broadcast or network address of its connected network: a warning pointing at the VLAN', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/vlan.yaml', vlan);
    ws.setFile('file:///w/r.yaml', `${route('bcast', '10.20.0.0', 16, '10.10.255.255')}---\n${route('net', '10.30.0.0', 16, '10.10.0.0')}---\n${route('host', '10.40.0.0', 16, '10.10.255.254')}`);
    const found = ws.diagnostics('file:///w/r.yaml');
    assert.deepEqual(found.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`), ['4:71 warning gateway-not-a-host', '9:71 warning gateway-not-a-host']);
    assert.equal(found[0]!.message, 'gateway 10.10.255.255 is the broadcast address of 10.10.0.0/16 on external: no router has that address (inferred)');
    assert.equal(found[1]!.message, 'gateway 10.10.0.0 is the network address of 10.10.0.0/16 on external: no router has that address (inferred)');
    assert.deepEqual(found[0]!.related!.map((r) => [r.uri, r.message]), [['file:///w/vlan.yaml', 'connected network 10.10.0.0/16 on external']]);
  });

  test('no gateway check without VLANs in the namespace', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/r.yaml', route('r', '10.20.0.0', 16, '10.9.0.1'));
    assert.deepEqual(ws.diagnostics('file:///w/r.yaml'), []);
  });

  test("a gateway that is TMM's own self IP; a static route equal to a connected network; a redundant more-specific route", () => {
    const ws = new Workspace();
    ws.setFile('file:///w/vlan.yaml', vlan);
    ws.setFile('file:///w/r.yaml', [
      route('self', '10.20.0.0', 16, '10.10.0.10'),
      route('same', '10.10.0.0', 16, '10.10.0.1'),
      route('wide', '10.40.0.0', 16, '10.10.0.1'),
      route('narrow', '10.40.7.0', 24, '10.10.0.1'),
      route('other', '10.40.8.0', 24, '10.10.0.2'),
    ].join('---\n'));
    assert.deepEqual(codes(ws, 'file:///w/r.yaml'), ['4:71 error gateway-is-self-ip', '9:21 warning static-equals-connected', '19:21 hint redundant-route']);
  });

  test('a gateway inside its own destination: a warning without VLANs, part of gateway-unreachable with them, nothing when a VLAN holds it', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/r.yaml', `${route('loop', '10.20.0.0', 16, '10.20.0.1')}---\n${route('default', '0.0.0.0', 0, '10.146.10.1')}`);
    const [d] = ws.diagnostics('file:///w/r.yaml');
    assert.deepEqual(codes(ws, 'file:///w/r.yaml'), ['4:71 warning gateway-in-destination']);
    assert.match(d!.message, /gateway 10\.20\.0\.1 lies inside this route's own destination 10\.20\.0\.0\/16/);
    ws.setFile('file:///w/vlan.yaml', vlan);
    assert.deepEqual(codes(ws, 'file:///w/r.yaml'), ['4:71 warning gateway-unreachable', '9:68 warning gateway-unreachable']);
    assert.match(ws.diagnostics('file:///w/r.yaml')[0]!.message, /it also lies inside this route's own destination 10\.20\.0\.0\/16/);
    ws.setFile('file:///w/wide.yaml', `${route('wide', '10.0.0.0', 8, '10.10.0.1')}`);
    assert.deepEqual(codes(ws, 'file:///w/wide.yaml'), [], '10.0.0.0/8 via a gateway on the connected 10.10.0.0/16 is fine');
  });

  test('namespaces are separate tables; resources without one fall in the default namespace', () => {
    const ws = new Workspace('spk');
    ws.setFile('file:///w/a.yaml', route('a', '10.20.0.0', 16, '10.10.0.1'));
    ws.setFile('file:///w/b.yaml', route('b', '10.20.0.0', 16, '10.10.0.2').replace('namespace: event1', 'namespace: other'));
    ws.setFile('file:///w/c.yaml', route('c', '10.20.0.0', 16, '10.10.0.3').replace(', namespace: event1', ''));
    assert.deepEqual(ws.namespaces(), ['event1', 'other', 'spk']);
    assert.deepEqual(ws.diagnostics('file:///w/a.yaml'), []);
    assert.equal(ws.simulate('10.20.1.1', 'spk')[0]!.nextHop, '10.10.0.3');
  });

  test('setFile and removeFile return the files whose diagnostics the change may touch', () => {
    const ws = new Workspace();
    assert.deepEqual(ws.setFile('file:///w/a.yaml', route('a', '10.20.0.0', 16, '10.10.0.1')), ['file:///w/a.yaml']);
    assert.deepEqual(ws.setFile('file:///w/b.yaml', route('b', '10.20.0.0', 16, '10.10.0.2')).sort(), ['file:///w/a.yaml', 'file:///w/b.yaml']);
    assert.deepEqual(ws.setFile('file:///w/c.yaml', route('c', '10.30.0.0', 16, '10.10.0.3').replace('namespace: event1', 'namespace: other')), ['file:///w/c.yaml']);
    // b moves to namespace other: event1 (before) and other (after) are both touched.
    assert.deepEqual(ws.setFile('file:///w/b.yaml', route('b', '10.20.0.0', 16, '10.10.0.2').replace('namespace: event1', 'namespace: other')).sort(), ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/c.yaml']);
    assert.deepEqual(ws.removeFile('file:///w/c.yaml').sort(), ['file:///w/b.yaml', 'file:///w/c.yaml']);
    assert.deepEqual(ws.setFile('file:///w/notes.yaml', 'just: text\n'), ['file:///w/notes.yaml']);
  });
});

// Keeps the helpers honest: the reference's masking agrees with the address module.
test('reference masking agrees with networkAddress', () => {
  const ip = parseIp('10.20.3.4');
  assert.ok(ip.ok);
  assert.equal(mask((ip as { address: IpAddress }).address.value, 16, 4), networkAddress((ip as { address: IpAddress }).address, 16).value);
});

test('the routes-only Workspace (the CLI simulate and table) gives the same tables and answers as the full one', () => {
  const route = (name: string, dest: string, len: number, gateway: string) =>
    `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${name}, namespace: event1}\nspec: {destination: ${dest}, prefixLen: ${len}, type: gateway, gateway: ${gateway}}\n`;
  const texts = [
    ['file:///w/vlan.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: external, namespace: event1}\nspec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16}\n'],
    ['file:///w/routes.yaml', `${route('a', '10.20.0.0', 16, '10.10.255.252')}---\n${route('b', '0.0.0.0', 0, '10.10.0.1')}---\n${route('c', '10.20.3.0', 24, '10.9.0.1')}`],
  ] as const;
  const full = new Workspace();
  const routesOnly = new Workspace(undefined, { checks: false });
  for (const [uri, text] of texts) {
    full.setFile(uri, text);
    routesOnly.setFile(uri, text);
  }
  assert.deepEqual(routesOnly.namespaces(), full.namespaces());
  assert.deepEqual(routeRows(routesOnly.table('event1')), routeRows(full.table('event1')));
  assert.equal(routeRows(full.table('event1')).length, 4);
  for (const destination of ['10.20.3.4', '10.20.200.1', '8.8.8.8', '10.10.0.99']) assert.deepEqual(routesOnly.simulate(destination), full.simulate(destination));
  assert.deepEqual(routesOnly.diagnostics('file:///w/routes.yaml'), [], 'no diagnostics are made');
  assert.ok(full.diagnostics('file:///w/routes.yaml').length > 0, 'the full one has some (c\'s gateway is unreachable)');
});

describe('VLANs of one namespace', () => {
  const vlan = (name: string, spec: string) => `apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: ${name}, namespace: f5-spk}\nspec: {name: ${name}, ${spec}}\n`;
  const findings = (ws: Workspace, uri: string) => ws.diagnostics(uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message} | ${d.related?.map((r) => `${r.uri}:${r.range.start.line + 1}`).join(', ') ?? ''}`);

  test('two untagged VLANs on one interface, and a tag used twice: warnings on the second, pointing at the first', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/a.yaml', `${vlan('ext-a', 'interfaces: ["1.1"]')}---\n${vlan('int', 'interfaces: ["1.2"], tag: 200')}`);
    ws.setFile('file:///w/b.yaml', `${vlan('ext-b', 'interfaces: ["1.1"], tag: 0')}---\n${vlan('storage', 'interfaces: ["1.3"], tag: 200')}---\n${vlan('ok', 'interfaces: ["1.1"], tag: 300')}`);
    assert.deepEqual(findings(ws, 'file:///w/a.yaml'), []);
    assert.deepEqual(findings(ws, 'file:///w/b.yaml'), [
      '4:34 warning untagged-vlan-twice: VLAN ext-b is the second untagged VLAN on interface 1.1 in namespace f5-spk (VLAN ext-a is the first): F5 allows one untagged VLAN per interface; give one of them a tag, or another interface | file:///w/a.yaml:4',
      '9:49 warning vlan-tag-twice: tag 200 of VLAN storage is already the tag of VLAN int in namespace f5-spk: F5 asks for VLAN tags unique across all interfaces | file:///w/a.yaml:9',
    ]);
  });

  test('the same VLAN written twice (a copy, an older version) is no conflict', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/vlans.yaml', vlan('external', 'interfaces: ["1.1"], tag: 210'));
    ws.setFile('file:///w/vlans.old.yaml', vlan('external', 'interfaces: ["1.1"], tag: 210'));
    ws.setFile('file:///w/internal.yaml', `${vlan('internal', 'interfaces: ["1.1"]')}---\n${vlan('internal', 'interfaces: ["1.1"]')}`);
    for (const uri of ws.uris()) assert.deepEqual(findings(ws, uri), [], uri);
  });
});

describe('per-replica TMMs (R8, R9), the pod interface (R10)', () => {
  // The multi-zone layout of a BNK 2.3 install tool: one self IP per zone subnet, one route per zone.
  const multiZone = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: f5-bnk}
spec:
  name: external
  interfaces: ["1.1"]
  selfip_v4s: [10.155.15.101, 10.156.16.101, 10.157.17.101]
  prefixlen_v4: 24
${[1, 2, 3].map((zone) => `---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: client-zone${zone}, namespace: f5-bnk}
spec: {destination: 10.200.0.0, prefixLen: 16, type: gateway, gateway: 10.${154 + zone}.${14 + zone}.1}
`).join('')}`;

  test('each replica forwards via its own zone gateway; replicas that differ get one hop each', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/zones.yaml', multiZone);
    const hops = ws.simulate('10.200.3.4', 'f5-bnk');
    assert.deepEqual(hops.map((h) => [h.replicas, h.outcome, h.nextHop, h.vlan, h.route!.name, h.sourceAddresses]), [
      [[1], 'forwarded', '10.155.15.1', 'external', 'client-zone1', ['10.155.15.101']],
      [[2], 'forwarded', '10.156.16.1', 'external', 'client-zone2', ['10.156.16.101']],
      [[3], 'forwarded', '10.157.17.1', 'external', 'client-zone3', ['10.157.17.101']],
    ]);
    // Zone 2's subnet is connected on replica 2 only.
    assert.deepEqual(ws.simulate('10.156.16.7', 'f5-bnk').map((h) => [h.replicas, h.outcome]), [[[1, 3], 'no-route'], [[2], 'connected']]);
  });

  test('per-zone routes are no duplicates and per-zone self IPs no subnet mismatch; the CodeLens names each replica', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/zones.yaml', multiZone);
    assert.deepEqual(ws.diagnostics('file:///w/zones.yaml'), []);
    const lenses = codeLenses(ws, 'file:///w/zones.yaml');
    assert.deepEqual(lenses.map((l) => l.title), [
      'connected: 10.155.15.0/24 (self IP 10.155.15.101) · 10.156.16.0/24 (self IP 10.156.16.101) · 10.157.17.0/24 (self IP 10.157.17.101)',
      '→ 10.155.15.1 (TMM 1) · 10.156.16.1 (TMM 2) · 10.157.17.1 (TMM 3)',
      '→ 10.155.15.1 (TMM 1) · 10.156.16.1 (TMM 2) · 10.157.17.1 (TMM 3)',
      '→ 10.155.15.1 (TMM 1) · 10.156.16.1 (TMM 2) · 10.157.17.1 (TMM 3)',
    ]);
    const rows = routeRows(ws.table('f5-bnk')).filter((r) => r.type === 'static');
    assert.deepEqual(rows.map((r) => [r.route.name, r.replicas, r.vlan, r.sourceAddresses]), [
      ['client-zone1', [1], 'external', ['10.155.15.101']],
      ['client-zone2', [2], 'external', ['10.156.16.101']],
      ['client-zone3', [3], 'external', ['10.157.17.101']],
    ]);
  });

  test('two routes of one prefix usable on the same replica with different gateways conflict there', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/zones.yaml', `${multiZone}---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: stray, namespace: f5-bnk}
spec: {destination: 10.200.0.0, prefixLen: 16, type: gateway, gateway: 10.156.16.254}
`);
    const found = ws.diagnostics('file:///w/zones.yaml').map((d) => `${d.range.start.line + 1} ${d.severity} ${d.code}`);
    // Zone 2's route and the stray one, both usable on replica 2 only; zones 1 and 3 are untouched.
    assert.deepEqual(found, ['18 warning duplicate-route', '28 warning duplicate-route']);
    assert.equal(ws.diagnostics('file:///w/zones.yaml')[0]!.message, 'route 10.200.0.0/16 via 10.156.16.1 in namespace f5-bnk conflicts with f5-bnk/stray at zones.yaml:25 via 10.156.16.254 on TMM replica 2: both can carry this prefix there and TMM keeps only one of them (inferred)');
  });

  test("a link-local gateway is reached over the pod interface (Calico's 169.254.1.1), not unreachable", () => {
    const ws = new Workspace('f5-bnk');
    ws.setFile('file:///w/vlan.yaml', `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: internal-vlan}
spec: {name: internal-vlan, selfip_v4s: [10.1.20.201, 10.1.20.202, 10.1.20.203], prefixlen_v4: 24}
`);
    ws.setFile('file:///w/calico.yaml', `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: calico-static-route}
spec: {destination: 169.254.25.10, prefixLen: 32, type: gateway, gateway: 169.254.1.1}
`);
    assert.deepEqual(ws.diagnostics('file:///w/calico.yaml'), []);
    const [hop, ...rest] = ws.simulate('169.254.25.10', 'f5-bnk');
    assert.deepEqual(rest, []);
    assert.deepEqual([hop!.replicas, hop!.outcome, hop!.nextHop, hop!.vlan, hop!.interface, hop!.sourceAddresses], [[1, 2, 3], 'forwarded', '169.254.1.1', null, 'pod', [null, null, null]]);
    assert.equal(describeHop(hop!), "169.254.25.10: → 169.254.1.1 over the pod interface (a link-local gateway, inferred) via f5-bnk/calico-static-route (169.254.25.10/32), source TMM's pod address");
    assert.deepEqual(codeLenses(ws, 'file:///w/calico.yaml').map((l) => l.title), ["→ 169.254.1.1 over the pod interface (source TMM's pod address)"]);
  });

  test('no CR route: the answer says that dynamic routing or the pod interface may still carry it', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/zones.yaml', multiZone);
    const [hop] = ws.simulate('8.8.8.8', 'f5-bnk');
    assert.equal(describeHop(hop!), '8.8.8.8: no static or connected route matches; TMM may still forward it by dynamic routing (BGP) or its pod interface');
  });
});
