// Golden tests of the CRD converter (server/src/core/resources/crd/): each rule of the API server's
// semantics that it carries over, with the pitfalls of converters that turn CRDs into plain JSON
// Schema (kubeconform's openapi2jsonschema adds additionalProperties: false everywhere, even inside
// `default` and `enum` values, and ignores x-kubernetes-preserve-unknown-fields, nullable and CEL).
// Verdicts here are what kube-apiserver 1.32 answers; test/cluster/crdTruth.test.ts checks them
// against the real one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readCrd, type CrdDefinition } from '../../server/src/core/resources/crd/crd';
import type { OpenApiSchema } from '../../server/src/core/resources/crd/openapi';
import { celFieldName, parseFieldPath, violationPath } from '../../server/src/core/resources/crd/validate';
import { parseCelCidr, parseCelIp } from '../../server/src/core/resources/crd/cel';
import { checkFormat } from '../../server/src/core/resources/crd/formats';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'crds', 'spk-staticroute-crd.yaml');

function crdOf(spec: OpenApiSchema, extra: Partial<Record<string, unknown>> = {}): CrdDefinition {
  const crd = readCrd({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
      ...extra,
    },
  });
  assert.ok(typeof crd !== 'string', String(crd));
  return crd;
}

/** `path code` of each violation of `spec` against a schema of spec, sorted. */
function verdict(spec: OpenApiSchema, value: unknown): string[] {
  const [version] = crdOf(spec).versions;
  const result = version!.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: value });
  return result.violations.map((v) => `${violationPath(v)} ${v.code}`).sort();
}

function details(spec: OpenApiSchema, value: unknown): string[] {
  const [version] = crdOf(spec).versions;
  return version!.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: value }).violations.map((v) => `${violationPath(v)}: ${v.detail}`);
}

describe('reading a CRD', () => {
  test('the fixture: one served version, group, kind, plural, no problems', () => {
    const crd = readCrd(parse(readFileSync(FIXTURE, 'utf8')));
    assert.ok(typeof crd !== 'string');
    assert.equal(crd.name, 'f5-spk-staticroutes.k8s.f5net.com');
    assert.deepEqual([crd.group, crd.kind, crd.plural], ['k8s.f5net.com', 'F5SPKStaticRoute', 'f5-spk-staticroutes']);
    assert.deepEqual(crd.versions.map((v) => v.apiVersion), ['k8s.f5net.com/v1']);
    assert.deepEqual(crd.problems, []);
  });
  test('versions not served are not used; a rule that does not compile is a problem of the CRD', () => {
    const crd = readCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' },
      spec: { group: 'example.com', names: { kind: 'Thing', plural: 'things' }, versions: [
        { name: 'v1', served: false, schema: { openAPIV3Schema: { type: 'object' } } },
        { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a ==' }] } } } } },
      ] },
    });
    assert.ok(typeof crd !== 'string');
    assert.deepEqual(crd.versions.map((v) => v.version), ['v2']);
    assert.equal(crd.problems.length, 1);
    assert.match(crd.problems[0]!, /^version v2, spec: the rule "self\.a ==" does not compile/);
  });
  test('not a CRD, or one without group and kind', () => {
    assert.equal(typeof readCrd({ apiVersion: 'v1', kind: 'ConfigMap' }), 'string');
    assert.equal(typeof readCrd({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: {} }), 'string');
  });
});

