// Helm charts as text (core/yaml/helmRender.ts, core/features/renderedChart.ts): which files are a
// chart's templates, the sections of `helm template` output, the template line of each rendered
// line where it is certain (and none where it is not), and diagnostics moved to those lines.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spkDocuments } from '../../client/src/cluster/manifests.js';
import { chartDiagnostics } from '../../server/src/core/features/renderedChart.js';
import { chartOfTemplate, RenderMap, splitRendered, templateCandidates } from '../../server/src/core/yaml/helmRender.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';

describe('chart templates', () => {
  const charts = new Set(['/repo/chart', '/repo/chart/charts/sub']);
  const has = (folder: string) => charts.has(folder);
  test('a file under templates/ beside Chart.yaml is a template of that chart; the innermost chart wins', () => {
    assert.equal(chartOfTemplate('/repo/chart/templates/route.yaml', has), '/repo/chart');
    assert.equal(chartOfTemplate('/repo/chart/templates/net/route.yaml', has), '/repo/chart');
    assert.equal(chartOfTemplate('/repo/chart/charts/sub/templates/x.yaml', has), '/repo/chart/charts/sub');
  });
  test('templates/ without a Chart.yaml beside it, or a file beside Chart.yaml, is no template', () => {
    assert.equal(chartOfTemplate('/repo/other/templates/route.yaml', has), undefined);
    assert.equal(chartOfTemplate('/repo/chart/values.yaml', has), undefined);
    assert.equal(chartOfTemplate('/repo/chart/templates', has), undefined);
  });
  test('apply sends nothing of a chart template, even without an action', () => {
    const text = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec: {destination: 10.1.0.0, prefixLen: 16, type: gateway, gateway: 10.0.0.1}\n';
    const [plain] = spkDocuments('file:///r.yaml', text);
    assert.equal(plain!.refusal, undefined);
    const [chart] = spkDocuments('file:///chart/templates/r.yaml', text, undefined, { chartTemplate: true });
    assert.equal(chart!.body, '');
    assert.deepEqual(chart!.refusal, { line: 0, message: 'not sent: this file is a Helm chart template (under templates/ beside Chart.yaml); render the chart and apply the result, or install it with helm' });
  });
});

const output = (...sections: [string, string][]) => sections.map(([source, body]) => `---\n# Source: mychart/${source}\n${body}\n`).join('');

describe('helm template output', () => {
  test('sections: the source below the chart folder, the header line, the document lines', () => {
    const sections = splitRendered(output(['templates/a.yaml', 'a: 1\nb: 2'], ['charts/sub/templates/b.yaml', 'c: 3']));
    assert.deepEqual(sections, [
      { source: 'templates/a.yaml', headerLine: 1, lines: ['a: 1', 'b: 2'] },
      { source: 'charts/sub/templates/b.yaml', headerLine: 5, lines: ['c: 3'] },
    ]);
    assert.deepEqual(splitRendered(''), []);
  });
});

/** Each output line with its template line (1-based) or `-`. */
function mapped(template: string, body: string): string[] {
  const out = output(['templates/t.yaml', body]);
  const map = new RenderMap(out, new Map([['templates/t.yaml', template]]));
  return out.split('\n').slice(2, -1).map((line, i) => `${(map.templateLine(i + 2) ?? -1) + 1 || '-'} ${line}`);
}

describe('rendered lines to template lines', () => {
  test('plain lines and value lines map; a line written twice, a whole-line action and a `toYaml` block do not', () => {
    const template = [
      '{{- if .Values.enabled }}', //  1
      'apiVersion: k8s.f5net.com/v1', // 2
      'kind: F5SPKSnatpool', //          3
      'metadata:', //                    4
      '  name: {{ .Release.Name }}-pool', // 5
      '  namespace: {{ .Release.Namespace }}', // 6
      'spec:', //                        7
      '  name: egress', //               8
      '  addressList:', //               9
      '    {{- toYaml .Values.list | nindent 4 }}', // 10
      '{{- end }}', //                   11
    ].join('\n');
    const body = ['apiVersion: k8s.f5net.com/v1', 'kind: F5SPKSnatpool', 'metadata:', '  name: rel-pool', '  namespace: default', 'spec:', '  name: egress', '  addressList:', '    - - 10.1.0.1', '    - - 10.1.0.2'].join('\n');
    assert.deepEqual(mapped(template, body), [
      '2 apiVersion: k8s.f5net.com/v1',
      '3 kind: F5SPKSnatpool',
      '4 metadata:',
      '5   name: rel-pool',
      '6   namespace: default',
      '7 spec:',
      '8   name: egress',
      '9   addressList:',
      '-     - - 10.1.0.1',
      '-     - - 10.1.0.2',
    ]);
  });

  test('two candidates, or a text rendered twice, map nowhere; a range line maps once per distinct value', () => {
    const template = ['a:', '  name: x', '  name: {{ .Values.n }}', '  list:', '  {{- range .Values.l }}', '    - {{ . }}', '  {{- end }}', 'b:', '  name: x'].join('\n');
    assert.deepEqual(mapped(template, ['a:', '  name: x', '  name: y', '  list:', '    - 1', '    - 2', 'b:', '  name: x'].join('\n')), [
      '1 a:',
      '-   name: x', // twice in the output, and a literal line twice in the template
      '3   name: y', // only the value line can write it
      '4   list:',
      '6     - 1',
      '6     - 2',
      '8 b:',
      '-   name: x',
    ]);
  });

  test('a match out of the template order is dropped; define blocks, steering lines and trim joins are no candidates', () => {
    const template = ['{{- define "x" }}', 'inside: 1', '{{- end }}', 'first: 1', 'second: 2', '{{ if .a }}kept: 1{{ end }}', 'joined: {{ .v -}}', '  next: 1'].join('\n');
    assert.deepEqual(mapped(template, ['second: 2', 'first: 1', 'inside: 1', 'kept: 1', 'joined: vnext: 1'].join('\n')), [
      '- second: 2',
      '- first: 1',
      '- inside: 1',
      '- kept: 1',
      '7 joined: vnext: 1',
    ]);
    assert.deepEqual(templateCandidates('{{ .Values.block }}\n  {{ include "x" . }}\n').map((c) => c.line), []);
  });

  test('columns: exact in the literal text, the action span inside what it wrote', () => {
    const template = 'spec:\n  gateway: {{ .Values.gw }} # next hop\n';
    const out = output(['templates/t.yaml', 'spec:\n  gateway: 10.10.0.256 # next hop']);
    const map = new RenderMap(out, new Map([['templates/t.yaml', template]]));
    // Output line 3 is `  gateway: 10.10.0.256 # next hop`.
    assert.deepEqual(map.position(3, 2), { source: 'templates/t.yaml', line: 1, character: 2 });
    assert.deepEqual(map.position(3, 11, 'start'), { source: 'templates/t.yaml', line: 1, character: 11 });
    assert.deepEqual(map.position(3, 22, 'end'), { source: 'templates/t.yaml', line: 1, character: 27 });
    assert.deepEqual(map.position(3, 15, 'start'), { source: 'templates/t.yaml', line: 1, character: 11 });
    assert.deepEqual(map.position(3, 25), { source: 'templates/t.yaml', line: 1, character: 30 });
    assert.equal(map.position(1, 0), undefined); // the `# Source:` line
  });

  test('a section whose template is not given (a packed subchart) maps nothing', () => {
    const map = new RenderMap(output(['charts/sub/templates/x.yaml', 'a: 1']), new Map());
    assert.equal(map.templateLine(2), undefined);
    assert.equal(map.sectionAt(2)?.source, 'charts/sub/templates/x.yaml');
  });
});

