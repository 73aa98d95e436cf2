// The namespace-level checks of issue 10 item 4 as pure functions over placed resources: the same
// VLAN name twice and the same self IP on two VLANs (checkVlanSet), SNAT pools against the TMM
// replicas, what egresses name, and VXLAN keys (checkEgressSet). Exact ranges, messages and related
// locations; copies and versions of one resource are no conflict; templated values are never
// diagnosed; and on the real corpus, per repository, exactly the known true findings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkEgressSet, vlanFactsOf, type EgressSetInput } from '../../server/src/core/diagnostics/egressSetChecks.js';
import type { PlacedDiagnostic } from '../../server/src/core/diagnostics/tableChecks.js';
import { checkVlanSet, type Placement } from '../../server/src/core/diagnostics/vlanSetChecks.js';
import { readEgress, readSnatpool, readTmmName } from '../../server/src/core/resources/egressReaders.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { isTemplated } from '../../server/src/core/yaml/templates.js';

/** The SPK resources of a file, placed as the workspace places them. */
function placements(uri: string, text: string): Placement[] {
  return new FileModel(text).documents.flatMap((doc) => (doc.analysis.resource ? [{ uri, line: doc.line, text: doc.analysis.text, resource: doc.analysis.resource }] : []));
}

function files(...entries: [string, string][]): Placement[] {
  return entries.flatMap(([uri, text]) => placements(uri, text));
}

/** `uri line:col-line:col code: message | related uri line:col message` (1-based). */
function show({ uri, diagnostic: d }: PlacedDiagnostic): string {
  const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
  const related = d.related?.map((r) => ` | ${r.uri} ${at(r.range)} ${r.message}`).join('') ?? '';
  assert.equal(d.severity, 'warning', d.code);
  return `${uri} ${at(d.range)} ${d.code}: ${d.message}${related}`;
}

const byRole = (all: readonly Placement[], ...roles: string[]) => all.filter((p) => roles.includes(p.resource.role as string));

function egressChecks(all: readonly Placement[], namespace = 'ns'): string[] {
  const facts = vlanFactsOf(byRole(all, 'vlan', 'vxlan'));
  const input: EgressSetInput = { namespace, ...facts, egresses: byRole(all, 'egress'), snatpools: byRole(all, 'snatpool') };
  return checkEgressSet(input).map(show);
}

const vlanChecks = (all: readonly Placement[], namespace = 'ns') => checkVlanSet(byRole(all, 'vlan', 'vxlan'), namespace).map(show);

