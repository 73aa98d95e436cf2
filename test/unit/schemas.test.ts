// Checks the bundled JSON Schemas in schemas/: they compile with ajv in strict mode, carry the
// apiVersion/kind consts the language server indexes them by, describe every field, accept the
// reference examples and reject the known mistakes with the expected ajv keyword.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ANNOTATIONS } from '../../server/src/core/resources/validatorNames.js';
import { validatorSource } from '../../server/src/core/resources/validatorSource.js';
import { KIND_SCHEMAS } from '../../server/src/core/resources/schemas.js';

const SCHEMA_DIR = resolve(__dirname, '../../schemas');
const GROUP = 'k8s.f5net.com';

/** Non-standard keywords used in the schemas; the language server must register the same list. */
const CERTAINTIES = new Set(['F5', 'seen', 'inferred']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

interface Loaded {
  file: string;
  schema: SchemaNode;
  apiVersion: string;
  kind: string;
  validate: ValidateFunction;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary([...ANNOTATIONS]);
  return ajv;
}

function obj(node: Json | undefined, what: string): SchemaNode {
  assert.ok(node !== null && typeof node === 'object' && !Array.isArray(node), `${what} must be an object`);
  return node as SchemaNode;
}

const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort();

/** This project's own kinds (spk-routes/…: RouteTest), beside the SPK kinds. */
const ownKind = (file: string) => file.startsWith('spk-routes_');

function loadAll(): Loaded[] {
  const ajv = newAjv();
  return files.map((file) => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as SchemaNode;
    const props = obj(schema.properties, `${file} properties`);
    const apiVersion = obj(props.apiVersion, `${file} apiVersion`).const as string;
    const kind = obj(props.kind, `${file} kind`).const as string;
    return { file, schema, apiVersion, kind, validate: ajv.compile(schema) };
  });
}

const loaded = loadAll();
const byKey = new Map(loaded.map((l) => [`${l.apiVersion} ${l.kind}`, l]));

function schemaFor(apiVersion: string, kind: string): Loaded {
  const l = byKey.get(`${apiVersion} ${kind}`);
  assert.ok(l, `no schema for ${apiVersion} ${kind}`);
  return l;
}

/** Parses one YAML document and validates it with the schema its apiVersion and kind select. */
function check(yamlText: string): ErrorObject[] {
  const docs = parseAllDocuments(yamlText);
  assert.equal(docs.length, 1, 'one YAML document per check');
  const doc = docs[0]!;
  assert.equal(doc.errors.length, 0, `YAML errors: ${doc.errors.map((e) => e.message).join('; ')}`);
  const value = doc.toJS() as { apiVersion: string; kind: string };
  const { validate } = schemaFor(value.apiVersion, value.kind);
  validate(value);
  return validate.errors ?? [];
}

function splitDocs(yamlText: string): string[] {
  return parseAllDocuments(yamlText).map((d) => String(d));
}

function assertValid(yamlText: string): void {
  const errors = check(yamlText);
  assert.deepEqual(errors, [], `expected no errors, got ${JSON.stringify(errors, null, 2)}`);
}

function assertError(yamlText: string, keyword: string, instancePath: string, extra?: (e: ErrorObject) => boolean): void {
  const errors = check(yamlText);
  const hit = errors.find((e) => e.keyword === keyword && e.instancePath === instancePath && (!extra || extra(e)));
  assert.ok(hit, `expected a "${keyword}" error at "${instancePath}", got ${JSON.stringify(errors, null, 2)}`);
}

/** Calls fn on every schema reachable through `properties`, with its dotted path. */
function walkProperties(node: SchemaNode, path: string, fn: (prop: SchemaNode, path: string) => void): void {
  const props = node.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    for (const [name, child] of Object.entries(props)) {
      const p = obj(child, `${path}.${name}`);
      fn(p, `${path}.${name}`);
      walkProperties(p, `${path}.${name}`, fn);
    }
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = node[key];
    if (child && typeof child === 'object' && !Array.isArray(child)) walkProperties(child, `${path}[${key}]`, fn);
  }
}

