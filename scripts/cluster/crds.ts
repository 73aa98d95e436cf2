// Builds apiextensions.k8s.io/v1 CustomResourceDefinitions from the JSON Schemas in schemas/
// (files `<group>_<version>_<Kind>.json`, draft-07, with `properties.apiVersion.const` and
// `properties.kind.const`), so that the cluster tests and the sandbox (`npm run cluster`) can install
// them in a real API server.
//
// What the translation does (a CRD schema must be a *structural* OpenAPI v3 schema):
// - one CRD per group+kind, with every version of that kind served and the newest stored;
// - `const` becomes a one-value `enum`; `$schema`, `$id`, `title`, `examples` and custom
//   keywords such as `x-spk-certainty` are dropped (`x-kubernetes-*` are kept);
// - `additionalProperties: false` is dropped (the API server prunes unknown fields, and kubectl's
//   default strict field validation reports them: `unknown field "spec.foo"`);
//   `additionalProperties: true` next to `properties` becomes `x-kubernetes-preserve-unknown-fields`;
// - `uniqueItems: true` becomes `x-kubernetes-list-type: set` on arrays of scalars;
// - root `metadata` is reduced to `type: object` (the API server validates metadata itself);
// - `if`/`then` with only `const`/`enum`/`required` conditions becomes a CEL rule in
//   `x-kubernetes-validations` (e.g. gateway required unless `type` is something other than
//   `gateway`); other conditional or combining keywords are dropped and listed in `notes`;
// - string fields named in `ipFields` (default `spec.destination`, `spec.gateway`) get the CEL rule
//   `isIP(self)`: the API server then rejects a CIDR such as `10.241.0.0/24` with
//   `spec.destination: Invalid value: "string": ...`, like F5's real CRD. `isIP` comes from the
//   Kubernetes CEL IP library, usable in CRD rules from Kubernetes 1.31.
//
// Run as a script to print the CRDs as YAML: `node --import tsx scripts/cluster/crds.ts [schemasDir]`.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const DEFAULT_SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas');

export interface CrdOptions {
  /**
   * Dotted paths (from the resource root) of string fields that must hold a bare IP address.
   * Default: `spec.destination` and `spec.gateway` (applied only where the schema has them).
   */
  ipFields?: string[];
  /** Plural resource name for a kind; default {@link defaultPlural} (F5's names). */
  plural?: (kind: string, group: string) => string;
  /** Scope of every CRD; default `Namespaced` (all SPK kinds are namespaced). */
  scope?: 'Namespaced' | 'Cluster';
  /** Value of the `app.kubernetes.io/managed-by` label; default `spk-routes-tests`. */
  managedBy?: string;
}

export interface SchemaInput {
  /** File the schema came from, for messages. */
  file: string;
  schema: JsonObject;
}

export interface GeneratedCrd {
  /** `<plural>.<group>`, the CRD's metadata.name. */
  name: string;
  group: string;
  kind: string;
  plural: string;
  versions: string[];
  storageVersion: string;
  /** The CustomResourceDefinition object, ready for `kubectl apply -f`. */
  crd: JsonObject;
  /** What could not be translated and was dropped, one line each (with the JSON path). */
  notes: string[];
}

/** Keywords copied as they are (after their sub-schemas are converted). */
const COPIED = new Set([
  'type',
  'description',
  'format',
  'enum',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'nullable',
  'example',
]);
const DROPPED_SILENTLY = new Set(['$schema', '$id', 'title', 'examples', '$comment', 'definitions', '$defs']);

/**
 * Plural resource names. F5's CRDs for the `F5SPK*` kinds use hyphenated plurals
 * (`f5-spk-staticroutes.k8s.f5net.com`, seen on clusters); the 1.2.x `IngressRoute*` kinds use
 * the plain lower-case plural (`ingressroutestaticroutes.k8s.f5net.com`, F5). Other kinds get
 * the plain lower-case plural.
 */
export function defaultPlural(kind: string, _group?: string): string {
  const m = /^F5SPK(.+)$/.exec(kind);
  if (m) return `f5-spk-${pluralize(m[1].toLowerCase())}`;
  return pluralize(kind.toLowerCase());
}

