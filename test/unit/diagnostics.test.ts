import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';

/** `line:col-line:col code` (1-based) for compact, exact assertions. */
function where(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code}`;
}

function diagnose(text: string): Diagnostic[] {
  return new FileModel(text).diagnostics();
}

const route = (spec: string, extra = '') => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: r1
  namespace: event1${extra}
spec:
${spec}`;

describe('recognition', () => {
  test('the seed route has no diagnostics', () => {
    const seed = `apiVersion: "k8s.f5net.com/v1"
kind: IngressRouteStaticRoute
metadata:
  name: "event1-static-route-10-10-20.0"
  namespace: event1
spec:
  destination: 10.20.0.0
  prefixLen: 16
  gateway: 10.10.255.252
  type: gateway
`;
    assert.deepEqual(diagnose(seed), []);
  });

  test('other documents get nothing, however wrong they are', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: Web_Tier}
spec: {replicas: "two", destination: 10.0.0.0/8}
---
# a Helm values file
image: {{ .Values.image }}
---
on: [push]
jobs: {build: {runs-on: ubuntu-latest}}
---
kind: Service
spec: [unclosed
`;
    assert.deepEqual(diagnose(text), []);
  });

  test('multi-document files: each document is checked on its own lines, CRLF too', () => {
    const text = ['---', route('  destination: 10.20.0.0/16\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway'), '---', 'kind: ConfigMap', '---', route('  destination: 10.20.0.5\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway')].join('\n');
    const lf = diagnose(text).map(where);
    assert.deepEqual(lf, ['8:16-8:28 destination-cidr', '21:16-21:25 destination-host-bits']);
    assert.deepEqual(diagnose(text.replaceAll('\n', '\r\n')).map(where), lf);
  });

  test('anchors, aliases and flow style are read as YAML means them', () => {
    const text = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r1, namespace: &ns event1, labels: {next: &gw "10.1.30.300"}}
spec: {destination: 10.1.30.0, prefixLen: 24, type: gateway, gateway: *gw}
`;
    const [d] = diagnose(text);
    assert.equal(where(d!), '4:71-4:74 invalid-address', 'reported where the alias stands');
    assert.match(d!.message, /gateway: octet 300 in "10\.1\.30\.300" is above 255/);
  });

  test('an SPK kind at an unknown apiVersion gets one diagnostic on the apiVersion', () => {
    const text = 'apiVersion: k8s.f5net.com/v9\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec: {netmask: 1}\n';
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(where), ['1:13-1:29 unknown-api-version']);
    assert.match(diagnostics[0]!.message, /F5SPKStaticRoute is not known at apiVersion k8s\.f5net\.com\/v9; known: k8s\.f5net\.com\/v1/);
  });
});

describe('schema diagnostics', () => {
  test('wrong type, at the value, naming it', () => {
    const [d] = diagnose(route('  destination: 10.20.0.0\n  prefixLen: "16"\n  gateway: 10.10.255.252\n  type: gateway'));
    assert.equal(where(d!), '8:14-8:18 wrong-type');
    assert.equal(d!.message, 'spec.prefixLen must be an integer, but "16" is a string');
    assert.equal(d!.severity, 'error');
  });

  test('missing required field, at the parent key', () => {
    const [d] = diagnose(route('  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway'));
    assert.equal(where(d!), '6:1-6:5 missing-field');
    assert.match(d!.message, /^spec of F5SPKStaticRoute is missing the required field "destination"/);
  });

  test('value not in the enum, with a fix for a near miss', () => {
    const [d] = diagnose(route('  destination: 10.20.0.0\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gatway'));
    assert.equal(where(d!), '10:9-10:15 invalid-value');
    assert.match(d!.message, /gatway is not a valid spec\.type \(did you mean "gateway"\?\); expected one of: gateway, blackhole/);
    assert.deepEqual(d!.fixes?.[0]?.edits, [{ range: { start: { line: 9, character: 8 }, end: { line: 9, character: 14 } }, newText: 'gateway' }]);
  });

  for (const field of ['netmask', 'vlan', 'interface', 'metric']) {
    test(`unknown field ${field} is a warning that lists the known fields`, () => {
      const [d] = diagnose(route(`  destination: 10.20.0.0\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway\n  ${field}: x`));
      assert.equal(where(d!), `11:3-11:${3 + field.length} unknown-field`);
      assert.equal(d!.severity, 'warning');
      assert.match(d!.message, new RegExp(`unknown field "${field}" in spec of F5SPKStaticRoute.*known fields: destination, prefixLen, gateway, type`));
    });
  }

  test('out of range, with the allowed range', () => {
    const vlan = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v}\nspec:\n  name: v\n  tag: 5000\n';
    const [d] = diagnose(vlan);
    assert.equal(where(d!), '6:8-6:12 out-of-range');
    assert.equal(d!.message, 'spec.tag 5000 is above the maximum 4094 (allowed: 0–4094)');
  });
});