const vlan = (metadataName: string, spec: string) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: ${metadataName}}
spec:
${spec}`;

describe('the same VLAN name twice, the same self IP on two VLANs', () => {
  test('one spec.name defined differently by two resources: a warning on the second name, pointing at the first', () => {
    const all = files(
      ['file:///w/a.yaml', vlan('ext', '  name: external\n  interfaces: ["1.1"]\n  tag: 10\n  selfip_v4s: [10.1.10.201]\n  prefixlen_v4: 24\n')],
      ['file:///w/b.yaml', vlan('ext-new', '  name: external\n  interfaces: ["1.3"]\n  tag: 11\n  selfip_v4s: [10.1.30.201]\n  prefixlen_v4: 24\n')],
    );
    assert.deepEqual(vlanChecks(all), [
      'file:///w/b.yaml 5:9-5:17 vlan-name-twice: VLAN external is also defined by resource ext in namespace ns, differently (interfaces, tag and self IPs): two resources would configure one TMM VLAN (inferred); keep one of them, or rename one | file:///w/a.yaml 5:9-5:17 the first definition of VLAN external (resource ext)',
    ]);
  });

  test('a name taken from metadata.name (no spec.name) counts as the name, and is where the warning goes', () => {
    const all = files(
      ['file:///w/a.yaml', vlan('external', '  interfaces: ["1.1"]\n  tag: 10\n')],
      ['file:///w/b.yaml', `apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata:\n  name: other\nspec:\n  name: external\n  interfaces: ["1.1"]\n  tag: 12\n`],
    );
    assert.deepEqual(vlanChecks(all), [
      'file:///w/b.yaml 6:9-6:17 vlan-name-twice: VLAN external is also defined by resource external in namespace ns, differently (tag): two resources would configure one TMM VLAN (inferred); keep one of them, or rename one | file:///w/a.yaml 3:18-3:26 the first definition of VLAN external (resource external)',
    ]);
  });

  test('one self IP on two VLANs: a warning on the second item, pointing at the first', () => {
    const all = files(
      ['file:///w/vlans.yaml', `${vlan('ext', '  name: ext\n  interfaces: ["1.1"]\n  tag: 10\n  selfip_v4s: [10.1.10.201, 10.1.10.202]\n  prefixlen_v4: 24\n')}---\n${vlan('int', '  name: int\n  interfaces: ["1.2"]\n  tag: 20\n  selfip_v4s:\n  - 10.1.20.201\n  - 10.1.10.202\n  selfip_v6s: ["2001:db8::1"]\n')}`],
      ['file:///w/storage.yaml', vlan('storage', '  name: storage\n  interfaces: ["1.3"]\n  tag: 30\n  selfip_v6s: ["2001:DB8:0::1"]\n')],
    );
    assert.deepEqual(vlanChecks(all), [
      'file:///w/vlans.yaml 20:5-20:16 self-ip-on-two-vlans: self IP 10.1.10.202 (replica 2) of VLAN int is already a self IP of VLAN ext (replica 2) in namespace ns: one address on two interfaces of one TMM (inferred); give one of them another address | file:///w/vlans.yaml 8:29-8:40 self IP 10.1.10.202 of VLAN ext',
      // The same address in another spelling.
      'file:///w/storage.yaml 8:16-8:31 self-ip-on-two-vlans: self IP 2001:db8::1 (replica 1) of VLAN storage is already a self IP of VLAN int (replica 1) in namespace ns: one address on two interfaces of one TMM (inferred); give one of them another address | file:///w/vlans.yaml 21:16-21:29 self IP 2001:db8::1 of VLAN int',
    ]);
  });

  test('an alternative VLAN file (FINDINGS §6.7): the same name, the same first self IP, untagged on the internal VLAN\'s interface', () => {
    const all = files(
      ['file:///lab/vlans.yaml', `${vlan('external', '  name: external\n  interfaces: ["1.1"]\n  selfip_v4s: [10.1.10.100, 10.1.10.101]\n  prefixlen_v4: 24\n')}---\n${vlan('internal', '  name: internal\n  interfaces: ["1.2"]\n  selfip_v4s: [10.1.1.100]\n  prefixlen_v4: 24\n')}`],
      ['file:///lab/external-alt.yaml', vlan('external-alt', '  name: external\n  interfaces: ["1.2"]\n  selfip_v4s: [10.1.10.100]\n  prefixlen_v4: 24\n')],
    );
    assert.deepEqual(vlanChecks(all), [
      'file:///lab/external-alt.yaml 5:9-5:17 vlan-name-twice: VLAN external is also defined by resource external in namespace ns, differently (interfaces and self IPs): two resources would configure one TMM VLAN (inferred); keep one of them, or rename one | file:///lab/vlans.yaml 5:9-5:17 the first definition of VLAN external (resource external)',
      'file:///lab/external-alt.yaml 6:16-6:21 untagged-vlan-twice: VLAN external is the second untagged VLAN on interface 1.2 in namespace ns (VLAN internal is the first): F5 allows one untagged VLAN per interface; give one of them a tag, or another interface | file:///lab/vlans.yaml 15:16-15:21 untagged VLAN internal on 1.2',
      'file:///lab/external-alt.yaml 7:16-7:27 self-ip-on-two-vlans: self IP 10.1.10.100 (replica 1) of VLAN external (resource external-alt) is already a self IP of VLAN external (resource external) (replica 1) in namespace ns: one address on two interfaces of one TMM (inferred); give one of them another address | file:///lab/vlans.yaml 7:16-7:27 self IP 10.1.10.100 of VLAN external (resource external)',
    ]);
  });

  test('copies that agree are one VLAN written twice, whatever else differs (mtu, allowed_services, quoting, the order of interfaces)', () => {
    const rendered = vlan('ext-vlan', '  name: ext-vlan\n  interfaces:\n    - "1.1"\n    - "1.3"\n  selfip_v4s:\n    - "10.0.10.240"\n  prefixlen_v4: 24\n  tag: 0\n  allowed_services:\n    - {protocol: tcp, port: "179"}\n    - {protocol: udp, port: "3784"}\n');
    const inventory = vlan('ext-vlan', '  name: ext-vlan\n  interfaces: ["1.3", "1.1"]\n  selfip_v4s: [10.0.10.240]\n  prefixlen_v4: 24\n  mtu: 9000\n');
    const renamed = vlan('ext-vlan-copy', '  name: ext-vlan\n  interfaces: ["1.1", "1.3"]\n  selfip_v4s: [10.0.10.240]\n  prefixlen_v4: 24\n  tag: 0\n');
    const all = files(['file:///w/rendered.yaml', rendered], ['file:///w/inventory.yaml', inventory], ['file:///w/copy.yaml', `${renamed}---\n${renamed}`]);
    assert.deepEqual(vlanChecks(all), []);
  });

  test('versions of one resource (one kind and metadata.name) never conflict, however they differ (the awsbnkctl fixture, the bf3 historic file)', () => {
    const all = files(
      ['file:///w/rendered.yaml', vlan('ext-vlan', '  name: ext-vlan\n  interfaces: ["1.1"]\n  selfip_v4s: ["10.0.10.240"]\n  prefixlen_v4: 24\n  tag: 0\n')],
      ['file:///w/fixture.yaml', vlan('ext-vlan', '  name: ext-vlan\n  interfaces: ["1.3"]\n  selfip_v4s: ["10.0.10.240"]\n  tag: 0\n')],
      ['file:///w/old.yaml', vlan('ext-vlan', '  name: ext-renamed\n  interfaces: ["1.1"]\n  selfip_v4s: ["10.0.10.240"]\n  tag: 0\n')],
    );
    assert.deepEqual(vlanChecks(all), []);
  });

  test('a conflict is reported only when it holds whichever version of each resource is applied', () => {
    const current = vlan('internal', '  name: internal\n  interfaces: ["1.2"]\n  selfip_v4s: [192.168.20.201]\n  prefixlen_v4: 24\n');
    const historic = vlan('internal', '  name: internal\n  interfaces: ["1.2"]\n  selfip_v4s: [198.18.100.201]\n  prefixlen_v4: 24\n');
    const other = vlan('red', '  name: red\n  interfaces: ["1.4"]\n  selfip_v4s: [198.18.100.201, 192.168.20.201]\n  prefixlen_v4: 24\n');
    // 198.18.100.201 is on internal only in the historic version, 192.168.20.201 only in the current one.
    assert.deepEqual(vlanChecks(files(['file:///w/current.yaml', current], ['file:///w/historic.yaml', historic], ['file:///w/red.yaml', other])), []);
    // Both versions have 198.18.100.201: whichever is applied, red's is the same address.
    const both = vlan('internal', '  name: internal\n  interfaces: ["1.2"]\n  selfip_v4s: [198.18.100.201, 192.168.20.202]\n  prefixlen_v4: 24\n');
    assert.deepEqual(vlanChecks(files(['file:///w/historic.yaml', historic], ['file:///w/both.yaml', both], ['file:///w/red.yaml', other])), [
      'file:///w/red.yaml 7:16-7:30 self-ip-on-two-vlans: self IP 198.18.100.201 (replica 1) of VLAN red is already a self IP of VLAN internal (replica 1) in namespace ns: one address on two interfaces of one TMM (inferred); give one of them another address | file:///w/historic.yaml 7:16-7:30 self IP 198.18.100.201 of VLAN internal',
    ]);
  });

  test('templated names, self IPs, interfaces, tags and metadata.names are never diagnosed', () => {
    const all = files(
      ['file:///w/a.yaml', vlan('a', '  name: "{{ .Values.vlan }}"\n  interfaces: ["1.1"]\n  tag: 10\n  selfip_v4s: ["${EXT_IP_1}", 10.9.0.1]\n')],
      ['file:///w/b.yaml', vlan('b', '  name: "{{ .Values.vlan }}"\n  interfaces: ["1.2"]\n  tag: 11\n  selfip_v4s: ["${EXT_IP_1}"]\n')],
      ['file:///w/c.yaml', vlan('"{{ .Release.Name }}-c"', '  name: shared\n  interfaces: ["{{ .Values.if }}"]\n  tag: "{{ .Values.tag }}"\n')],
      ['file:///w/d.yaml', vlan('"{{ .Release.Name }}-d"', '  name: shared\n  interfaces: ["{{ .Values.if }}"]\n  tag: "{{ .Values.tag }}"\n')],
    );
    assert.deepEqual(vlanChecks(all), []);
  });
});

const pool = (metadataName: string, spec: string) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKSnatpool
metadata: {name: ${metadataName}}
spec:
${spec}`;

