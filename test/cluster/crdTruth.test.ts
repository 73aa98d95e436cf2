// The truth test of the CRD converter (issue 14): the same CRD (test/fixtures/crds/
// spk-staticroute-crd.yaml) installed in the real kube-apiserver of test/cluster and read by
// server/src/core/resources/crd/, and many generated documents (valid and invalid: types, enums,
// bounds, patterns, formats, int-or-string, nullable, list types, embedded resources, unknown fields,
// CEL rules with isIP, ip(), isCIDR, cidr(), lists and regex) each created with a server-side dry run
// and strict field validation through the REST API (POST ?dryRun=All&fieldValidation=Strict). Per
// document the verdicts must agree: accepted by both, or rejected by both with the same fields, each
// with the same error type (reason) — and for the rules, the same message.
//
// kube-apiserver v1.32.13 (test/cluster/apiserver/go.mod: k8s.io/kubernetes v1.32.13, cel.dev/expr
// v0.18.0, github.com/google/cel-go v0.22.0). Its CRD CEL environment has, at
// compatibility version 1.32: the IP and CIDR libraries (1.31+), lists, regex, URLs, quantity, the
// strings extension (version 2), sets, optional types, and the format library (1.31+); this converter
// implements what route CRDs use (see cel.ts). A second CRD (PROBE_CRD, below) checks the quantity and
// URL libraries function by function, errors included.
// Run: node --import tsx --test test/cluster/crdTruth.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import * as path from 'node:path';
import { parse } from 'yaml';
import { installCrds, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver';
import { readCrd, type CrdVersion } from '../../server/src/core/resources/crd/crd';
import { violationPath, type Violation } from '../../server/src/core/resources/crd/validate';

const CRD_FILE = path.join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml');
const NAMESPACE = 'truth';
const COUNT = Number(process.env.SPK_CRD_TRUTH_COUNT ?? 1000);
const TIMEOUT = { timeout: 240_000 };

// ---------------------------------------------------------------------------------------------
// Documents

type Spec = Record<string, unknown>;
type Mutation = [string, (spec: Spec, doc: Record<string, unknown>) => void];

const set = (key: string, value: unknown): Mutation => [`${key}=${JSON.stringify(value)}`, (s) => { s[key] = value; }];
const unset = (key: string): Mutation => [`-${key}`, (s) => { delete s[key]; }];

/** Mutations per field: a generated document takes a few, from different fields. */
const FIELDS: Record<string, Mutation[]> = {
  destination: [set('destination', '10.1.0.0'), set('destination', '2001:db8::'), set('destination', '10.1.0.0/16'), set('destination', 'nope'), set('destination', 10), set('destination', '010.1.0.0'), set('destination', '::ffff:10.1.0.0'), set('destination', `1${'0'.repeat(45)}`), set('destination', null), unset('destination')],
  prefixLen: [set('prefixLen', 0), set('prefixLen', 128), set('prefixLen', 129), set('prefixLen', -1), set('prefixLen', '24'), set('prefixLen', 1.5), set('prefixLen', null)],
  type: [set('type', 'gateway'), set('type', 'blackhole'), set('type', 'gatway'), set('type', 1), set('type', null), unset('type')],
  gateway: [set('gateway', '10.1.0.1'), set('gateway', '2001:db8::1'), set('gateway', '127.0.0.1'), set('gateway', 'router'), set('gateway', null), unset('gateway'), set('gateway', true)],
  metric: [set('metric', 5), set('metric', 'low'), set('metric', 1.5), set('metric', true), set('metric', null), set('metric', [1])],
  vlan: [set('vlan', 'ext-1'), set('vlan', null), set('vlan', 'Ext'), set('vlan', 'a-very-long-vlan-name'), set('vlan', 5)],
  tags: [set('tags', ['a']), set('tags', ['a', 'a']), set('tags', ['a', 'b', 'c', 'd']), set('tags', ['']), set('tags', [null]), set('tags', 'a'), set('tags', ['é'.repeat(20)]), set('tags', ['é'.repeat(21)])],
  sources: [set('sources', ['10.0.0.0/8']), set('sources', ['10.0.0.1/8']), set('sources', ['x']), set('sources', ['16.0.0.0/4']), set('sources', ['10.0.0.0/8', '2001:db8::/32']), set('sources', Array.from({ length: 9 }, (_, i) => `10.${i}.0.0/16`)), set('sources', ['10.0.0.0/08']), set('sources', [5])],
  nextHops: [set('nextHops', [{ address: '1.1.1.1' }]), set('nextHops', [{ address: '1.1.1.1' }, { address: '1.1.1.1', weight: 2 }]), set('nextHops', [{ address: '::1' }]), set('nextHops', [{ address: '1.1.1.1', weight: 0 }]), set('nextHops', [{ weight: 3 }]), set('nextHops', [{ address: '1.1.1.1', colour: 'red' }]), set('nextHops', [{ address: '001.1.1.1' }]), set('nextHops', [{ address: '1.1.1.1' }, { address: '1.1.1.2' }, { address: '1.1.1.3' }, { address: '1.1.1.4' }, { address: '1.1.1.5' }])],
  bfd: [set('bfd', null), set('bfd', { interval: 0 }), set('bfd', { interval: 50 }), set('bfd', { interval: 75 }), set('bfd', { multiplier: 11 }), set('bfd', { colour: 1 }), set('bfd', { interval: '50' }), set('bfd', 'fast')],
  rate: [set('rate', 0.5), set('rate', 0.4), set('rate', 100.5), set('rate', '1'), set('rate', 5), set('rate', 100)],
  labels: [set('labels', { a: 'b' }), set('labels', { a: '1', b: '2', c: '3', d: '4', e: '5' }), set('labels', { a: 'x'.repeat(11) }), set('labels', { a: 1 }), set('labels', { 'k8s.io/x': 'y' })],
  vendor: [set('vendor', { anything: { deep: [1, 'x'] }, owner: 'abc' }), set('vendor', { owner: 'ABC' }), set('vendor', { owner: 5 }), set('vendor', 'x')],
  template: [set('template', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } }), set('template', { data: {} }), set('template', { apiVersion: 'v1' }), set('template', { apiVersion: 'v1', kind: 'ConfigMap', anything: [1] })],
  note: [set('note', 'ok'), set('note', 'a123'), set('note', '-bad'), set('note', 'tmm.example.com'), set('note', 'x'.repeat(64)), set('note', 'a1.b2'), set('note', 'a-b-c'), set('note', 'x'.repeat(63)), set('note', 'é.example.de')],
  unknown: [set('colour', 'red'), set('Destination', '10.0.0.0'), ['bfd.colour', (s) => { s.bfd = { interval: 50, colour: 'red' }; }], ['root colour', (_s, d) => { d.colour = 'red'; }]],
  name: [['name=forbidden', (_s, d) => { (d.metadata as Record<string, unknown>).name = 'forbidden'; }]],
};

