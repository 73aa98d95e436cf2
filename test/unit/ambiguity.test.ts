// Documents that kubectl (YAML 1.1, split at `---` lines) would read differently from us: each is an
// `ambiguous-yaml` error at the exact place, and apply refuses it (never sends it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spkDocuments } from '../../client/src/cluster/manifests.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import type { Diagnostic } from '../../server/src/core/diagnostics/rules.js';

function where(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code}`;
}

const ambiguous = (text: string) => new FileModel(text).diagnostics().filter((d) => d.code === 'ambiguous-yaml');

const ROUTE = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: r1
  namespace: event1
spec:
  destination: 10.20.0.0
  prefixLen: 16
  type: gateway
  gateway: 10.10.255.252
`;

describe('ambiguous-yaml', () => {
  test('a clean route, markers with comments and CRLF line ends are not ambiguous', () => {
    assert.deepEqual(ambiguous(ROUTE), []);
    assert.deepEqual(ambiguous(`--- # first\n${ROUTE}---\t# second\n${ROUTE}...\n---\n${ROUTE}`), []);
    assert.deepEqual(ambiguous(ROUTE.replaceAll('\n', '\r\n')), []);
    assert.deepEqual(ambiguous('spec:\n  a: "yes"\n  b: true\n  c: 0x1F\n  d: 017x\n  e: fd00::1\n  f: 1.5\n  kind: F5SPKVlan\n'), [], 'not an SPK document: left alone');
  });

  test('a line that begins with --- inside a document: kubectl starts a new document there', () => {
    const text = `${ROUTE}---#:\n  apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRoleBinding\n`;
    const found = ambiguous(text);
    assert.deepEqual(found.map(where), ['11:1-11:6 ambiguous-yaml']);
    assert.match(found[0]!.message, /kubectl starts a new document here and YAML does not/);
    assert.equal(found[0]!.severity, 'error');
    assert.deepEqual(ambiguous(`${ROUTE}----\n`).map(where), ['11:1-11:5 ambiguous-yaml']);
  });

  test('content on the --- line is rejected by kubectl', () => {
    const found = ambiguous(`--- {apiVersion: k8s.f5net.com/v1, kind: F5SPKStaticRoute, metadata: {name: r1}}\n`);
    assert.deepEqual(found.map(where), ['1:1-1:81 ambiguous-yaml']);
    assert.match(found[0]!.message, /content on the `---` line/);
  });

  test('U+2028, U+2029 and U+0085 end a line for YAML 1.1 only, even inside a comment', () => {
    const text = ROUTE.replace('metadata:\n', 'metadata: # note\u2028kind: ClusterRoleBinding\n').replace('  prefixLen: 16\n', '  prefixLen: 16 #\u2029\u0085\n');
    const found = ambiguous(text);
    assert.deepEqual(found.map(where), ['3:17-3:18 ambiguous-yaml', '8:18-8:19 ambiguous-yaml', '8:19-8:20 ambiguous-yaml']);
    assert.match(found[0]!.message, /^U\+2028 LINE SEPARATOR here: kubectl's YAML 1\.1 reader ends a line at it/);
    assert.match(found[1]!.message, /^U\+2029 PARAGRAPH SEPARATOR/);
    assert.match(found[2]!.message, /^U\+0085 NEXT LINE/);
  });

  test('plain scalars that YAML 1.1 reads as another value', () => {
    const text = ROUTE.replace('  type: gateway\n', '  type: gateway\n  bonded: yes\n  tag: 0755\n  mtu: 1_500\n  interfaces: [1:30, 0b11, "on", off]\n  prefixlen_v6: 0o17\n');
    const found = ambiguous(text);
    assert.deepEqual(found.map((d) => `${where(d)} ${d.message}`), [
      '10:11-10:14 ambiguous-yaml kubectl (YAML 1.1) reads yes as the boolean true, YAML 1.2 as the string "yes": quote it ("yes") or write the value unambiguously',
      '11:8-11:12 ambiguous-yaml kubectl (YAML 1.1) reads 0755 as the number 493 (octal), YAML 1.2 as 755: quote it ("0755") or write the value unambiguously',
      '12:8-12:13 ambiguous-yaml kubectl (YAML 1.1) reads 1_500 as the number 1500, YAML 1.2 as the string "1_500": quote it ("1_500") or write the value unambiguously',
      '13:16-13:20 ambiguous-yaml kubectl (YAML 1.1) reads 1:30 as the number 90 (base 60), YAML 1.2 as the string "1:30": quote it ("1:30") or write the value unambiguously',
      '13:22-13:26 ambiguous-yaml kubectl (YAML 1.1) reads 0b11 as the number 3 (binary), YAML 1.2 as the string "0b11": quote it ("0b11") or write the value unambiguously',
      '13:34-13:37 ambiguous-yaml kubectl (YAML 1.1) reads off as the boolean false, YAML 1.2 as the string "off": quote it ("off") or write the value unambiguously',
      '14:17-14:21 ambiguous-yaml kubectl (YAML 1.1) reads 0o17 as the string "0o17", YAML 1.2 as 15: quote it ("0o17") or write the value unambiguously',
    ]);
  });

  test('an IPv6 address that YAML 1.1 reads as a base-60 number', () => {
    const found = ambiguous(ROUTE.replace('gateway: 10.10.255.252', 'gateway: 1:2:3:4:5:6:7:8'));
    assert.deepEqual(found.map(where), ['10:12-10:27 ambiguous-yaml']);
  });

  test('merge keys, numbers JSON cannot carry, and the YAML 1.2-only escape', () => {
    const text = ROUTE.replace('spec:\n', 'spec:\n  <<: {mtu: 1500}\n  tag: 123456789012345678901\n  name: "a\\/b"\n');
    assert.deepEqual(ambiguous(text).map((d) => `${where(d)} ${d.message.split(':')[0]}`).sort(), [
      '7:3-7:5 ambiguous-yaml kubectl (YAML 1.1) reads << as a merge key, YAML 1.2 as the string "<<"',
      '8:8-8:29 ambiguous-yaml the number 123456789012345678901 cannot be carried exactly (it becomes 123456789012345680000); quote it if it is text',
      '9:9-9:15 ambiguous-yaml the escape \\/ is YAML 1.2 only',
    ].sort());
  });

  test('a document after a ... marker without ---: kubectl reads only the one before', () => {
    const found = ambiguous(`${ROUTE}...\n# comment\n${ROUTE.replace('r1', 'r2')}`);
    assert.deepEqual(found.map(where), ['13:1-13:29 ambiguous-yaml']);
    assert.match(found[0]!.message, /follows a `\.\.\.` end marker without `---`/);
  });

  test('a %YAML 1.1 document is read as YAML 1.1 by both', () => {
    assert.deepEqual(ambiguous(`%YAML 1.1\n---\n${ROUTE.replace('  type: gateway\n', '  type: gateway\n  bonded: yes\n')}`), []);
  });
});

describe('what apply sends', () => {
  test('a refused document is never sent and names its line and reason', () => {
    const text = `${ROUTE}---\n${ROUTE.replace('r1', 'r2').replace('metadata:\n', 'metadata: # \u2028kind: ClusterRoleBinding\n')}---\n${ROUTE.replace('r1', 'r3')}kind: ClusterRoleBinding\n`;
    const docs = spkDocuments('file:///w/a.yaml', text);
    assert.deepEqual(docs.map((d) => [d.name, d.refusal?.line, d.body === '' ? 'nothing' : 'json']), [
      ['r1', undefined, 'json'],
      ['r2', 13, 'nothing'],
      ['r3', 32, 'nothing'],
    ]);
    assert.match(docs[1]!.refusal!.message, /^not sent: U\+2028 LINE SEPARATOR here: .* \(ambiguous-yaml\)$/);
    assert.match(docs[2]!.refusal!.message, /^not sent: YAML: Map keys must be unique \(yaml-syntax\)$/);
  });

  test('two JSON objects in one document: refused, and neither object is sent', () => {
    const one = '{"apiVersion":"k8s.f5net.com/v1","kind":"F5SPKStaticRoute","metadata":{"name":"r1","namespace":"event1"},"spec":{"destination":"10.1.0.0","prefixLen":16,"type":"gateway","gateway":"10.10.0.1"}}';
    const docs = spkDocuments('file:///w/a.yaml', `${one}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}\n`);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.body, '');
    assert.match(docs[0]!.refusal!.message, /\(yaml-syntax\)$/);
  });

  test('an SPK kind that cannot be read at all is listed as refused, not dropped', () => {
    const docs = spkDocuments('file:///w/a.yaml', 'apiVersion: k8s.f5net.com/v9\nkind: F5SPKStaticRoute\nmetadata: {name: r1}\n');
    assert.deepEqual(docs.map((d) => [d.kind, d.refusal?.line]), [['F5SPKStaticRoute', 0]]);
    assert.match(docs[0]!.refusal!.message, /^not sent: F5SPKStaticRoute is not known at apiVersion k8s\.f5net\.com\/v9/);
  });

  test('a key __proto__ is sent as data', () => {
    const docs = spkDocuments('file:///w/a.yaml', ROUTE.replace('spec:\n', 'spec:\n  __proto__: {x: 1}\n'));
    assert.deepEqual(Object.keys(JSON.parse(docs[0]!.body).spec), ['__proto__', 'destination', 'prefixLen', 'type', 'gateway']);
  });
});

describe('numbers JSON has no form for', () => {
  test('1e400 and .nan are not sent (they would become null)', () => {
    for (const value of ['1e400', '.nan', '-.inf']) {
      const docs = spkDocuments('file:///w/a.yaml', ROUTE.replace('prefixLen: 16', `prefixLen: ${value}`));
      assert.equal(docs[0]!.body, '', value);
      assert.deepEqual(docs[0]!.refusal, { line: 7, message: `not sent: the number ${value} has no JSON form` });
    }
  });
});