const egress = (metadataName: string, spec: string) => `apiVersion: k8s.f5net.com/v3
kind: F5SPKEgress
metadata: {name: ${metadataName}}
spec:
${spec}`;

const threeReplicas = vlan('red-vlan', '  name: red-vlan\n  interfaces: ["1.1"]\n  tag: 201\n  selfip_v4s: [10.2.201.201, 10.2.201.202, 10.2.201.203]\n  prefixlen_v4: 24\n');

describe('SNAT pools against the TMM replicas', () => {
  test('fewer addressList lists than replicas: a warning on addressList naming the replicas without an address, pointing at the self-IP list', () => {
    const all = files(
      ['file:///w/vlan.yaml', threeReplicas],
      ['file:///w/snat.yaml', pool('red-snat', '  name: red-snat\n  addressList:\n    - - 172.16.201.221\n      - 172.16.201.222\n    - - 172.16.201.223\n')],
    );
    assert.deepEqual(egressChecks(all), [
      'file:///w/snat.yaml 6:3-9:23 snatpool-too-few-lists: SNAT pool red-snat has 2 per-replica address lists, and namespace ns has 3 TMM replicas (the longest self-IP list of its VLANs): F5 gives each replica the list at its position, so replica 3 then has no SNAT address (inferred); add a list per replica | file:///w/vlan.yaml 8:3-8:56 VLAN red-vlan lists 3 self IPs in selfip_v4s, one per TMM replica',
    ]);
    const five = vlan('big', '  name: big\n  interfaces: ["1.2"]\n  selfip_v6s: ["fd00::1", "fd00::2", "fd00::3", "fd00::4", "fd00::5"]\n');
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', five], ['file:///w/snat.yaml', pool('p', '  addressList: [[10.0.0.1], [10.0.0.2]]\n')])), [
      'file:///w/snat.yaml 5:3-5:40 snatpool-too-few-lists: SNAT pool p has 2 per-replica address lists, and namespace ns has 5 TMM replicas (the longest self-IP list of its VLANs): F5 gives each replica the list at its position, so replicas 3–5 then have no SNAT address (inferred); add a list per replica | file:///w/vlan.yaml 7:3-7:69 VLAN big lists 5 self IPs in selfip_v6s, one per TMM replica',
    ]);
  });

  test('no warning with a list per replica, one replica, shared addresses, a list a template writes, or no addressList list', () => {
    const lists = (n: number) => `  addressList:\n${Array.from({ length: n }, (_, i) => `    - [10.0.0.${i + 1}]\n`).join('')}`;
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', lists(3))])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', lists(4))])), []);
    const one = vlan('one', '  name: one\n  interfaces: ["1.1"]\n  selfip_v4s: [10.1.1.1]\n');
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', one], ['file:///w/snat.yaml', pool('p', '  addressList: []\n')])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', `${lists(1)}  sharedSnatAddressEnabled: true\n`)])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', '  addressList:\n  {{- range .Values.snat }}\n    - [{{ . }}]\n  {{- end }}\n')])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', '  members: [10.0.0.1]\n')])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', '  addressList: [10.0.0.1, 10.0.0.2]\n')])), [], 'not a list of lists: the schema says so');
    // Placeholders in the entries leave the count of lists known.
    assert.equal(egressChecks(files(['file:///w/vlan.yaml', threeReplicas], ['file:///w/snat.yaml', pool('p', '  addressList:\n    - ["${SNAT}1"]\n')])).length, 1);
  });

  test('the replica count is a lower bound: a VLAN written in two versions counts with its shorter list, a templated list for none', () => {
    const two = vlan('red-vlan', '  name: red-vlan\n  interfaces: ["1.1"]\n  tag: 201\n  selfip_v4s: [10.2.201.201, 10.2.201.202]\n');
    const facts = vlanFactsOf(files(['file:///w/a.yaml', threeReplicas], ['file:///w/b.yaml', two]));
    assert.equal(facts.replicas, 2);
    const templated = vlan('t', '  name: t\n  selfip_v4s:\n  {{- range .Values.ips }}\n  - {{ . }}\n  {{- end }}\n  - 10.0.0.1\n  - 10.0.0.2\n');
    assert.equal(vlanFactsOf(files(['file:///w/t.yaml', templated])).replicas, 0);
    assert.deepEqual(facts.vlanNames, new Set(['red-vlan']));
    assert.equal(vlanFactsOf(files(['file:///w/t.yaml', vlan('x', '  name: "{{ .Values.name }}"\n')])).vlanNameUnknown, true);
  });
});