/** Calls fn on every subschema (properties, items, additionalProperties, anyOf branches). */
function walkSchemas(node: SchemaNode, path: string, fn: (s: SchemaNode, path: string) => void): void {
  fn(node, path);
  const props = node.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    for (const [name, child] of Object.entries(props)) walkSchemas(obj(child, name), `${path}.${name}`, fn);
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = node[key];
    if (child && typeof child === 'object' && !Array.isArray(child)) walkSchemas(child, `${path}[${key}]`, fn);
  }
}

// ------------------------------------------------------------------ shape of the files

test('schemas/ holds the expected kinds and versions', () => {
  const keys = [...byKey.keys()].sort();
  for (const want of [
    `${GROUP}/v1 IngressRouteStaticRoute`,
    `${GROUP}/v1 F5SPKStaticRoute`,
    `${GROUP}/v1 IngressRouteVlan`,
    `${GROUP}/v1 F5SPKVlan`,
    `${GROUP}/v1 F5SPKSnatpool`,
    `${GROUP}/v2 F5SPKEgress`,
    `${GROUP}/v3 F5SPKEgress`,
  ]) {
    assert.ok(keys.includes(want), `missing ${want}; have ${keys.join(', ')}`);
  }
});

test('every schema compiles with ajv strict mode and the project vocabulary', () => {
  assert.ok(files.length > 0);
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as SchemaNode;
    assert.doesNotThrow(() => newAjv().compile(schema), file);
  }
});

test('every schema is draft-07 with an $id and file name derived from its apiVersion and kind', () => {
  for (const { file, schema, apiVersion, kind } of loaded) {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', file);
    assert.equal(typeof apiVersion, 'string', `${file}: properties.apiVersion.const`);
    assert.equal(typeof kind, 'string', `${file}: properties.kind.const`);
    const [group, version] = apiVersion.split('/');
    assert.equal(file, `${group}_${version}_${kind}.json`);
    assert.equal(schema.$id, `https://spk-routes.dev/schemas/${file}`);
    assert.equal(schema.type, 'object', file);
    assert.deepEqual(schema.required, ['apiVersion', 'kind', 'metadata', 'spec'], file);
  }
});

test('(apiVersion, kind) pairs are unique', () => {
  const seen = new Map<string, string>();
  for (const { file, apiVersion, kind } of loaded) {
    const key = `${apiVersion} ${kind}`;
    assert.ok(!seen.has(key), `${file} and ${seen.get(key)} both define ${key}`);
    seen.set(key, file);
  }
});

test('metadata allows standard fields; status is an open object', () => {
  for (const { file, schema } of loaded) {
    const props = obj(schema.properties, file);
    const metadata = obj(props.metadata, `${file} metadata`);
    assert.equal(metadata.additionalProperties, true, `${file} metadata.additionalProperties`);
    const mprops = obj(metadata.properties, `${file} metadata.properties`);
    for (const f of ['name', 'namespace', 'labels', 'annotations']) assert.ok(mprops[f], `${file} metadata.${f}`);
    // Our own kinds (RouteTest) are never objects of a cluster: no status.
    if (ownKind(file)) {
      assert.equal(props.status, undefined, `${file} has no status`);
      continue;
    }
    const status = obj(props.status, `${file} status`);
    assert.equal(status.additionalProperties, true, `${file} status.additionalProperties`);
    assert.ok(obj(status.properties, `${file} status.properties`).conditions, `${file} status.conditions`);
  }
});

test('closed specs: route and VLAN kinds reject unknown fields', () => {
  for (const { file, schema, kind } of loaded) {
    const spec = obj(obj(schema.properties, file).spec, `${file} spec`);
    assert.equal(spec.type, 'object', file);
    if (/StaticRoute|Vlan/.test(kind)) assert.equal(spec.additionalProperties, false, `${file} spec.additionalProperties`);
    else assert.equal(typeof spec.additionalProperties, 'boolean', `${file} spec.additionalProperties is explicit`);
  }
});

