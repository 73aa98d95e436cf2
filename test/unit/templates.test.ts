// Templates (Go text/template, Helm, envsubst): a template action or placeholder is never itself
// diagnosed, the rest of the document is still checked at the right places, an unknown namespace or
// gateway keeps a resource out of every table, and apply never sends a template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spkDocuments } from '../../client/src/cluster/manifests.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';
import { maskTemplates, TEMPLATE_MARK } from '../../server/src/core/yaml/templates.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';

const where = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;
const diagnose = (text: string) => new FileModel(text).diagnostics().map(where);

describe('template masking', () => {
  test('same length and lines; placeholders become unknown values, lone control actions blanks', () => {
    const text = '{{- if .Values.enabled }}\nname: {{ .Release.Name }}-route\nip: "${SELF_IP}"\n{{- end }}\n';
    const mask = maskTemplates(text)!;
    assert.equal(mask.text.length, text.length);
    assert.deepEqual(mask.text.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
    assert.equal(mask.text.split('\n')[0]!.trim(), '');
    assert.equal(mask.text.split('\n')[1], `name: ${TEMPLATE_MARK.repeat(19)}-route`);
    assert.equal(mask.text.split('\n')[2], `ip: "${TEMPLATE_MARK.repeat(10)}"`);
    assert.equal(mask.unknown.length, 4);
    assert.equal(mask.writesBlocks, false);
    assert.equal(maskTemplates('a: {{ toYaml .Values.x | nindent 2 }}\nb:\n  {{- toYaml .Values.y | nindent 2 }}\n')!.writesBlocks, true);
    assert.equal(maskTemplates('plain: yaml\n'), undefined);
  });
});

describe('diagnostics of templated documents', () => {
  test('Go template placeholders (awsbnkctl): nothing on them, a real mistake still at its line', () => {
    const text = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: awsbnkctl-egress-vpc
  namespace: {{.EgressNamespace}}
spec:
  destination: {{.VpcNet}}
  prefixLen: {{.VpcPrefixLen}}
  gateway: {{.TunnelGateway}}
  type: gateway
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: {{.Name}}-default
  namespace: {{.EgressNamespace}}
spec:
  destination: 10.0.0.5
  prefixLen: 8
  gateway: {{.ExtGateway}}
  type: gatway
`;
    assert.deepEqual(diagnose(text), ['21:9 invalid-value', '18:16 destination-host-bits']);
  });

  test('Helm: whole-line control actions parse; a block written by toYaml makes missing fields unknown', () => {
    const text = `{{- if .Values.snat.enabled }}
apiVersion: k8s.f5net.com/v1
kind: F5SPKSnatpool
metadata:
  name: {{ .Release.Name }}-snat
  namespace: {{ .Release.Namespace }}
spec:
  name: "egress_snatpool"
  addressList:
  {{- with .Values.snat.addresses }}
  {{- toYaml . | nindent 4 }}
  {{- end }}
  sharedSnatAddressEnabled: "no"
{{- end }}
`;
    assert.deepEqual(diagnose(text), ['13:29 wrong-type'], 'only the real mistake: a string where a boolean belongs');
  });

  test('envsubst placeholders in self IPs: no invalid-address; the known self IPs still make networks', () => {
    const text = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: f5-bnk}
spec:
  name: external
  selfip_v4s: [\${SELF_IP}, "\${tmm[1:ext_ip]}", 10.1.10.12]
  prefixlen_v4: 24
`;
    assert.deepEqual(diagnose(text), []);
    const ws = new Workspace();
    ws.setFile('file:///w/vlan.yaml', text);
    // Replica 3's self IP is known: its network is connected there; the others' are unknown.
    assert.deepEqual(ws.simulate('10.1.10.99', 'f5-bnk').map((h) => [h.replicas, h.outcome]), [[[1, 2], 'no-route'], [[3], 'connected']]);
  });
});

describe('templated values in tables', () => {
  const route = (name: string, namespace: string, gateway: string) =>
    `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: ${gateway}}\n`;

  test('an unknown namespace joins no table: no false duplicate-route with another file', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/a.yaml', route('a', 'default', '10.0.0.1'));
    ws.setFile('file:///w/tpl.yaml', route('b', '"{{ .Release.Namespace }}"', '10.0.0.2'));
    assert.deepEqual(ws.namespaces(), ['default']);
    assert.deepEqual(ws.diagnostics('file:///w/a.yaml'), []);
    assert.deepEqual(ws.urisIn(['default']), ['file:///w/a.yaml']);
  });

  test('an unknown gateway keeps the route out of its table', () => {
    const ws = new Workspace();
    ws.setFile('file:///w/tpl.yaml', route('b', 'event1', '${GATEWAY}'));
    ws.setFile('file:///w/a.yaml', route('a', 'event1', '10.0.0.1'));
    assert.deepEqual(ws.table('event1').entries.map((e) => e.resource.name), ['a']);
    assert.deepEqual(ws.diagnostics('file:///w/tpl.yaml'), []);
  });
});

test('apply never sends a template', () => {
  const docs = spkDocuments('file:///w/a.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r1, namespace: "{{ .Release.Namespace }}"}\nspec: {destination: 10.0.0.0, prefixLen: 8, gateway: 10.1.1.1}\n');
  assert.equal(docs[0]!.body, '');
  assert.match(docs[0]!.refusal!.message, /^not sent: this document is a template/);
});