function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * Reads every `*.json` schema of a folder (sorted by file name), but this project's own kinds
 * (`spk-routes_…`: RouteTest), which are never objects of a cluster.
 */
export function loadSchemas(dir: string = DEFAULT_SCHEMAS_DIR): SchemaInput[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('spk-routes_'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return { file, schema: JSON.parse(readFileSync(file, 'utf8')) as JsonObject };
    });
}

/** Generates the CRDs for every schema in `dir` (default: the repo's schemas/). */
export function generateCrds(dir: string = DEFAULT_SCHEMAS_DIR, options: CrdOptions = {}): GeneratedCrd[] {
  return buildCrds(loadSchemas(dir), options);
}

interface VersionEntry {
  version: string;
  file: string;
  openAPIV3Schema: JsonObject;
  notes: string[];
}

export function buildCrds(inputs: SchemaInput[], options: CrdOptions = {}): GeneratedCrd[] {
  const byKind = new Map<string, { group: string; kind: string; versions: VersionEntry[] }>();
  for (const { file, schema } of inputs) {
    const { group, version, kind } = identify(file, schema);
    const key = `${group}/${kind}`;
    let entry = byKind.get(key);
    if (!entry) byKind.set(key, (entry = { group, kind, versions: [] }));
    if (entry.versions.some((v) => v.version === version)) {
      throw new Error(`${file}: a second schema for ${group}/${version} ${kind}`);
    }
    const notes: string[] = [];
    const openAPIV3Schema = toCrdRootSchema(schema, { notes, file, ipFields: options.ipFields ?? ['spec.destination', 'spec.gateway'] });
    entry.versions.push({ version, file, openAPIV3Schema, notes });
  }

  const plural = options.plural ?? defaultPlural;
  const out: GeneratedCrd[] = [];
  for (const { group, kind, versions } of [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind))) {
    versions.sort((a, b) => compareKubeVersions(b.version, a.version)); // newest first
    const storageVersion = versions[0].version;
    const p = plural(kind, group);
    const name = `${p}.${group}`;
    const crd: JsonObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name, labels: { 'app.kubernetes.io/managed-by': options.managedBy ?? 'spk-routes-tests' } },
      spec: {
        group,
        names: { kind, listKind: `${kind}List`, plural: p, singular: kind.toLowerCase() },
        scope: options.scope ?? 'Namespaced',
        versions: versions.map((v) => ({
          name: v.version,
          served: true,
          storage: v.version === storageVersion,
          schema: { openAPIV3Schema: v.openAPIV3Schema },
          subresources: { status: {} },
        })),
      },
    };
    out.push({
      name,
      group,
      kind,
      plural: p,
      versions: versions.map((v) => v.version),
      storageVersion,
      crd,
      notes: versions.flatMap((v) => v.notes.map((n) => `${path.basename(v.file)}: ${n}`)),
    });
  }
  return out;
}

/** Multi-document YAML of the CRDs, for `kubectl apply -f -`. */
export function crdsToYaml(crds: GeneratedCrd[]): string {
  return crds.map((c) => stringify(c.crd, { lineWidth: 0 })).join('---\n');
}

function identify(file: string, schema: JsonObject): { group: string; version: string; kind: string } {
  const props = asObject(schema.properties);
  const apiVersion = asObject(props?.apiVersion)?.const;
  const kind = asObject(props?.kind)?.const;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new Error(`${file}: no properties.apiVersion.const / properties.kind.const`);
  }
  const slash = apiVersion.indexOf('/');
  if (slash < 0) throw new Error(`${file}: apiVersion ${apiVersion} has no group (core kinds cannot be CRDs)`);
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

/**
 * Kubernetes version priority: GA > beta > alpha, then by major, then minor
 * (v2 > v1 > v1beta2 > v1beta1 > v1alpha1); anything else sorts last, alphabetically.
 * Returns > 0 when `a` is newer than `b`.
 */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v];
    const stability = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stability, Number(m[1]), m[3] ? Number(m[3]) : 0, v];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return rb[3].localeCompare(ra[3]);
}

interface Ctx {
  notes: string[];
  file: string;
  ipFields: string[];
}