test('every property has a description; every spec property has x-spk-certainty', () => {
  for (const { file, schema } of loaded) {
    walkProperties(schema, file, (prop, path) => {
      assert.equal(typeof prop.description, 'string', `${path}: description`);
      assert.ok((prop.description as string).trim().length >= 10, `${path}: description too short`);
    });
    const spec = obj(obj(schema.properties, file).spec, `${file} spec`);
    assert.ok(typeof spec.description === 'string' && spec.description.length > 0, `${file} spec.description`);
    // nested properties (e.g. allowed_services[items].port) are spec properties too; our own kinds'
    // fields are ours to define, not facts about SPK
    if (ownKind(file)) continue;
    walkProperties(spec, `${file} spec`, (prop, path) => {
      assert.ok(CERTAINTIES.has(prop['x-spk-certainty'] as string), `${path}: x-spk-certainty`);
    });
  }
});

test('structural-schema friendly: typed everywhere, anyOf only for int-or-string, no oneOf', () => {
  for (const { file, schema } of loaded) {
    walkSchemas(schema, file, (node, path) => {
      assert.ok(!('oneOf' in node), `${path}: oneOf`);
      if ('anyOf' in node) {
        assert.equal(node['x-kubernetes-int-or-string'], true, `${path}: anyOf without x-kubernetes-int-or-string`);
        assert.deepEqual(node.anyOf, [{ type: 'integer' }, { type: 'string' }], `${path}: anyOf must be integer|string`);
        assert.ok(!('type' in node), `${path}: int-or-string has no type`);
      } else if (path !== file) {
        assert.equal(typeof node.type, 'string', `${path}: type`);
      }
    });
  }
});

test('the old and new route kinds, and the old and new VLAN kinds, share their fields', () => {
  const fields = (l: Loaded) => {
    const spec = obj(obj(l.schema.properties, l.file).spec, l.file);
    return { properties: spec.properties, required: spec.required, additionalProperties: spec.additionalProperties, if: spec.if, then: spec.then };
  };
  assert.deepEqual(
    fields(schemaFor(`${GROUP}/v1`, 'IngressRouteStaticRoute')),
    fields(schemaFor(`${GROUP}/v1`, 'F5SPKStaticRoute')),
  );
  assert.deepEqual(fields(schemaFor(`${GROUP}/v1`, 'IngressRouteVlan')), fields(schemaFor(`${GROUP}/v1`, 'F5SPKVlan')));
});

test('route spec: destination and prefixLen required, gateway required for type gateway', () => {
  const spec = obj(obj(schemaFor(`${GROUP}/v1`, 'F5SPKStaticRoute').schema.properties, 'route').spec, 'route spec');
  assert.deepEqual(spec.required, ['destination', 'prefixLen']);
  assert.deepEqual(Object.keys(obj(spec.properties, 'route props')).sort(), ['destination', 'gateway', 'prefixLen', 'type']);
  const props = obj(spec.properties, 'route props');
  for (const f of ['destination', 'gateway']) {
    assert.ok(!('format' in obj(props[f], f)) && !('pattern' in obj(props[f], f)), `${f}: the server checks addresses`);
  }
});

// ------------------------------------------------------------------ examples that must validate

const SEED_ROUTE = `
apiVersion: "k8s.f5net.com/v1"
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

const F5SPK_ROUTES = `
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: client-route, namespace: f5-bnk}
spec: {destination: 10.1.30.0, prefixLen: 24, type: gateway, gateway: 10.2.201.5}
---
# default route
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: egress-default, namespace: spk-ingress}
spec: {destination: 0.0.0.0, prefixLen: 0, type: gateway, gateway: 10.146.10.1}
`;

const F5SPK_VLAN = `
apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: red-vlan}
spec:
  name: red-vlan
  interfaces: ["1.1"]
  tag: 201
  selfip_v4s: [10.2.201.201, 10.2.201.202, 10.2.201.203]
  prefixlen_v4: 24
  auto_lasthop: AUTO_LASTHOP_ENABLED