describe('what an egress names', () => {
  const vlans = `${threeReplicas}---\n${vlan('internal', '  name: internal-vlan\n  interfaces: ["1.2"]\n  selfip_v4s: [10.1.20.201, 10.1.20.202, 10.1.20.203]\n')}`;
  const pools = `${pool('red-snat', `  name: red-snat\n  addressList: [[172.16.0.1], [172.16.0.2], [172.16.0.3]]\n`)}---\n${pool('egress-snat', '  addressList: [[10.0.10.60], [10.0.10.61], [10.0.10.62]]\n')}`;

  test('an egressSnatpool that names no pool of the namespace: a warning on the value, pointing at the pools in view', () => {
    const all = files(['file:///w/vlans.yaml', vlans], ['file:///w/pools.yaml', pools], ['file:///w/egress.yaml', `${egress('red-egress', '  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: red-snatpool\n')}---\n${egress('v2', '  egressSnatpool: blue\n').replace('v3', 'v2')}`]);
    assert.deepEqual(egressChecks(all), [
      'file:///w/egress.yaml 6:19-6:31 egress-snatpool-unknown: egressSnatpool red-snatpool of egress red-egress names no SNAT pool of namespace ns in the files in view (pools: egress-snat, red-snat): F5 takes the pool\'s spec.name, or its metadata.name when it has none | file:///w/pools.yaml 5:9-5:17 SNAT pool red-snat | file:///w/pools.yaml 10:18-10:29 SNAT pool egress-snat',
      'file:///w/egress.yaml 12:19-12:23 egress-snatpool-unknown: egressSnatpool blue of egress v2 names no SNAT pool of namespace ns in the files in view (pools: egress-snat, red-snat): F5 takes the pool\'s spec.name, or its metadata.name when it has none | file:///w/pools.yaml 5:9-5:17 SNAT pool red-snat | file:///w/pools.yaml 10:18-10:29 SNAT pool egress-snat',
    ]);
  });

  test('a pool named by its metadata.name when it has a spec.name: the warning says which name to use', () => {
    const all = files(['file:///w/pools.yaml', pool('egress-snatpool', '  name: snatpool1\n  addressList: [[10.200.1.1]]\n')], ['file:///w/egress.yaml', egress('egress', '  egressSnatpool: egress-snatpool\n')]);
    assert.deepEqual(egressChecks(all), [
      'file:///w/egress.yaml 5:19-5:34 egress-snatpool-unknown: egressSnatpool egress-snatpool of egress egress names no SNAT pool of namespace ns in the files in view (pools: snatpool1); the pool with metadata.name egress-snatpool has spec.name snatpool1, which is the name egressSnatpool takes: F5 takes the pool\'s spec.name, or its metadata.name when it has none | file:///w/pools.yaml 5:9-5:18 SNAT pool snatpool1',
    ]);
  });

  test('no pool warning when the pool is found (by spec.name, or by metadata.name without one), is not used, is templated, or no pool is in view', () => {
    const ok = (spec: string, poolText = pools) => assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/pools.yaml', poolText], ['file:///w/egress.yaml', egress('e', spec)])), [], spec);
    ok('  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: red-snat\n');
    ok('  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: egress-snat\n');
    ok('  snatType: SRC_TRANS_AUTOMAP\n  egressSnatpool: nothing\n');
    ok('  snatType: SRC_TRANS_NONE\n  egressSnatpool: nothing\n');
    ok('  snatType: "{{ .Values.snatType }}"\n  egressSnatpool: nothing\n');
    ok('  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: "${POOL}"\n');
    ok('  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: "{{ .Release.Name }}-snat"\n');
    ok('  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: nothing\n', pool('p', '  name: "{{ .Values.pool }}"\n  addressList: [[10.0.0.1], [10.0.0.2], [10.0.0.3]]\n'));
    assert.deepEqual(egressChecks(files(['file:///w/egress.yaml', egress('e', '  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: elsewhere\n')])), []);
  });

  test('a vxlan.tmmInterfaceName that names no VLAN of the namespace: a warning on the value; none without VLANs in view, or when templated', () => {
    const spec = (iface: string) => `  snatType: SRC_TRANS_AUTOMAP\n  pseudoCNIConfig:\n    namespaces: [red]\n    vxlan:\n      create: true\n      tmmInterfaceName: ${iface}\n      key: 100\n`;
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/egress.yaml', egress('e', spec('tmm-egress'))])), [
      'file:///w/egress.yaml 10:25-10:35 egress-vxlan-interface-unknown: vxlan.tmmInterfaceName tmm-egress of egress e names no VLAN of namespace ns in the files in view (VLANs: internal-vlan, red-vlan): F5 carries the egress VXLAN on the VLAN whose spec.name this is',
    ]);
    // metadata.name internal is not the VLAN's name (spec.name internal-vlan).
    assert.equal(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/egress.yaml', egress('e', spec('internal'))])).length, 1);
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/egress.yaml', egress('e', spec('internal-vlan'))])), []);
    assert.deepEqual(egressChecks(files(['file:///w/egress.yaml', egress('e', spec('tmm-egress'))])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/egress.yaml', egress('e', spec('"{{.TmmIntVlan}}"'))])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', `${vlans}---\n${vlan('t', '  name: "${VLAN}"\n')}`], ['file:///w/egress.yaml', egress('e', spec('tmm-egress'))])), [], 'a VLAN whose name is templated may be it');
  });

  test('pseudoCNIConfig.vlanName is not checked (F5\'s BlueField guide: it names the VXLAN CR)', () => {
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/egress.yaml', egress('e', '  snatType: SRC_TRANS_AUTOMAP\n  pseudoCNIConfig:\n    namespaces: [red]\n    vlanName: red\n')])), []);
  });

  test('two egresses with one VXLAN key on one interface: a warning on the second key, pointing at the first', () => {
    const spec = (iface: string, key: string) => `  snatType: SRC_TRANS_AUTOMAP\n  pseudoCNIConfig:\n    vxlan:\n      tmmInterfaceName: ${iface}\n      key: ${key}\n`;
    const all = files(['file:///w/vlans.yaml', vlans], ['file:///w/red.yaml', egress('red-egress', spec('internal-vlan', '100'))], ['file:///w/blue.yaml', `${egress('blue-egress', spec('internal-vlan', '100'))}---\n${egress('green-egress', spec('red-vlan', '100'))}---\n${egress('pink-egress', spec('internal-vlan', '101'))}`]);
    assert.deepEqual(egressChecks(all), [
      'file:///w/blue.yaml 9:12-9:15 vxlan-key-twice: VXLAN key 100 of egress blue-egress on interface internal-vlan is already the key of egress red-egress in namespace ns: one VNI per VXLAN interface (inferred); give one of them another key | file:///w/red.yaml 9:12-9:15 VXLAN key 100 of egress red-egress',
    ]);
  });

  test('no key warning for versions of one egress, or a templated key', () => {
    const spec = (key: string) => `  pseudoCNIConfig:\n    vxlan:\n      tmmInterfaceName: internal-vlan\n      key: ${key}\n`;
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/a.yaml', egress('red-egress', spec('100'))], ['file:///w/b.yaml', egress('red-egress', `  snatType: SRC_TRANS_AUTOMAP\n${spec('100')}`)])), []);
    assert.deepEqual(egressChecks(files(['file:///w/vlans.yaml', vlans], ['file:///w/a.yaml', egress('a', spec('"{{ .Values.key }}"'))], ['file:///w/b.yaml', egress('b', spec('"{{ .Values.key }}"'))])), []);
  });
});