/** A small deterministic PRNG (mulberry32): the same documents on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  label: string;
  doc: Record<string, unknown>;
}

function documents(count: number): Case[] {
  const random = prng(Number(process.env.SPK_CRD_TRUTH_SEED ?? 14));
  const fields = Object.keys(FIELDS);
  const cases: Case[] = [];
  const base = (): Record<string, unknown> => ({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'route', namespace: NAMESPACE }, spec: { destination: '10.0.0.0', gateway: '10.0.0.1' } });
  // Every mutation once on its own, then random combinations of 1 to 3 fields.
  for (const field of fields) for (const [label, apply] of FIELDS[field]!) {
    const doc = base();
    apply(doc.spec as Spec, doc);
    cases.push({ label, doc });
  }
  while (cases.length < count) {
    const doc = base();
    const labels: string[] = [];
    const n = 1 + Math.floor(random() * 3);
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(fields[Math.floor(random() * fields.length)]!);
    for (const field of chosen) {
      const options = FIELDS[field]!;
      const [label, apply] = options[Math.floor(random() * options.length)]!;
      apply(doc.spec as Spec, doc);
      labels.push(label);
    }
    cases.push({ label: labels.join(' '), doc });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// The two verdicts, in one form: accepted, or rejected with `path reason` per error

const SKIPPED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

interface Verdict {
  accepted: boolean;
  /** `unknown` (strict decoding, nothing else is checked) or `invalid`. */
  kind?: 'unknown' | 'invalid';
  errors: string[];
  /** The rules' messages by path, to compare wording. */
  messages: string[];
  rulesSkipped: boolean;
}

const REASONS: Partial<Record<Violation['code'], string>> = {
  type: 'FieldValueTypeInvalid',
  format: 'FieldValueTypeInvalid',
  required: 'FieldValueRequired',
  embedded: 'FieldValueRequired',
  enum: 'FieldValueNotSupported',
  'too-long': 'FieldValueTooLong',
  'too-many': 'FieldValueTooMany',
  duplicate: 'FieldValueDuplicate',
};