`;

const ROUTE = (spec: string) => `
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r, namespace: spk-ingress}
spec: ${spec}
`;

const VLAN = (spec: string) => `
apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: v, namespace: spk-ingress}
spec: ${spec}
`;

test('the seed use case route validates', () => {
  assertValid(SEED_ROUTE);
});

test('the F5SPKStaticRoute reference examples validate', () => {
  const docs = splitDocs(F5SPK_ROUTES);
  assert.equal(docs.length, 2);
  for (const d of docs) assertValid(d);
});

test('the F5SPKVlan reference example validates, and as IngressRouteVlan too', () => {
  assertValid(F5SPK_VLAN);
  assertValid(F5SPK_VLAN.replace('kind: F5SPKVlan', 'kind: IngressRouteVlan'));
});

test('a full VLAN with IPv6, internal, bonded, mtu and allowed_services validates', () => {
  assertValid(
    VLAN(`
  name: internal
  interfaces: ["1.2"]
  tag: 0
  selfip_v4s: [192.168.20.201, 192.168.20.202]
  prefixlen_v4: 24
  selfip_v6s: ["2001::192:168:20:201", "2001::192:168:20:202"]
  prefixlen_v6: 112
  mtu: 9000
  internal: true
  bonded: false
  auto_lasthop: "AUTO_LASTHOP_DISABLED"
  allowed_services:
    - {protocol: TCP, port: "179"}
    - {protocol: UDP, port: 53}`),
  );
  assertValid(VLAN('{name: external, interfaces: ["1.1"], selfip_v6s: [], prefixlen_v6: 96}'));
});

test('an object read back from the cluster (metadata fields, status) validates', () => {
  assertValid(`
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata:
  name: client-route
  namespace: f5-bnk
  uid: 0f6f0d4e-1111-2222-3333-444455556666
  resourceVersion: "12345"
  generation: 1
  creationTimestamp: "2024-05-01T12:00:00Z"
  labels: {app: egress}
  annotations: {owner: netops}
spec: {destination: 10.1.30.0, prefixLen: 24, type: gateway, gateway: 10.2.201.5}
status:
  conditions:
    - {type: Programmed, status: "True", reason: Programmed, lastTransitionTime: "2024-05-01T12:00:05Z"}
`);
});

test('a blackhole route needs no gateway', () => {
  assertValid(ROUTE('{destination: 10.9.0.0, prefixLen: 16, type: blackhole}'));
});

test('the F5 SNAT pool example and egress manifests validate', () => {
  assertValid(`
apiVersion: "k8s.f5net.com/v1"
kind: F5SPKSnatpool
metadata:
  name: "egress-snatpool-cr"
  namespace: spk-ingress
spec:
  name: "egress_snatpool"
  addressList:
    - - 10.244.10.1
      - 10.244.20.1
    - - 10.244.10.2
      - 10.244.20.2
    - - 10.244.10.3
      - 10.244.20.3
`);
  assertValid(`
apiVersion: k8s.f5net.com/v2
kind: F5SPKEgress
metadata: {name: egress, namespace: spk-ingress}
spec:
  debugLogEnabled: false
  dnsCacheName: ""
  dnsNat46Enabled: false
  dnsNat46Ipv4Subnet: 10.2.2.0/24
  dnsNat46SorryIp: 192.168.1.1
  dnsRateLimit: 0
  dualStackEnabled: false
  egressSnatpool: snatpool1
  maxDNS46TTL: 120
  maxReservedStaticIps: 0
  maxTmmReplicas: 1
  nat64Enabled: false
  nat64Ipv6Subnet: 64:ff9b::/96
  snatType: SRC_TRANS_SNATPOOL
`);
  assertValid(`