describe('the readers', () => {
  test('readSnatpool and readEgress give located values; templated ones have none', () => {
    const [p] = placements('file:///w/p.yaml', pool('meta', '  addressList:\n    - [10.0.0.1, "${X}"]\n    - 10.0.0.9\n'));
    const snat = readSnatpool(p!.resource);
    assert.equal(snat.name, 'meta');
    assert.equal(snat.from, 'metadata.name');
    assert.equal(snat.lists.length, 1);
    assert.equal(snat.listsComplete, false);
    assert.deepEqual(snat.lists[0]!.addresses.map((a) => [a.text !== undefined && isTemplated(a.text) ? 'templated' : a.text, a.address?.text]), [['10.0.0.1', '10.0.0.1'], ['templated', undefined]]);
    const [e] = placements('file:///w/e.yaml', egress('e', '  snatType: SRC_TRANS_SNATPOOL\n  egressSnatpool: "${POOL}"\n  pseudoCNIConfig:\n    namespaces: [red, "${NS}"]\n    vlanName: red\n    vxlan: {tmmInterfaceName: internal, key: 7}\n'));
    const fields = readEgress(e!.resource);
    assert.equal(fields.snatType?.value, 'SRC_TRANS_SNATPOOL');
    assert.equal(fields.snatpool?.value, undefined);
    assert.equal(fields.snatpool?.templated, true);
    assert.deepEqual(fields.appNamespaces, ['red']);
    assert.equal(fields.vlanName?.value, 'red');
    assert.equal(fields.vxlan?.tmmInterfaceName?.value, 'internal');
    assert.equal(fields.vxlan?.key?.value, 7);
    const unnamed = readTmmName(placements('file:///w/v.yaml', vlan('"{{ .Release.Name }}"', '  interfaces: ["1.1"]\n'))[0]!.resource);
    assert.deepEqual([unnamed.name, unnamed.from, unnamed.unknown], [undefined, 'metadata.name', true]);
    const named = readTmmName(placements('file:///w/v.yaml', vlan('meta', '  name: "{{ .Values.name }}"\n'))[0]!.resource);
    assert.deepEqual([named.name, named.from, named.unknown], [undefined, 'spec.name', true], 'a templated spec.name: not metadata.name');
  });
});