function reasonOf(violation: Violation, version: CrdVersion): string {
  if (violation.code === 'rule') {
    // The rule's own reason: find it by its text.
    const reason = findRuleReason(version, violation.rule!);
    return reason ?? 'FieldValueInvalid';
  }
  return REASONS[violation.code] ?? 'FieldValueInvalid';
}

function findRuleReason(version: CrdVersion, rule: string): string | undefined {
  let found: string | undefined;
  JSON.stringify(version.openApi, (key, value: unknown) => {
    if (key === 'x-kubernetes-validations' && Array.isArray(value)) for (const r of value as { rule: string; reason?: string }[]) if (r.rule === rule && r.reason) found = r.reason;
    return value;
  });
  return found;
}

function ours(version: CrdVersion, doc: unknown): Verdict {
  const { violations, rulesSkipped } = version.validate(doc);
  const unknown = violations.filter((v) => v.code === 'unknown-field');
  if (unknown.length) return { accepted: false, kind: 'unknown', errors: unknown.map((v) => violationPath(v)).sort(), messages: [], rulesSkipped: false };
  if (violations.length === 0) return { accepted: true, errors: [], messages: [], rulesSkipped: false };
  return {
    accepted: false,
    kind: 'invalid',
    errors: violations.map((v) => `${violationPath(v)} ${reasonOf(v, version)}`).sort(),
    messages: violations.filter((v) => v.code === 'rule').map((v) => `${violationPath(v)}: ${v.detail}`).sort(),
    rulesSkipped,
  };
}

