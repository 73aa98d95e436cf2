// A CustomResourceDefinition document (apiextensions.k8s.io/v1) read into what the checks and the
// features run: per served version, the validator of validate.ts over its openAPIV3Schema and a
// JsonSchema for hover and completion (descriptions, fields, enums, bounds, defaults), with no
// `additionalProperties: false` added anywhere (kubeconform's openapi2jsonschema adds it everywhere,
// even inside `default` and `enum` values, and drops preserve-unknown-fields, nullable and CEL).
import type { JsonSchema } from '../schemas.js';
import type { OpenApiSchema } from './openapi.js';
import { isTransitionRule, RuleCache, validateObject, type ValidationResult } from './validate.js';

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
export const CRD_KIND = 'CustomResourceDefinition';

/** One served version of a CRD. */
export interface CrdVersion {
  crdName: string;
  group: string;
  kind: string;
  version: string;
  /** `group/version`. */
  apiVersion: string;
  storage: boolean;
  openApi: OpenApiSchema;
  /** What hover and completion read. */
  jsonSchema: JsonSchema;
  validate(object: unknown): ValidationResult;
}

export interface CrdDefinition {
  name: string;
  group: string;
  kind: string;
  plural: string;
  scope: string;
  /** The served versions that have a schema. */
  versions: CrdVersion[];
  /** What the API server would refuse or what is not checked here (a rule that does not compile…). */
  problems: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document that is a CRD (apiVersion apiextensions.k8s.io/v1, kind CustomResourceDefinition). */
export function isCrdDocument(value: unknown): value is Record<string, unknown> {
  return isObject(value) && value.apiVersion === CRD_API_VERSION && value.kind === CRD_KIND;
}

/** A CRD document read; a string says why it cannot be used. */
export function readCrd(value: unknown): CrdDefinition | string {
  if (!isCrdDocument(value)) return `not an ${CRD_API_VERSION} ${CRD_KIND}`;
  const spec = value.spec;
  const metadata = value.metadata;
  if (!isObject(spec)) return 'the CRD has no spec';
  const names = isObject(spec.names) ? spec.names : {};
  const group = spec.group;
  const kind = names.kind;
  if (typeof group !== 'string' || typeof kind !== 'string') return 'the CRD has no spec.group or spec.names.kind';
  const plural = typeof names.plural === 'string' ? names.plural : `${kind.toLowerCase()}s`;
  const name = isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : `${plural}.${group}`;
  const problems: string[] = [];
  if (name !== `${plural}.${group}`) problems.push(`metadata.name must be spec.names.plural + "." + spec.group (${plural}.${group})`);
  const versions: CrdVersion[] = [];
  for (const entry of Array.isArray(spec.versions) ? spec.versions : []) {
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.served === false) continue;
    const schema = isObject(entry.schema) ? entry.schema.openAPIV3Schema : undefined;
    if (!isObject(schema)) {
      problems.push(`version ${entry.name} has no schema.openAPIV3Schema`);
      continue;
    }
    versions.push(compileVersion(name, group, kind, entry.name, entry.storage === true, schema as OpenApiSchema, problems));
  }
  if (versions.length === 0) problems.push('the CRD serves no version with a schema');
  return { name, group, kind, plural, scope: typeof spec.scope === 'string' ? spec.scope : 'Namespaced', versions, problems };
}

function compileVersion(crdName: string, group: string, kind: string, version: string, storage: boolean, openApi: OpenApiSchema, problems: string[]): CrdVersion {
  const rules = new RuleCache();
  forEachRule(openApi, (rule, where) => {
    if (isTransitionRule(rule)) return;
    const compiled = rules.get(rule);
    if (typeof compiled === 'string') problems.push(`version ${version}, ${where || 'the root'}: the rule ${JSON.stringify(rule.rule)} does not compile: ${compiled}`);
  });
  return {
    crdName,
    group,
    kind,
    version,
    apiVersion: `${group}/${version}`,
    storage,
    openApi,
    jsonSchema: toJsonSchema(openApi, true),
    validate: (object) => validateObject(object, openApi, rules),
  };
}

function forEachRule(schema: OpenApiSchema, visit: (rule: NonNullable<OpenApiSchema['x-kubernetes-validations']>[number], where: string) => void, where = ''): void {
  for (const rule of schema['x-kubernetes-validations'] ?? []) if (isObject(rule) && typeof rule.rule === 'string') visit(rule, where);
  for (const [key, child] of Object.entries(schema.properties ?? {})) if (isObject(child)) forEachRule(child, visit, where ? `${where}.${key}` : key);
  if (isObject(schema.items)) forEachRule(schema.items, visit, `${where}[*]`);
  if (isObject(schema.additionalProperties)) forEachRule(schema.additionalProperties, visit, `${where}[*]`);
}

/**
 * The JsonSchema the features read. Only what they use is carried over; values (`default`, `enum`)
 * are copied as they are. int-or-string becomes `anyOf` integer or string; a nullable field keeps its
 * type (the features never offer null).
 */
export function toJsonSchema(schema: OpenApiSchema, root = false): JsonSchema {
  const out: JsonSchema = {};
  if (schema['x-kubernetes-int-or-string']) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  else if (schema.type) out.type = schema.type;
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, toJsonSchema(v)]));
  if (isObject(schema.additionalProperties)) out.additionalProperties = toJsonSchema(schema.additionalProperties as OpenApiSchema);
  else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = true;
  if (schema.items) out.items = toJsonSchema(schema.items);
  if (schema.required) out.required = [...schema.required];
  if (schema.enum) out.enum = structuredClone(schema.enum);
  if (schema.default !== undefined) out.default = structuredClone(schema.default);
  if (schema.minimum !== undefined) out.minimum = schema.minimum;
  if (schema.maximum !== undefined) out.maximum = schema.maximum;
  if (root) {
    // The object's own apiVersion and kind are ObjectMeta's: known to the features even when the schema omits them.
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  return out;
}