describe('diagnostics of a rendered chart', () => {
  const template = [
    '{{- if .Values.routes }}',
    'apiVersion: k8s.f5net.com/v1',
    'kind: F5SPKStaticRoute',
    'metadata:',
    '  name: default-route',
    'spec:',
    '  destination: 0.0.0.0',
    '  prefixLen: 0',
    '  type: gateway',
    '  gateway: {{ .Values.gateway }}',
    '---',
    'apiVersion: k8s.f5net.com/v1',
    'kind: F5SPKStaticRoute',
    'metadata:',
    '  name: lab',
    'spec:',
    '  {{- toYaml .Values.labSpec | nindent 2 }}',
    '{{- end }}',
  ].join('\n');
  const rendered = output(
    ['templates/routes.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: default-route\nspec:\n  destination: 0.0.0.0\n  prefixLen: 0\n  type: gateway\n  gateway: 10.10.0.256'],
    ['templates/routes.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: lab\nspec:\n  destination: 10.20.1.0\n  prefixLen: 16\n  type: blackhole'],
  );
  test('a mapped error lands on the template line and the action; an unmapped one on its document, quoted', () => {
    const uri = 'helm-render:/chart';
    const workspace = new Workspace();
    workspace.setFile(uri, rendered);
    const map = new RenderMap(rendered, new Map([['templates/routes.yaml', template]]));
    const found = chartDiagnostics(workspace.diagnostics(uri), map, uri).map((c) => `${c.file}:${c.diagnostic.range.start.line + 1}:${c.diagnostic.range.start.character + 1}-${c.diagnostic.range.end.line + 1}:${c.diagnostic.range.end.character + 1} ${c.mapped ? 'mapped' : 'unmapped'} ${c.diagnostic.code}: ${c.diagnostic.message}`);
    assert.deepEqual(found, [
      'templates/routes.yaml:10:12-10:33 mapped invalid-address: gateway: octet 256 in "10.10.0.256" is above 255',
      'templates/routes.yaml:15:1-15:1 unmapped destination-host-bits: in rendered line "destination: 10.20.1.0" (not mapped to a template line): destination 10.20.1.0 has host bits set for /16: the network is 10.20.0.0 (inferred: SPK expects the network address)',
    ]);
  });
});

describe('rendered lines, the hard cases', () => {
  test('a long line with many actions is matched in linear time', () => {
    const template = `v: ${'{{ .a }}x'.repeat(20)}{{ .b }}\n`;
    const line = `v: ${'a'.repeat(200_000)}`;
    const started = performance.now();
    const map = new RenderMap(output(['templates/t.yaml', line]), new Map([['templates/t.yaml', template]]));
    assert.equal(map.templateLine(2), undefined); // no `x` in it
    assert.ok(performance.now() - started < 1000);
    const written = `v: ${'ax'.repeat(20)}b`;
    assert.equal(new RenderMap(output(['templates/t.yaml', written]), new Map([['templates/t.yaml', template]])).templateLine(2), 0);
  });

  test('a finding on a `---` or `# Source:` line stays with the section that follows', () => {
    const out = output(['templates/t.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute']);
    const map = new RenderMap(out, new Map([['templates/t.yaml', 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\n']]));
    const at = { line: 0, character: 0 };
    const [found] = chartDiagnostics([{ range: { start: at, end: at }, severity: 'error', code: 'missing-name', message: 'no name' }], map, 'helm-template:x');
    assert.deepEqual(found, { file: 'templates/t.yaml', mapped: false, diagnostic: { range: { start: at, end: at }, severity: 'error', code: 'missing-name', message: 'in the rendered document (not mapped to a template line): no name' } });
  });
});