interface Status {
  code?: number;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

function theirs(status: number, body: Status): Verdict {
  if (status === 201) return { accepted: true, errors: [], messages: [], rulesSkipped: false };
  if (status === 400 && body.message?.includes('strict decoding error')) {
    const fields = [...body.message.matchAll(/unknown field "([^"]*)"/g)].map((m) => m[1]!).sort();
    return { accepted: false, kind: 'unknown', errors: fields, messages: [], rulesSkipped: false };
  }
  assert.equal(status, 422, `an Invalid status, not ${status}: ${JSON.stringify(body)}`);
  const causes = body.details?.causes ?? [];
  const field = (f: string | undefined) => (f === undefined || f === '<nil>' ? '' : f);
  const real = causes.filter((c) => !c.message?.endsWith(SKIPPED));
  return {
    accepted: false,
    kind: 'invalid',
    errors: real.map((c) => `${field(c.field)} ${c.reason}`).sort(),
    // The server words a rule's error "<type>: <message>"; ours keep the same form.
    messages: real.filter((c) => ruleMessages.has(stripValue(c.message ?? ''))).map((c) => `${field(c.field)}: ${c.message}`).sort(),
    rulesSkipped: causes.length !== real.length,
  };
}

/** The messages the fixture's rules can give (their `message`, or the form of a messageExpression). */
const ruleMessages = new Set<string>();
function stripValue(message: string): string {
  return message.replace(/^(Invalid value: "[^"]*"|Required value|Forbidden|Duplicate value): /, '').replace(/^destination .* and gateway .* are of different families$/, 'FAMILIES').replace(/^must be a bare IP address, not .*$/, 'BARE');
}

// ---------------------------------------------------------------------------------------------
// The REST API of the test server, with the admin's token and the server's CA

interface Client {
  create(doc: unknown): Promise<{ status: number; body: Status }>;
}

function restClient(server: ApiServer, resource = `/apis/k8s.f5net.com/v1/namespaces/${NAMESPACE}/f5-spk-staticroutes`): Client {
  const config = parse(readFileSync(server.kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token?: string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const context = config.contexts.find((c) => c.name === server.context)!.context;
  const cluster = config.clusters.find((c) => c.name === context.cluster)!.cluster;
  const token = config.users.find((u) => u.name === context.user)!.user.token!;
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
  const url = new URL(`${resource}?dryRun=All&fieldValidation=Strict`, cluster.server);
  return {
    create: (doc) => new Promise((resolve, reject) => {
      const body = JSON.stringify(doc);
      const req = request(url, { method: 'POST', ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Status }));
      });
      req.on('error', reject);
      req.end(body);
    }),
  };
}

// ---------------------------------------------------------------------------------------------

describe('the CRD converter agrees with kube-apiserver on every generated document', () => {
  let server: ApiServer;
  let client: Client;
  let version: CrdVersion;

  before(async () => {
    const text = readFileSync(CRD_FILE, 'utf8');
    const crd = readCrd(parse(text));
    assert.ok(typeof crd !== 'string', String(crd));
    version = crd.versions[0]!;
    JSON.stringify(version.openApi, (key, value: unknown) => {
      if (key === 'x-kubernetes-validations' && Array.isArray(value)) for (const r of value as { message?: string }[]) if (r.message) ruleMessages.add(r.message);
      return value;
    });
    ruleMessages.add('FAMILIES').add('BARE');
    server = await startApiServer();
    await installCrds(server, text, [{ name: crd.name, plural: crd.plural, group: crd.group }]);
    const ns = await server.kubectl(['create', 'namespace', NAMESPACE]);
    assert.equal(ns.code, 0, ns.stderr);
    client = restClient(server);
  }, { timeout: 300_000 });

  after(async () => {
    await server?.stop();
  });

  test(`${COUNT} documents: accept or reject alike, with the same fields and error types, and the rules' own messages`, TIMEOUT, async () => {
    const cases = documents(COUNT);
    const disagreements: string[] = [];
    const tally = { accepted: 0, unknown: 0, invalid: 0, rulesSkipped: 0, ruleErrors: 0 };
    for (const { label, doc } of cases) {
      const expected = ours(version, doc);
      const { status, body } = await client.create(doc);
      const actual = theirs(status, body);
      if (actual.accepted) tally.accepted++;
      else tally[actual.kind!]++;
      if (actual.rulesSkipped) tally.rulesSkipped++;
      if (actual.messages.length) tally.ruleErrors++;
      const same = expected.accepted === actual.accepted && expected.kind === actual.kind && JSON.stringify(expected.errors) === JSON.stringify(actual.errors)
        && expected.rulesSkipped === actual.rulesSkipped && JSON.stringify(expected.messages) === JSON.stringify(actual.messages);
      if (!same) disagreements.push(`${label}\n  ours:   ${JSON.stringify(expected)}\n  server: ${JSON.stringify(actual)}\n  status: ${JSON.stringify(body.details?.causes ?? body.message ?? '')}`);
    }
    process.stderr.write(`[crdTruth] ${cases.length} documents: ${JSON.stringify(tally)}; ${disagreements.length} disagreements\n`);
    assert.deepEqual(disagreements, []);
    // The documents cover each kind of verdict.
    assert.ok(tally.accepted > 20 && tally.unknown > 10 && tally.invalid > 100 && tally.rulesSkipped > 20 && tally.ruleErrors > 20, JSON.stringify(tally));
  });
});

// ---------------------------------------------------------------------------------------------
// The quantity and URL libraries, and their errors: a CRD of probes whose rules fail on purpose, so
// that each one's message (a messageExpression built from the functions' results) or evaluation
// error shows what the function answered, on both sides.

const PROBE_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: probes.truth.example.com}
spec:
  group: truth.example.com
  scope: Namespaced
  names: {kind: Probe, plural: probes}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                q: {type: string, maxLength: 40}
                u: {type: string, maxLength: 60}
              x-kubernetes-validations:
                - rule: '!has(self.q) || isQuantity(self.q)'
                  message: not a quantity
                - rule: '!has(self.q) || !isQuantity(self.q) || quantity(self.q).isInteger()'
                  message: not an integer
                - rule: '!has(self.q) || !isQuantity(self.q) || quantity(self.q).compareTo(quantity(''1Gi'')) < 0'
                  message: at least 1Gi
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).isGreaterThan(quantity(''1k''))'
                  message: more than 1k
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).isLessThan(quantity(''1m''))'
                  message: less than 1m
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).add(quantity(''500m'')).isInteger()'
                  message: plus 500m is an integer
                - rule: '!has(self.q) || !isQuantity(self.q) || quantity(self.q).add(1).compareTo(quantity(''2'')) != 0'
                  message: plus 1 is 2
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).sub(1).isLessThan(quantity(''0''))'
                  message: minus 1 is negative
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).sub(quantity(''1k'')).isInteger()'
                  message: minus 1k is an integer
                - rule: '!has(self.q) || !isQuantity(self.q) || quantity(self.q).asApproximateFloat() >= 1000.0'
                  message: about less than 1000
                - rule: '!has(self.q) || !isQuantity(self.q) || !quantity(self.q).isInteger() || quantity(self.q).asInteger() % 7 != 3'
                  message: 3 modulo 7
                - rule: '!has(self.q) || !quantity(self.q).isGreaterThan(quantity(''1E''))'
                - rule: '!has(self.q) || !isQuantity(self.q) || quantity(self.q).asInteger() != 7'
                - rule: '!has(self.u) || isURL(self.u)'
                  message: not a URL
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getScheme() != ''https'''
                  message: scheme https
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getScheme() != '''''
                  message: no scheme
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getHostname() != ''example.com'''
                  message: hostname example.com
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getHost() != ''example.com:8443'''
                  message: host example.com:8443
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getHost() != '''''
                  message: no host
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getPort() == '''''
                  message: a port
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getEscapedPath() != ''/a%20b'''
                  message: path /a%20b
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getEscapedPath() != ''/A%2Fb'''
                  message: path /A%2Fb
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getEscapedPath() != '''''
                  message: empty path
                - rule: '!has(self.u) || !isURL(self.u) || url(self.u).getHostname() != ''::1'' && url(self.u).getHostname() != ''fe80::1%eth0'''
                  message: an IPv6 hostname
                - rule: '!has(self.u) || !isURL(self.u) || !(''x'' in url(self.u).getQuery())'
                  message: a query x
                - rule: '!has(self.u) || url(self.u).getScheme() != ''gopher'''