apiVersion: k8s.f5net.com/v3
kind: F5SPKEgress
metadata: {name: red-egress, namespace: f5-bnk}
spec:
  dualStackEnabled: true
  snatType: SRC_TRANS_SNATPOOL
  egressSnatpool: red-snat
  pseudoCNIConfig:
    namespaces: [red]
    appPodInterface: eth0
    vxlan: {create: true, tmmInterfaceName: internal, key: 101}
`);
});

// ------------------------------------------------------------------ mistakes that must fail

test('unknown route fields are rejected with additionalProperties', () => {
  for (const field of ['netmask: 255.255.255.0', 'vlan: external', 'interface: "1.1"', 'metric: 10', 'distance: 1',
    'gateways: [10.0.0.1, 10.0.0.2]', 'destination_v4: 10.0.0.0']) {
    const name = field.split(':')[0]!;
    assertError(
      ROUTE(`{destination: 10.1.30.0, prefixLen: 24, type: gateway, gateway: 10.2.201.5, ${field}}`),
      'additionalProperties',
      '/spec',
      (e) => (e.params as { additionalProperty?: string }).additionalProperty === name,
    );
  }
});

test('prefixLen as a string is a type error', () => {
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: "24", type: gateway, gateway: 10.2.201.5}'), 'type', '/spec/prefixLen');
});

test('prefixLen out of range is a maximum / minimum error', () => {
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: 129, type: gateway, gateway: 10.2.201.5}'), 'maximum', '/spec/prefixLen');
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: -1, type: gateway, gateway: 10.2.201.5}'), 'minimum', '/spec/prefixLen');
});

test('a missing destination is a required error', () => {
  assertError(
    ROUTE('{prefixLen: 24, type: gateway, gateway: 10.2.201.5}'),
    'required',
    '/spec',
    (e) => (e.params as { missingProperty?: string }).missingProperty === 'destination',
  );
});

test('type gateway without gateway is a required error from the then branch', () => {
  const thenRequired = (e: ErrorObject) =>
    e.schemaPath.includes('/then/') && (e.params as { missingProperty?: string }).missingProperty === 'gateway';
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: 24, type: gateway}'), 'required', '/spec', thenRequired);
  // with type omitted, the route is treated as a gateway route
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: 24}'), 'required', '/spec', thenRequired);
});

test('a misspelled route type is an enum error', () => {
  assertError(ROUTE('{destination: 10.1.30.0, prefixLen: 24, type: gatway, gateway: 10.2.201.5}'), 'enum', '/spec/type');
});

test('a VLAN tag above 4094 is a maximum error', () => {
  assertError(VLAN('{name: v, interfaces: ["1.1"], tag: 5000}'), 'maximum', '/spec/tag');
});

test('a short auto_lasthop value is an enum error', () => {
  assertError(VLAN('{name: v, interfaces: ["1.1"], auto_lasthop: ENABLED}'), 'enum', '/spec/auto_lasthop');
});

test('VLAN mistakes: unquoted interface, mtu out of range, unknown field, bad port', () => {
  assertError(VLAN('{name: v, interfaces: [1.1]}'), 'type', '/spec/interfaces/0');
  assertError(VLAN('{name: v, mtu: 9216}'), 'maximum', '/spec/mtu');
  assertError(VLAN('{name: v, prefixlen_v4: 33}'), 'maximum', '/spec/prefixlen_v4');
  assertError(VLAN('{name: v, netmask: 255.255.255.0}'), 'additionalProperties', '/spec');
  assertError(VLAN('{name: v, allowed_services: [{protocol: TCP, port: true}]}'), 'anyOf', '/spec/allowed_services/0/port');
});

test('SNAT pool: a flat address list is a type error', () => {
  assertError(
    `
apiVersion: k8s.f5net.com/v1
kind: F5SPKSnatpool
metadata: {name: s}
spec: {name: s, addressList: [10.0.0.1, 10.0.0.2]}
`,
    'type',
    '/spec/addressList/0',
  );
});

test('egress: open spec, snatType checked in v2 and open in v3', () => {
  const egress = (version: string, spec: string) => `