describe('address rules', () => {
  const spec = (destination: string, prefixLen: string, gateway: string) => route(`  destination: ${destination}\n  prefixLen: ${prefixLen}\n  gateway: ${gateway}\n  type: gateway`);

  test('invalid IPv4 and IPv6 literals', () => {
    const ds = diagnose(spec('10.20.300.0', '16', '2001:db8::g'));
    assert.deepEqual(ds.map(where), ['7:16-7:27 invalid-address', '9:12-9:23 invalid-address']);
    assert.match(ds[0]!.message, /destination: octet 300 in "10\.20\.300\.0" is above 255/);
    assert.match(ds[1]!.message, /gateway: "2001:db8::g" is not a valid IPv6 address/);
  });

  test('a CIDR in destination: error with a fix that moves the length to prefixLen', () => {
    const text = route('  destination: 10.241.0.0/24\n  gateway: 10.10.255.252\n  type: gateway');
    const ds = diagnose(text);
    const cidr = ds.find((d) => d.code === 'destination-cidr')!;
    assert.equal(where(cidr), '7:16-7:29 destination-cidr');
    assert.match(cidr.message, /API server rejects it/);
    const fixed = applyEdits(text, cidr.fixes![0]!.edits);
    assert.match(fixed, /\n {2}destination: 10\.241\.0\.0\n {2}prefixLen: 24\n {2}gateway:/);
    assert.deepEqual(diagnose(fixed), []);
  });

  test('the CIDR fix in flow style and with an equal prefixLen', () => {
    const flow = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec: {destination: "10.1.30.0/24", type: gateway, gateway: 10.2.201.5}\n';
    const fix = diagnose(flow).find((d) => d.code === 'destination-cidr')!.fixes![0]!;
    assert.equal(applyEdits(flow, fix.edits), 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec: {destination: "10.1.30.0", prefixLen: 24, type: gateway, gateway: 10.2.201.5}\n');
    const same = spec('10.1.30.0/24', '24', '10.2.201.5');
    const sameFix = diagnose(same).find((d) => d.code === 'destination-cidr')!.fixes![0]!;
    assert.deepEqual(diagnose(applyEdits(same, sameFix.edits)), []);
  });

  test('a CIDR whose length disagrees with prefixLen gets no fix', () => {
    const d = diagnose(spec('10.1.30.0/24', '16', '10.2.201.5')).find((x) => x.code === 'destination-cidr')!;
    assert.equal(d.fixes, undefined);
    assert.match(d.message, /prefixLen is 16 here/);
  });

  test('IPv4 prefixLen above 32', () => {
    const ds = diagnose(spec('10.20.0.0', '33', '10.10.255.252'));
    assert.deepEqual(ds.map(where), ['8:14-8:16 prefix-length-range']);
    assert.match(ds[0]!.message, /prefixLen 33 is above 32/);
  });

  test('host bits in destination: warning, fix to the network address', () => {
    const text = spec('10.20.3.4', '16', '10.10.255.252');
    const [d] = diagnose(text);
    assert.equal(where(d!), '7:16-7:25 destination-host-bits');
    assert.equal(d!.severity, 'warning');
    assert.match(d!.message, /destination 10\.20\.3\.4 has host bits set for \/16: the network is 10\.20\.0\.0/);
    assert.deepEqual(diagnose(applyEdits(text, d!.fixes![0]!.edits)), []);
  });

  test('destination and gateway of different families', () => {
    const [d] = diagnose(spec('10.20.0.0', '16', '2001:db8::1'));
    assert.equal(where(d!), '9:12-9:23 family-mismatch');
  });

  test('type gateway without a gateway, and no type without a gateway', () => {
    assert.deepEqual(diagnose(route('  destination: 10.20.0.0\n  prefixLen: 16\n  type: gateway')).map(where), ['9:3-9:7 missing-gateway']);
    assert.deepEqual(diagnose(route('  destination: 10.20.0.0\n  prefixLen: 16')).map(where), ['6:1-6:5 missing-gateway']);
    assert.deepEqual(diagnose(route('  destination: 10.20.0.0\n  prefixLen: 16\n  type: blackhole')), []);
  });

  test('self IPs that are the network or broadcast address of their prefix', () => {
    const vlan = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: red-vlan}
spec:
  name: red-vlan
  selfip_v4s: [10.2.201.0, 10.2.201.202, 10.2.201.255]
  prefixlen_v4: 24
  selfip_v6s: ["2001:db8:1::", "2001:db8:1::2"]
  prefixlen_v6: 64
`;
    const ds = diagnose(vlan);
    assert.deepEqual(ds.map(where), ['6:16-6:26 selfip-network-address', '6:42-6:54 selfip-broadcast-address', '8:16-8:30 selfip-network-address']);
    assert.match(ds[1]!.message, /self IP 10\.2\.201\.255 is the broadcast address of 10\.2\.201\.0\/24/);
  });

  test('a /31 or /32 self IP has no network or broadcast address to avoid', () => {
    const vlan = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: p2p}\nspec:\n  selfip_v4s: [10.0.0.0]\n  prefixlen_v4: 31\n';
    assert.deepEqual(diagnose(vlan), []);
  });
});

describe('metadata', () => {
  test('metadata.name that is not a valid Kubernetes name', () => {
    const ds = diagnose(route('  destination: 10.20.0.0\n  prefixLen: 16\n  gateway: 10.10.255.252\n  type: gateway').replace('name: r1', 'name: Route_1'));
    assert.deepEqual(ds.map(where), ['4:9-4:16 invalid-name']);
    assert.match(ds[0]!.message, /"R", "_" not allowed/);
  });
});

function applyEdits(text: string, edits: readonly { range: Diagnostic['range']; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((out, e) => out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end)), text);
}