`;

const QUANTITIES = ['0', '1', '-1', '+5', '007', '-0', '1.5', '1.0', '.5', '1.', '500m', '999m', '1000m', '1001m', '1n', '0.1n', '1.0000000001', '1k', '1K', '1Ki', '1Mi', '1Gi', '1.5Gi', '2Gi', '1Ti', '1Pi', '1Ei', '8Ei', '1e3', '1E-3', '1e+3', '1e', '1E', '1mi', '1Kib', 'abc', '', '1 Gi', '9223372036854775807', '9223372036854775808', '1e19', '12345678901234567890'];
const URLS = ['https://example.com', 'https://example.com:8443/a b?x=1&x=2', 'https://example.com/a%20b', 'HTTP://Example.COM/A%2Fb', '/path/only?x=y', '*', 'mailto:a@b.c', '//host/path', 'https://[::1]:443/p', 'https://[fe80::1%25eth0]/', 'ftp://example.com/f#frag', 'https://example.com?x=', 'https://u:p@example.com/?a=1;b=2&x=3', 'https://h/?x=%zz&x=1', 'example.com', '', 'https://exa mple.com', 'https://h:80x/', 'https://[::1/', 'https://h/%zz', ':foo', './rel'];

describe('the quantity and URL libraries agree with kube-apiserver', () => {
  let server: ApiServer;
  let client: Client;
  let version: CrdVersion;

  before(async () => {
    const crd = readCrd(parse(PROBE_CRD));
    assert.ok(typeof crd !== 'string', String(crd));
    version = crd.versions[0]!;
    server = await startApiServer();
    await installCrds(server, PROBE_CRD, [{ name: crd.name, plural: crd.plural, group: crd.group }]);
    const ns = await server.kubectl(['create', 'namespace', NAMESPACE]);
    assert.equal(ns.code, 0, ns.stderr);
    client = restClient(server, `/apis/truth.example.com/v1/namespaces/${NAMESPACE}/probes`);
  }, { timeout: 300_000 });

  after(async () => {
    await server?.stop();
  });

  test(`${QUANTITIES.length} quantities and ${URLS.length} URLs: the same errors, the same words, the same answers of every function`, TIMEOUT, async () => {
    const disagreements: string[] = [];
    for (const spec of [...QUANTITIES.map((q) => ({ q })), ...URLS.map((u) => ({ u }))]) {
      const doc = { apiVersion: 'truth.example.com/v1', kind: 'Probe', metadata: { name: 'p', namespace: NAMESPACE }, spec };
      const expected = version.validate(doc).violations.map((v) => `${violationPath(v)}: ${v.detail}`).sort();
      const { status, body } = await client.create(doc);
      const actual = status === 201 ? [] : (body.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`).sort();
      if (JSON.stringify(expected) !== JSON.stringify(actual)) disagreements.push(`${JSON.stringify(spec)}\n  ours:   ${JSON.stringify(expected)}\n  server: ${JSON.stringify(actual)}${status === 201 || status === 422 ? '' : ` (status ${status}: ${body.message ?? ''})`}`);
    }
    assert.deepEqual(disagreements, []);
  });
});