function toCrdRootSchema(schema: JsonObject, ctx: Ctx): JsonObject {
  const root = convert(schema, '', ctx);
  const props = asObject(root.properties) ?? {};
  // Structural schemas allow only name/generateName restrictions under root metadata; the API
  // server validates metadata itself. apiVersion and kind may only be typed strings.
  if ('metadata' in props) props.metadata = { type: 'object' };
  for (const key of ['apiVersion', 'kind']) {
    const p = asObject(props[key]);
    if (p) props[key] = pick(p, ['type', 'description']);
  }
  // The root object must not restrict apiVersion/kind/metadata as required by the server, which
  // always sets them; keep `spec` required if the schema says so.
  if (Array.isArray(root.required)) {
    const req = root.required.filter((r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata');
    if (req.length) root.required = req;
    else delete root.required;
  }
  delete root['x-kubernetes-preserve-unknown-fields'];
  for (const field of ctx.ipFields) addIpRule(root, field);
  return root;
}

function convert(node: JsonObject, at: string, ctx: Ctx): JsonObject {
  const out: JsonObject = {};
  const props = asObject(node.properties);
  for (const [key, value] of Object.entries(node)) {
    if (COPIED.has(key)) {
      out[key] = structuredClone(value);
    } else if (key === 'const') {
      out.enum = [structuredClone(value)];
    } else if (key === 'properties' && props) {
      const converted: JsonObject = {};
      for (const [name, sub] of Object.entries(props)) {
        const s = asObject(sub);
        if (s) converted[name] = convert(s, `${at}.${name}`, ctx);
      }
      out.properties = converted;
    } else if (key === 'items') {
      const s = asObject(value);
      if (s) out.items = convert(s, `${at}[]`, ctx);
      else ctx.notes.push(`${at || '.'}: tuple "items" dropped`);
    } else if (key === 'additionalProperties') {
      // false: dropped; the API server prunes (and kubectl's strict validation reports) unknown
      // fields. A schema next to `properties` cannot be expressed: keep the unknown fields.
      const s = asObject(value);
      if (value === true) out['x-kubernetes-preserve-unknown-fields'] = true;
      else if (s && props) {
        out['x-kubernetes-preserve-unknown-fields'] = true;
        ctx.notes.push(`${at || '.'}: additionalProperties schema next to properties dropped (unknown fields preserved)`);
      } else if (s) out.additionalProperties = convert(s, `${at}.*`, ctx);
    } else if (key === 'uniqueItems') {
      const items = asObject(node.items);
      if (value === true && items && ['string', 'integer', 'number', 'boolean'].includes(String(items.type))) {
        out['x-kubernetes-list-type'] = 'set';
      } else if (value === true) {
        ctx.notes.push(`${at || '.'}: uniqueItems dropped (items are not scalars)`);
      }
    } else if (key === 'anyOf' && node['x-kubernetes-int-or-string'] === true) {
      out.anyOf = structuredClone(value); // the one anyOf form structural schemas allow with types
    } else if (key === 'if') {
      const rule = conditionalRule(node, at, ctx);
      if (rule) pushRule(out, rule);
    } else if (key === 'then' || key === 'else') {
      // handled with "if"
    } else if (key.startsWith('x-kubernetes-')) {
      out[key] = structuredClone(value);
    } else if (key.startsWith('x-') || DROPPED_SILENTLY.has(key)) {
      // custom keywords such as x-spk-certainty
    } else {
      ctx.notes.push(`${at || '.'}: "${key}" dropped`);
    }
  }
  if (out.type === undefined && out['x-kubernetes-int-or-string'] !== true && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
    ctx.notes.push(`${at || '.'}: no type; preserves unknown fields`);
  }
  return out;
}

/**
 * Translates `if: {properties: {p: {const|enum}}, required?: [...]}` with
 * `then`/`else: {required: [...]}` into one CEL rule; returns undefined (and notes it) otherwise.
 * JSON Schema semantics: a property condition holds when the property is absent.
 */
function conditionalRule(node: JsonObject, at: string, ctx: Ctx): { rule: string; message: string } | undefined {
  const drop = (why: string) => {
    ctx.notes.push(`${at || '.'}: if/then dropped (${why})`);
    return undefined;
  };
  const cond = asObject(node.if);
  if (!cond) return drop('"if" is not an object');
  const terms: string[] = [];
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'properties') {
      for (const [name, sub] of Object.entries(asObject(v) ?? {})) {
        const s = asObject(sub) ?? {};
        const values = 'const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
        if (!values || Object.keys(s).some((x) => x !== 'const' && x !== 'enum' && x !== 'description')) {
          return drop(`condition on ${name} is not const/enum`);
        }
        const field = celField(name);
        const test = values.length === 1 ? `${field} == ${celLiteral(values[0])}` : `${field} in [${values.map(celLiteral).join(', ')}]`;
        terms.push(`(!has(${field}) || ${test})`);
      }
    } else if (k === 'required' && Array.isArray(v)) {
      for (const name of v) terms.push(`has(${celField(String(name))})`);
    } else if (k !== 'description') {
      return drop(`"if" uses "${k}"`);
    }
  }
  const branch = (key: 'then' | 'else'): string[] | undefined | null => {
    const b = asObject(node[key]);
    if (!b) return node[key] === undefined ? undefined : null;
    for (const [k, v] of Object.entries(b)) {
      if (k === 'required' && Array.isArray(v)) continue;
      // `then.properties.x` with only a description adds nothing to check.
      if (k === 'properties' && Object.values(asObject(v) ?? {}).every((p) => Object.keys(asObject(p) ?? {}).every((x) => x === 'description'))) continue;
      if (k === 'description') continue;
      return null;
    }
    return (Array.isArray(b.required) ? b.required : []).map((name) => `has(${celField(String(name))})`);
  };
  const thenReq = branch('then');
  const elseReq = branch('else');
  if (thenReq === null || elseReq === null) return drop('"then"/"else" does more than require fields');
  const condition = terms.length === 0 ? 'true' : terms.length === 1 ? terms[0] : `(${terms.join(' && ')})`;
  const all = (req: string[]) => (req.length === 1 ? req[0] : `(${req.join(' && ')})`);
  const parts: string[] = [];
  if (thenReq && thenReq.length) parts.push(`!${condition} || ${all(thenReq)}`);
  if (elseReq && elseReq.length) parts.push(`${condition} || ${all(elseReq)}`);
  if (!parts.length) return undefined;
  const rule = parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' && ');
  const condText = Object.entries(asObject(cond.properties) ?? {})
    .map(([name, s]) => {
      const o = asObject(s) ?? {};
      return `${name} is ${'const' in o ? JSON.stringify(o.const) : JSON.stringify(o.enum)} or absent`;
    })
    .join(' and ');
  const thenText = asObject(node.then) && Array.isArray(asObject(node.then)?.required) ? (asObject(node.then)?.required as Json[]).join(', ') : '';
  const message = thenText ? `${thenText} is required when ${condText || 'the condition holds'}` : 'conditional requirement not met';
  return { rule, message };
}