describe('types', () => {
  const spec: OpenApiSchema = { type: 'object', properties: { n: { type: 'integer' }, x: { type: 'number' }, s: { type: 'string' }, b: { type: 'boolean' }, l: { type: 'array', items: { type: 'string' } }, o: { type: 'object', properties: {} } } };
  test('each type accepts its values; integer values are numbers too', () => {
    assert.deepEqual(verdict(spec, { n: 3, x: 3, s: 'a', b: false, l: ['a'], o: {} }), []);
    assert.deepEqual(verdict(spec, { x: 2.5 }), []);
  });
  test('a wrong type is reported at the field, with the API server\'s words', () => {
    assert.deepEqual(verdict(spec, { n: '3', x: 'a', s: 1, b: 'yes', l: 'a', o: [] }), ['spec.b type', 'spec.l type', 'spec.n type', 'spec.o type', 'spec.s type', 'spec.x type']);
    assert.deepEqual(details(spec, { n: 1.5 }), ['spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"']);
  });
  test('x-kubernetes-int-or-string: an integer or a string, nothing else', () => {
    const s: OpenApiSchema = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } };
    assert.deepEqual(verdict(s, { port: 80 }), []);
    assert.deepEqual(verdict(s, { port: 'http' }), []);
    assert.deepEqual(verdict(s, { port: 1.5 }), ['spec.port type']);
    assert.deepEqual(verdict(s, { port: true }), ['spec.port type']);
    assert.deepEqual(crdOf(s).versions[0]!.jsonSchema.properties!.spec!.properties!.port, { anyOf: [{ type: 'integer' }, { type: 'string' }] });
  });
  test('nullable: null is accepted and nothing else is checked; without it a null field is as if not written', () => {
    const s: OpenApiSchema = { type: 'object', required: ['r'], properties: { a: { type: 'string', nullable: true, pattern: '^x$' }, b: { type: 'string' }, r: { type: 'string' }, l: { type: 'array', items: { type: 'string' } } } };
    assert.deepEqual(verdict(s, { a: null, b: null, r: 'x' }), []);
    assert.deepEqual(verdict(s, { r: null }), ['spec.r required']);
    assert.deepEqual(verdict(s, { r: 'x', l: [null] }), ['spec.l[0] type'], 'a null list item is not pruned');
  });
});

describe('fields', () => {
  const spec: OpenApiSchema = { type: 'object', required: ['a'], properties: { a: { type: 'string' }, inner: { type: 'object', properties: { b: { type: 'integer' } } } } };
  test('unknown fields are errors that name the field, at any depth, as strict field validation does', () => {
    assert.deepEqual(details(spec, { a: 'x', metric: 1, inner: { c: 2 } }), ['spec.metric: unknown field "spec.metric"', 'spec.inner.c: unknown field "spec.inner.c"']);
  });
  test('required fields, each at its own path', () => {
    assert.deepEqual(details(spec, {}), ['spec.a: Required value']);
  });
  test('an object without properties keeps nothing unless it preserves unknown fields', () => {
    assert.deepEqual(verdict({ type: 'object', properties: { o: { type: 'object' } } }, { o: { x: 1 } }), ['spec.o.x unknown-field']);
  });
  test('x-kubernetes-preserve-unknown-fields keeps what is not declared, and still checks what is', () => {
    const s: OpenApiSchema = { type: 'object', properties: { v: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { owner: { type: 'string', pattern: '^[a-z]+$' } } } } };
    assert.deepEqual(verdict(s, { v: { anything: { deep: [1, 'x'] }, owner: 'abc' } }), []);
    assert.deepEqual(verdict(s, { v: { owner: 'ABC' } }), ['spec.v.owner pattern']);
    assert.equal(crdOf(s).versions[0]!.jsonSchema.properties!.spec!.properties!.v!.additionalProperties, true);
  });
  test('additionalProperties only where the CRD says: a map of values checked against it', () => {
    const s: OpenApiSchema = { type: 'object', properties: { labels: { type: 'object', maxProperties: 2, additionalProperties: { type: 'string', maxLength: 3 } } } };
    assert.deepEqual(verdict(s, { labels: { a: 'x', 'b.c/d': 'yyy' } }), []);
    assert.deepEqual(verdict(s, { labels: { a: 'long!', b: 1, c: 'x' } }), ['spec.labels too-many', 'spec.labels.a too-long', 'spec.labels.b type']);
  });
  test('no additionalProperties: false is added anywhere, not inside default or enum values either', () => {
    const s: OpenApiSchema = { type: 'object', properties: { o: { type: 'object', default: { a: 1 }, properties: { a: { type: 'integer' } } }, e: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, enum: [{ k: 'v' }] } } };
    const json = JSON.stringify(crdOf(s).versions[0]!.jsonSchema);
    assert.ok(!json.includes('"additionalProperties":false'), json);
    const spec = crdOf(s).versions[0]!.jsonSchema.properties!.spec!;
    assert.deepEqual(spec.properties!.o!.default, { a: 1 });
    assert.deepEqual(spec.properties!.e!.enum, [{ k: 'v' }]);
    assert.deepEqual(verdict(s, { e: { k: 'v' } }), []);
    assert.deepEqual(verdict(s, { e: { k: 'w' } }), ['spec.e enum']);
  });
  test('x-kubernetes-embedded-resource: apiVersion and kind required, metadata allowed, the rest kept', () => {
    const s: OpenApiSchema = { type: 'object', properties: { t: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } };
    assert.deepEqual(verdict(s, { t: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } } }), []);
    assert.deepEqual(verdict(s, { t: { data: {} } }), ['spec.t.apiVersion embedded', 'spec.t.kind embedded']);
  });
});