// The real corpus, one repository at a time (FINDINGS §0): the namespace of a resource is its
// metadata.namespace, else f5-bnk for otoh0515 (its scripts apply with -n f5-bnk), else default; a
// templated namespace joins none.
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'real', 'files');

describe('the real corpus', { skip: !existsSync(CORPUS) && 'the corpus is not there' }, () => {
  test('per repository: exactly the known true findings (N1, N3, N6) and nothing else', () => {
    const byRepository = new Map<string, string[]>();
    for (const name of readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const repository = name.split('__').slice(0, 2).join('__');
      byRepository.set(repository, [...(byRepository.get(repository) ?? []), name]);
    }
    const found: string[] = [];
    for (const [repository, names] of byRepository) {
      const byNamespace = new Map<string, Placement[]>();
      for (const name of names) {
        for (const placement of placements(name, readFileSync(path.join(CORPUS, name), 'utf8'))) {
          const declared = placement.resource.namespace;
          const namespace = declared === undefined ? (repository === 'otoh0515__f5-bnk' ? 'f5-bnk' : 'default') : isTemplated(declared) ? undefined : declared;
          if (namespace === undefined) continue;
          byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), placement]);
        }
      }
      for (const [namespace, all] of byNamespace) {
        const vlans = byRole(all, 'vlan', 'vxlan');
        const facts = vlanFactsOf(vlans);
        const diagnostics = [...checkVlanSet(vlans, namespace), ...checkEgressSet({ namespace, ...facts, egresses: byRole(all, 'egress'), snatpools: byRole(all, 'snatpool') })];
        for (const { uri, diagnostic: d } of diagnostics) {
          assert.equal(d.severity, 'warning');
          found.push(`${uri}:${d.range.start.line + 1}-${d.range.end.line + 1} ${d.code} | ${d.related?.map((r) => `${r.uri}:${r.range.start.line + 1}`).join(', ') ?? ''}`);
        }
      }
    }
    assert.deepEqual(found, [
      // N1 (the checks of the previous commit): two untagged VLANs on 1.1 and two on 1.2.
      'JLCode-tech__bnk-forge-modules__archived__bnk__f5-controller__manifests__vlans.yaml:23-23 untagged-vlan-twice | JLCode-tech__bnk-forge-modules__archived__bnk__f5-controller__manifests__vlans.yaml:9',
      'JLCode-tech__bnk-forge-modules__archived__bnk__f5-controller__manifests__vlans.yaml:51-51 untagged-vlan-twice | JLCode-tech__bnk-forge-modules__archived__bnk__f5-controller__manifests__vlans.yaml:37',
      // N6: the UI template's egress VXLAN on tmm-egress; its VLAN is called external.
      'f5devcentral__bnk-forge__frontend-v2__src__components__k8s__ResourceCreateDialog.extracted.yaml:66-66 egress-vxlan-interface-unknown | ',
      // N3: red-snat has 2 lists, every VLAN of f5-bnk 3 self IPs.
      'otoh0515__f5-bnk__red-snat.yaml:8-12 snatpool-too-few-lists | otoh0515__f5-bnk__blue-vlan.yaml:10',
    ]);
  });
});