function addIpRule(root: JsonObject, dotted: string): void {
  let node: JsonObject | undefined = root;
  for (const part of dotted.split('.')) node = asObject(asObject(node?.properties)?.[part]);
  if (!node || node.type !== 'string') return;
  const name = dotted.split('.').pop() ?? dotted;
  pushRule(node, {
    rule: 'isIP(self)',
    messageExpression: `'must be a bare IPv4 or IPv6 address without a prefix length (got "' + self + '")${name === 'destination' ? '; put the prefix length in spec.prefixLen' : ''}'`,
  });
}

function pushRule(node: JsonObject, rule: JsonObject): void {
  const list = Array.isArray(node['x-kubernetes-validations']) ? (node['x-kubernetes-validations'] as Json[]) : [];
  list.push(rule);
  node['x-kubernetes-validations'] = list;
}

function celField(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `self.${name}` : `self[${celLiteral(name)}]`;
}

function celLiteral(v: Json): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(v);
}

function asObject(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function pick(o: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

if (require.main === module) {
  const crds = generateCrds(process.argv[2] ?? DEFAULT_SCHEMAS_DIR);
  for (const c of crds) for (const n of c.notes) process.stderr.write(`note: ${n}\n`);
  process.stdout.write(crdsToYaml(crds));
}