describe('defaults', () => {
  const s: OpenApiSchema = { type: 'object', properties: { type: { type: 'string', enum: ['gateway', 'blackhole'], default: 'gateway' }, w: { type: 'integer', default: 1, minimum: 1 }, n: { type: 'integer', default: 5 } }, 'x-kubernetes-validations': [{ rule: "self.type == 'gateway' && self.w == 1" }] };
  test('a default is applied before the checks: rules see it', () => {
    assert.deepEqual(verdict(s, {}), []);
    assert.deepEqual(verdict(s, { type: 'blackhole' }), ['spec rule']);
  });
  test('a null field with a default gets the default', () => {
    assert.deepEqual(verdict(s, { w: null }), []);
  });
  test('defaults are shown by hover and completion', () => {
    assert.equal(crdOf(s).versions[0]!.jsonSchema.properties!.spec!.properties!.type!.default, 'gateway');
  });
});

describe('values', () => {
  test('enum: Unsupported value with the supported ones', () => {
    assert.deepEqual(details({ type: 'object', properties: { t: { type: 'string', enum: ['a', 'b'] } } }, { t: 'c' }), ['spec.t: Unsupported value: "c": supported values: "a", "b"']);
  });
  test('bounds: minimum, maximum, exclusive ones, multipleOf', () => {
    const s: OpenApiSchema = { type: 'object', properties: { n: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10, multipleOf: 2 }, x: { type: 'number', maximum: 1.5, exclusiveMaximum: true } } };
    assert.deepEqual(verdict(s, { n: 2, x: 1.4 }), []);
    assert.deepEqual(verdict(s, { n: 0, x: 1.5 }), ['spec.n range', 'spec.x range']);
    assert.deepEqual(verdict(s, { n: 12 }), ['spec.n range']);
    assert.deepEqual(verdict(s, { n: 3 }), ['spec.n multiple-of']);
    assert.deepEqual(details(s, { n: 12 }), ['spec.n: Invalid value: 12: spec.n in body should be less than or equal to 10']);
  });
  test('strings: maxLength (Too long) and minLength in characters, pattern in RE2 syntax', () => {
    const s: OpenApiSchema = { type: 'object', properties: { s: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-zé]+$' }, i: { type: 'string', pattern: '(?i)^ab\\z' } } };
    assert.deepEqual(verdict(s, { s: 'éé', i: 'AB' }), []);
    assert.deepEqual(verdict(s, { s: 'abcd' }), ['spec.s too-long']);
    assert.deepEqual(verdict(s, { s: 'a' }), ['spec.s too-short']);
    assert.deepEqual(verdict(s, { s: 'A1' }), ['spec.s pattern']);
    assert.deepEqual(verdict(s, { s: 'ab', i: 'abc' }), ['spec.i pattern']);
  });
  test('lists: maxItems (Too many), minItems, set and map list types', () => {
    const s: OpenApiSchema = { type: 'object', properties: {
      l: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      m: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' }, v: { type: 'integer' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'] },
    } };
    assert.deepEqual(verdict(s, { l: ['a', 'b'], m: [{ k: 'a', v: 1 }, { k: 'b', v: 1 }] }), []);
    assert.deepEqual(verdict(s, { l: ['a', 'b', 'c'] }), ['spec.l too-many']);
    assert.deepEqual(verdict(s, { l: [] }), ['spec.l too-few']);
    assert.deepEqual(verdict(s, { l: ['a', 'a'] }), ['spec.l[1] duplicate']);
    assert.deepEqual(verdict(s, { m: [{ k: 'a', v: 1 }, { k: 'a', v: 2 }] }), ['spec.m[1] duplicate']);
  });
  test('formats: the Kubernetes ones are checked, others not', () => {
    const cases: [string, string, boolean | undefined][] = [
      ['ipv4', '10.0.0.1', true], ['ipv4', '010.0.0.1', true], ['ipv4', '10.0.0.256', false], ['ipv4', '::1', false],
      ['ipv6', '2001:db8::1', true], ['ipv6', '10.0.0.1', false], ['cidr', '10.0.0.1/24', true], ['cidr', '10.0.0.0', false], ['cidr', '10.0.0.0/33', false],
      ['mac', '00:1a:2b:3c:4d:5e', true], ['mac', '00:1a:2b:3c:4d', false], ['uuid', '123e4567-e89b-12d3-a456-426614174000', true], ['uuid', 'x', false],
      ['hostname', 'tmm-1.example.com', true], ['hostname', '-bad', false], ['hostname', 'a1.b2', false], ['hostname', 'a-b-c', false], ['hostname', 'x'.repeat(63), true], ['hostname', 'x'.repeat(64), false], ['date', '2024-02-29', true], ['date', '2023-02-29', false],
      ['date-time', '2024-01-01T10:00:00Z', true], ['date-time', '2024-01-01', false], ['byte', 'aGk=', true], ['byte', 'a', false],
      ['int32', 'anything', undefined], ['k8s-unknown', 'x', undefined],
    ];
    for (const [format, value, ok] of cases) assert.equal(checkFormat(format, value), ok, `${format} ${value}`);
    assert.deepEqual(details({ type: 'object', properties: { a: { type: 'string', format: 'ipv4' } } }, { a: 'x' }), ['spec.a: Invalid value: "x": spec.a in body must be of type ipv4: "x"']);
  });
});