apiVersion: k8s.f5net.com/${version}
kind: F5SPKEgress
metadata: {name: e, namespace: spk-ingress}
spec: ${spec}
`;
  assertValid(egress('v2', '{egressSnatpool: p, snatType: SRC_TRANS_SNATPOOL, someFutureField: 1}'));
  assertError(egress('v2', '{snatType: SRC_TRANS_AUTO}'), 'enum', '/spec/snatType');
  assertValid(egress('v3', '{snatType: SRC_TRANS_NONE}'));
  assertError(egress('v3', '{dualStackEnabled: "yes"}'), 'type', '/spec/dualStackEnabled');
});

test('documented defaults are present', () => {
  const props = obj(obj(obj(schemaFor(`${GROUP}/v1`, 'F5SPKVlan').schema.properties, 'vlan').spec, 'spec').properties, 'props');
  assert.equal(obj(props.mtu, 'mtu').default, 1500);
  assert.equal(obj(props.bonded, 'bonded').default, false);
});

test('facts from real manifests: VLAN mtu below 1500, spec.category, egress VXLAN mtu and port, the SNAT pool default', () => {
  assertValid(VLAN('{name: v, mtu: 1380}'));
  assertValid(VLAN('{name: v, mtu: 1350, category: external}'));
  assertError(VLAN('{name: v, mtu: 50}'), 'minimum', '/spec/mtu');
  assertError(VLAN('{name: v, category: 3}'), 'type', '/spec/category');
  const egress = (spec: string) => `
apiVersion: k8s.f5net.com/v3
kind: F5SPKEgress
metadata: {name: e, namespace: spk-ingress}
spec: ${spec}
`;
  assertValid(egress('{pseudoCNIConfig: {vxlan: {create: true, key: 101, mtu: 8950, port: 4789}}}'));
  assertError(egress('{pseudoCNIConfig: {vxlan: {port: 70000}}}'), 'maximum', '/spec/pseudoCNIConfig/vxlan/port');
  assertError(egress('{pseudoCNIConfig: {vxlan: {mtu: "8950"}}}'), 'type', '/spec/pseudoCNIConfig/vxlan/mtu');
  const pool = obj(obj(obj(schemaFor(`${GROUP}/v1`, 'F5SPKSnatpool').schema.properties, 'pool').spec, 'spec').properties, 'props');
  assert.equal(obj(pool.sharedSnatAddressEnabled, 'sharedSnatAddressEnabled').default, false);
});

test('the validators compiled ahead of time are those of the schemas as they are (npm run gen:validators)', () => {
  const file = join(__dirname, '..', '..', 'server', 'src', 'core', 'resources', 'generated', 'schemaValidators.ts');
  assert.equal(readFileSync(file, 'utf8'), validatorSource(join(__dirname, '..', '..', 'schemas')), 'generated/schemaValidators.ts is stale: run npm run gen:validators');
});

test('the bundled validators report what ajv compiling the schema at run time reports', () => {
  const samples: unknown[] = [
    { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'r' }, spec: { destination: '10.0.0.0', prefixLen: 24, type: 'gateway', gateway: '10.1.0.1' } },
    { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKStaticRoute', metadata: { name: 'r' }, spec: { destination: 10, prefixLen: 'x', type: 'bogus', netmask: '255.0.0.0' } },
    { apiVersion: 'k8s.f5net.com/v1', kind: 'F5SPKVlan', spec: { name: 'v', selfip_v4s: ['10.0.0.1', 5], prefixlen_v4: 99, mtu: -1 } },
    { kind: 'F5SPKEgress', spec: { dualStackEnabled: 'yes', egressSnatpool: [] } },
    {},
  ];
  for (const kind of KIND_SCHEMAS) {
    const runtime = newAjv().compile(kind.schema as object);
    for (const sample of samples) {
      const ours = kind.validate();
      assert.equal(ours(sample), runtime(sample), `${kind.kind} ${kind.apiVersion}`);
      assert.deepEqual(ours.errors ?? null, runtime.errors ?? null, `${kind.kind} ${kind.apiVersion}`);
    }
  }
});