describe('CEL rules (x-kubernetes-validations)', () => {
  const route: OpenApiSchema = {
    type: 'object',
    'x-kubernetes-validations': [
      { rule: "!has(self.type) || self.type != 'gateway' || has(self.gateway)", message: 'gateway is required', fieldPath: '.gateway', reason: 'FieldValueRequired' },
      { rule: "!has(self.gateway) || ip(self.destination).family() == ip(self.gateway).family()", messageExpression: "'families differ: ' + self.destination" },
    ],
    properties: {
      destination: { type: 'string', 'x-kubernetes-validations': [{ rule: 'isIP(self)', message: 'must be a bare IP address' }] },
      gateway: { type: 'string' },
      type: { type: 'string', enum: ['gateway', 'blackhole'] },
      sources: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'isCIDR(self) && cidr(self) == cidr(self).masked()', message: 'a network' }] } },
      'max-hops': { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self <= 8' }] },
    },
  };
  test('a rule that holds gives nothing; one that fails is reported at its node with its message', () => {
    assert.deepEqual(verdict(route, { destination: '10.0.0.0', type: 'blackhole' }), []);
    assert.deepEqual(details(route, { destination: '10.0.0.0/24', type: 'blackhole' }), ['spec.destination: Invalid value: "string": must be a bare IP address']);
  });
  test('fieldPath and reason place and word the error', () => {
    assert.deepEqual(details(route, { destination: '10.0.0.0', type: 'gateway' }), ['spec.gateway: Required value: gateway is required']);
  });
  test('messageExpression gives the message', () => {
    assert.deepEqual(details(route, { destination: '10.0.0.0', gateway: '2001:db8::1' }), ['spec: Invalid value: "object": families differ: 10.0.0.0']);
  });
  test('rules on list items run per item, at the item\'s path; without a message: failed rule', () => {
    assert.deepEqual(verdict(route, { destination: '10.0.0.0', type: 'blackhole', sources: ['10.0.0.0/8', '10.1.0.0/8', 'x'] }), ['spec.sources[1] rule', 'spec.sources[2] rule']);
    assert.deepEqual(details(route, { destination: '10.0.0.0', type: 'blackhole', 'max-hops': 9 }), ['spec.max-hops: Invalid value: "integer": failed rule: self <= 8']);
  });
  test('a runtime error is an error at the rule\'s node', () => {
    assert.deepEqual(verdict(route, { destination: 'x', gateway: '10.0.0.1' }), ['spec rule-error', 'spec.destination rule']);
  });
  test('rules are not evaluated after a blocking error (wrong type, missing field, unsupported value, too long, too many), as the API server does', () => {
    assert.deepEqual(verdict(route, { destination: '10.0.0.0/24', type: 'gatway' }), ['spec.type enum']);
    assert.deepEqual(verdict(route, { destination: 5 }), ['spec.destination type']);
  });
  test('a wrong format and an embedded resource without kind are blocking too (TypeInvalid and Required on the API server)', () => {
    const s: OpenApiSchema = { type: 'object', properties: { a: { type: 'string', format: 'ipv4' }, t: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true }, n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 1' }] } } };
    assert.deepEqual(verdict(s, { a: '::1', n: 5 }), ['spec.a format']);
    assert.deepEqual(verdict(s, { t: { apiVersion: 'v1' }, n: 5 }), ['spec.t.kind embedded']);
    assert.deepEqual(verdict(s, { n: 5 }), ['spec.n rule']);
  });
  test('transition rules (oldSelf) are never evaluated on create', () => {
    assert.deepEqual(verdict({ type: 'object', properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } } }, { a: 'x' }), []);
  });
  test('field names as CEL sees them, and fieldPath steps', () => {
    assert.equal(celFieldName('max-hops'), 'max__dash__hops');
    assert.equal(celFieldName('namespace'), '__namespace__');
    assert.equal(celFieldName('a.b/c__d'), 'a__dot__b__slash__c__underscores__d');
    assert.deepEqual(parseFieldPath(".spec.routes[2]['a.b']"), ['spec', 'routes', 2, 'a.b']);
    assert.equal(parseFieldPath('spec'), undefined);
  });
  test('the root rule sees metadata.name only', () => {
    const crd = readCrd(parse(readFileSync(FIXTURE, 'utf8')));
    assert.ok(typeof crd !== 'string');
    const v = crd.versions[0]!;
    const doc = (name: string) => ({ apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name, labels: { a: 'b' } }, spec: { destination: '10.0.0.0', type: 'blackhole' } });
    assert.deepEqual(v.validate(doc('ok')).violations, []);
    assert.deepEqual(v.validate(doc('forbidden')).violations.map((x) => `${violationPath(x) || '<root>'}: ${x.detail}`), ['<root>: Invalid value: "object": the name "forbidden" is reserved']);
  });
});

describe('the Kubernetes CEL libraries', () => {
  const rule = (r: string, self: unknown) => {
    const [version] = crdOf({ type: 'object', properties: { v: { 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: r }] } } }).versions;
    const result = version!.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { v: self } });
    const v = result.violations[0];
    return v === undefined ? true : v.code === 'rule' ? false : `error: ${v.detail}`;
  };
  test('IP: isIP, ip(), family, the address kinds, isCanonical, string()', () => {
    assert.equal(rule('isIP(self)', '10.1.2.3'), true);
    assert.equal(rule('isIP(self)', '10.1.2.3/32'), false);
    assert.equal(rule('isIP(self)', '010.1.2.3'), false, 'no leading zeros, as netip');
    assert.equal(rule('isIP(self)', '::ffff:10.1.2.3'), false, 'no IPv4-mapped IPv6');
    assert.equal(rule('isIP(self)', 'fe80::1%eth0'), false, 'no zone');
    assert.equal(rule('ip(self).family() == 6', '2001:db8::1'), true);
    assert.equal(rule('ip(self).isLoopback() && ip("::1").isLoopback()', '127.0.0.2'), true);
    assert.equal(rule('ip(self).isLinkLocalUnicast() && !ip(self).isGlobalUnicast()', '169.254.1.1'), true);
    assert.equal(rule('ip(self).isGlobalUnicast()', '10.0.0.1'), true, 'private addresses are global unicast, as in Go');
    assert.equal(rule('ip(self).isUnspecified()', '::'), true);
    assert.equal(rule('ip.isCanonical(self)', '2001:db8::1'), true);
    assert.equal(rule('ip.isCanonical(self)', '2001:DB8:0::1'), false);
    assert.equal(rule("string(ip(self)) == '2001:db8::1'", '2001:0db8::1'), true);
    assert.match(String(rule('ip(self).family() == 4', 'nope')), /^error: .*evaluating rule/);
  });
  test('CIDR: isCIDR, cidr(), containsIP, containsCIDR, masked, prefixLength, ip()', () => {
    assert.equal(rule('isCIDR(self)', '10.0.0.1/24'), true, 'host bits are allowed');
    assert.equal(rule('isCIDR(self)', '10.0.0.0/024'), false);
    assert.equal(rule('isCIDR(self)', '10.0.0.0/33'), false);
    assert.equal(rule("cidr(self).containsIP('10.0.0.9') && cidr(self).containsIP(ip('10.0.0.1'))", '10.0.0.0/24'), true);
    assert.equal(rule("cidr(self).containsIP('2001:db8::1')", '10.0.0.0/8'), false);
    assert.equal(rule("cidr(self).containsCIDR('10.1.0.0/16') && !cidr(self).containsCIDR('10.0.0.0/7')", '10.0.0.0/8'), true);
    assert.equal(rule("string(cidr(self).masked()) == '10.1.0.0/16' && string(cidr(self).ip()) == '10.1.2.3'", '10.1.2.3/16'), true);
    assert.equal(rule('cidr(self).prefixLength() == 64', '2001:db8::/64'), true);
    assert.equal(typeof parseCelCidr('10.0.0.0'), 'string');
    assert.equal(typeof parseCelIp('1.2.3.4'), 'object');
  });
  test('lists, regex, strings and sets', () => {
    assert.equal(rule('self.isSorted() && self.sum() == 6 && self.min() == 1 && self.max() == 3', [1, 2, 3]), true);
    assert.equal(rule('self.indexOf(2) == 1 && self.lastIndexOf(9) == -1', [1, 2, 2]), true);
    assert.equal(rule("self.find('[0-9]+') == '12' && self.findAll('[a-z]') == ['a', 'b']", 'a12b'), true);
    assert.equal(rule("self.matches('^v[0-9]+$')", 'v12'), true);
    assert.equal(rule("self.charAt(1) == 'b' && self.replace('a', 'x') == 'xbc' && self.lowerAscii() == 'abc' && self.split('b') == ['a', 'c']", 'abc'), true);
    assert.equal(rule("sets.contains(self, ['a']) && sets.intersects(self, ['b', 'z']) && !sets.equivalent(self, ['a'])", ['a', 'b']), true);
    assert.equal(rule('self.all(x, x > 0) && self.exists(x, x == 2) && self.exists_one(x, x == 2) && self.map(x, x * 2) == [2, 4]', [1, 2]), true);
  });
  test('integers are CEL int, numbers of a number field CEL double', () => {
    const [version] = crdOf({ type: 'object', properties: { n: { type: 'integer' }, x: { type: 'number' } }, 'x-kubernetes-validations': [{ rule: 'self.n + 1 == 3 && self.x == 2.0' }] }).versions;
    assert.deepEqual(version!.validate({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { n: 2, x: 2 } }).violations, []);
  });
});
