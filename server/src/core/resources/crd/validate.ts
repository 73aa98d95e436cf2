// A custom resource checked as kube-apiserver 1.32 checks it on create with strict field validation:
// null values of non-nullable fields pruned, defaults applied, unknown fields reported (strict decoding
// names each one; the request fails on them before any other check), then the OpenAPI checks with the
// API server's error types, the list types, embedded resources, and the CEL rules — which the API
// server skips when a "blocking" error was found (a wrong type, a missing field, an unsupported value,
// too long, too many).
import { COST_LIMIT_ERROR, compileRule, OBJECT_COST_BUDGET, type CompiledRule, type CostBudget } from './cel.js';
import { checkFormat } from './formats.js';
import { fieldPathText, type OpenApiSchema, type PathStep, type ValidationRule } from './openapi.js';
import { re2 } from './regex.js';

/**
 * One error as the API server would give it. `path` is its field path (for `required` and
 * `unknown-field` it ends with the field); `detail` is the API server's wording after the path.
 */
export interface Violation {
  path: PathStep[];
  code: 'unknown-field' | 'required' | 'type' | 'enum' | 'range' | 'too-long' | 'too-short' | 'too-many' | 'too-few' | 'pattern' | 'format' | 'duplicate' | 'multiple-of' | 'rule' | 'rule-error' | 'embedded';
  detail: string;
  /** For `enum`: the allowed values; for `range` and the lengths: the limit; for `unknown-field`: the known fields. */
  allowed?: unknown[];
  limit?: number;
  known?: string[];
  expected?: string;
  /** For `rule`: the rule as written. */
  rule?: string;
}

export interface ValidationResult {
  violations: Violation[];
  /** CEL rules were not evaluated because of a blocking error (the API server says so too). */
  rulesSkipped: boolean;
}

/**
 * Error types after which the API server does not evaluate CEL rules (apiextensions' hasBlockingErr:
 * TypeInvalid, Required, NotSupported, TooLong, TooMany). A wrong `format` is a TypeInvalid there,
 * and an embedded resource without apiVersion or kind a Required (seen on kube-apiserver 1.32).
 */
const BLOCKING = new Set<Violation['code']>(['type', 'format', 'required', 'embedded', 'enum', 'too-long', 'too-many']);

/** The API server's field path text of a violation (`spec.routes[0].gateway`). */
export function violationPath(v: Violation): string {
  return fieldPathText(v.path);
}

interface Context {
  out: Violation[];
  rules: { value: unknown; schema: OpenApiSchema; path: PathStep[] }[];
}

/** Validates a whole object (apiVersion, kind, metadata, spec…) against a version's schema. */
export function validateObject(object: unknown, schema: OpenApiSchema, compiled: RuleCache): ValidationResult {
  const value = defaulted(pruneNulls(structuredClone(object), schema), schema);
  const unknown: Violation[] = [];
  collectUnknown(value, schema, [], unknown, true);
  const context: Context = { out: [], rules: [] };
  visit(value, schema, [], context, true);
  const violations = [...unknown, ...context.out];
  // The API server skips every rule once a blocking error is found, and says so, when the schema has any.
  const rulesSkipped = context.out.some((v) => BLOCKING.has(v.code)) && compiled.hasRules(schema);
  // One cost budget for every rule of the object; once spent, no further rule runs (as there).
  const budget: CostBudget = { left: OBJECT_COST_BUDGET };
  if (!rulesSkipped) for (const node of context.rules) if (!evaluateRules(node, compiled, violations, budget)) break;
  return { violations, rulesSkipped };
}

// ---------------------------------------------------------------------------------------------
// Pruning of nulls and defaulting (before validation, as in the API server's decoding)

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A null value of a field that is not nullable is as if the field were not written (unless it has a default). */
function pruneNulls(value: unknown, schema: OpenApiSchema | undefined): unknown {
  if (!schema) return value;
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!child) continue;
      if (item === null && !child.nullable && child.default === undefined) delete value[key];
      else pruneNulls(item, child);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) pruneNulls(item, schema.items);
  }
  return value;
}

function defaulted(value: unknown, schema: OpenApiSchema | undefined): unknown {
  if (!schema) return value;
  if (isObject(value)) {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (child.default !== undefined && (!Object.hasOwn(value, key) || (value[key] === null && !child.nullable))) value[key] = structuredClone(child.default);
    }
    for (const [key, item] of Object.entries(value)) {
      const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (child) defaulted(item, child);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) defaulted(item, schema.items);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Unknown fields (pruning with strict field validation)

function keepsUnknown(schema: OpenApiSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

function collectUnknown(value: unknown, schema: OpenApiSchema, path: PathStep[], out: Violation[], root = false): void {
  if (isObject(value)) {
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    const map = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const known = Object.keys(schema.properties ?? {});
    for (const [key, item] of Object.entries(value)) {
      // apiVersion, kind and metadata of the object and of embedded resources are ObjectMeta's, not the schema's.
      if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
        if (key !== 'metadata' && schema.properties?.[key]) collectUnknown(item, schema.properties[key]!, [...path, key], out);
        continue;
      }
      const child = schema.properties?.[key] ?? map;
      if (child) collectUnknown(item, child, [...path, key], out);
      else if (!keepsUnknown(schema) && schema.additionalProperties !== true) {
        out.push({ path: [...path, key], code: 'unknown-field', detail: `unknown field "${fieldPathText([...path, key])}"`, known });
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => collectUnknown(item, schema.items!, [...path, i], out));
  }
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI checks

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function visit(value: unknown, schema: OpenApiSchema, path: PathStep[], context: Context, root = false): void {
  const { out } = context;
  const where = fieldPathText(path) || '<root>';
  const add = (violation: Omit<Violation, 'path'>, at: PathStep[] = path) => out.push({ path: at, ...violation });
  if (value === null && schema.nullable) return;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const expected = intOrString ? 'integer,string' : schema.type;
  let typeOk = true;
  if (expected) {
    typeOk = intOrString ? typeMatches(value, 'integer') || typeof value === 'string' : typeMatches(value, expected);
    if (!typeOk) add({ code: 'type', detail: `Invalid value: "${jsonType(value)}": ${where} in body must be of type ${expected}: "${jsonType(value)}"`, expected });
  }
  if (schema.enum && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
    add({ code: 'enum', detail: `Unsupported value: ${quoted(value)}: supported values: ${schema.enum.map(quoted).join(', ')}`, allowed: schema.enum });
  }
  if (!typeOk) return;
  if (typeof value === 'string') checkString(value, schema, where, add);
  else if (typeof value === 'number') checkNumber(value, schema, where, add);
  else if (Array.isArray(value)) checkArray(value, schema, path, context);
  else if (isObject(value)) checkObject(value, schema, path, context, root);
  if (schema['x-kubernetes-validations']?.length && value !== undefined) context.rules.push({ value, schema, path });
}

type Add = (violation: Omit<Violation, 'path'>, at?: PathStep[]) => void;

function checkString(value: string, schema: OpenApiSchema, where: string, add: Add): void {
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) add({ code: 'too-long', detail: `Too long: may not be more than ${schema.maxLength} bytes`, limit: schema.maxLength });
  if (schema.minLength !== undefined && length < schema.minLength) add({ code: 'too-short', detail: `Invalid value: ${quoted(value)}: ${where} in body should be at least ${schema.minLength} chars long`, limit: schema.minLength });
  if (schema.pattern !== undefined) {
    const regex = re2(schema.pattern);
    if (typeof regex !== 'string' && !regex.test(value)) add({ code: 'pattern', detail: `Invalid value: ${quoted(value)}: ${where} in body should match '${schema.pattern}'` });
  }
  if (schema.format !== undefined && checkFormat(schema.format, value) === false) {
    add({ code: 'format', detail: `Invalid value: ${quoted(value)}: ${where} in body must be of type ${schema.format}: ${quoted(value)}`, expected: schema.format });
  }
}

function checkNumber(value: number, schema: OpenApiSchema, where: string, add: Add): void {
  const { maximum, minimum } = schema;
  if (maximum !== undefined && (schema.exclusiveMaximum ? value >= maximum : value > maximum)) {
    add({ code: 'range', detail: `Invalid value: ${value}: ${where} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${maximum}`, limit: maximum });
  }
  if (minimum !== undefined && (schema.exclusiveMinimum ? value <= minimum : value < minimum)) {
    add({ code: 'range', detail: `Invalid value: ${value}: ${where} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${minimum}`, limit: minimum });
  }
  if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
    add({ code: 'multiple-of', detail: `Invalid value: ${value}: ${where} in body should be a multiple of ${schema.multipleOf}`, limit: schema.multipleOf });
  }
}

function checkArray(value: unknown[], schema: OpenApiSchema, path: PathStep[], context: Context): void {
  const where = fieldPathText(path);
  const add = (violation: Omit<Violation, 'path'>, at: PathStep[] = path) => context.out.push({ path: at, ...violation });
  if (schema.maxItems !== undefined && value.length > schema.maxItems) add({ code: 'too-many', detail: `Too many: ${value.length}: must have at most ${schema.maxItems} items`, limit: schema.maxItems });
  if (schema.minItems !== undefined && value.length < schema.minItems) add({ code: 'too-few', detail: `Invalid value: ${value.length}: ${where} in body should have at least ${schema.minItems} items`, limit: schema.minItems });
  if (schema.items) value.forEach((item, i) => visit(item, schema.items!, [...path, i], context));
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    value.forEach((item, i) => {
      if (value.findIndex((other) => deepEqual(other, item)) < i) add({ code: 'duplicate', detail: `Duplicate value: ${quoted(item)}` }, [...path, i]);
    });
  } else if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const keyOf = (item: unknown) => (isObject(item) ? JSON.stringify(keys.map((k) => item[k] ?? schema.items?.properties?.[k]?.default ?? null)) : undefined);
    value.forEach((item, i) => {
      const key = keyOf(item);
      if (key !== undefined && value.findIndex((other) => keyOf(other) === key) < i) add({ code: 'duplicate', detail: `Duplicate value: ${key}` }, [...path, i]);
    });
  }
}

function checkObject(value: Record<string, unknown>, schema: OpenApiSchema, path: PathStep[], context: Context, root: boolean): void {
  const where = fieldPathText(path) || '<root>';
  const add = (violation: Omit<Violation, 'path'>, at: PathStep[] = path) => context.out.push({ path: at, ...violation });
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) add({ code: 'too-many', detail: `Too many: ${count}: must have at most ${schema.maxProperties} items`, limit: schema.maxProperties });
  if (schema.minProperties !== undefined && count < schema.minProperties) add({ code: 'too-few', detail: `Invalid value: ${count}: ${where} in body should have at least ${schema.minProperties} properties`, limit: schema.minProperties });
  for (const field of schema.required ?? []) if (!Object.hasOwn(value, field)) add({ code: 'required', detail: 'Required value' }, [...path, field]);
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (embedded) {
    for (const field of ['apiVersion', 'kind']) {
      if (typeof value[field] !== 'string' || value[field] === '') add({ code: 'embedded', detail: 'Required value: must not be empty' }, [...path, field]);
    }
  }
  const map = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [key, item] of Object.entries(value)) {
    if ((root || embedded) && key === 'metadata') continue;
    const child = schema.properties?.[key] ?? map;
    if (child) visit(item, child, [...path, key], context);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// CEL rules

/** Compiled rules, shared by every document checked against one schema. */
export class RuleCache {
  private readonly compiled = new Map<string, CompiledRule | string>();
  private anyRules: boolean | undefined;

  /** Whether the schema has a rule anywhere (the API server then has a CEL validator for it). */
  hasRules(schema: OpenApiSchema): boolean {
    return (this.anyRules ??= JSON.stringify(schema).includes('"x-kubernetes-validations"'));
  }

  get(rule: ValidationRule): CompiledRule | string {
    const key = `${rule.rule}\u0000${rule.messageExpression ?? ''}`;
    let found = this.compiled.get(key);
    if (found === undefined) this.compiled.set(key, (found = compileRule(rule.rule, rule.messageExpression)));
    return found;
  }
}

/** A transition rule (it reads `oldSelf`): never evaluated on create. */
export function isTransitionRule(rule: ValidationRule): boolean {
  return /\boldSelf\b/.test(rule.rule);
}

/** Evaluates a node's rules; false when the object's cost budget is spent (no further rule runs). */
function evaluateRules(node: { value: unknown; schema: OpenApiSchema; path: PathStep[] }, cache: RuleCache, out: Violation[], budget: CostBudget): boolean {
  const self = celValue(node.value, node.schema, node.path.length === 0);
  const typeName = node.schema.type ?? (node.schema['x-kubernetes-int-or-string'] ? 'integer-or-string' : 'object');
  for (const rule of node.schema['x-kubernetes-validations'] ?? []) {
    if (isTransitionRule(rule)) continue;
    const compiled = cache.get(rule);
    if (typeof compiled === 'string') continue; // the API server refuses such a CRD; reported on the CRD
    const result = compiled.run(self, budget);
    if (budget.left < 0) {
      out.push({ path: node.path, code: 'rule-error', detail: `Invalid value: "${typeName}": validation failed due to running out of cost budget, no further validation rules will be run`, rule: rule.rule });
      return false;
    }
    if (result === true) continue;
    if (result === COST_LIMIT_ERROR) {
      out.push({ path: node.path, code: 'rule-error', detail: `Invalid value: "${typeName}": '${COST_LIMIT_ERROR}': call cost exceeds limit for rule: ${rule.rule}`, rule: rule.rule });
      continue;
    }
    if (typeof result === 'string') {
      out.push({ path: node.path, code: 'rule-error', detail: `Invalid value: "${typeName}": ${result} evaluating rule: ${rule.rule}`, rule: rule.rule });
      continue;
    }
    const message = compiled.message(self) ?? rule.message ?? `failed rule: ${rule.rule}`;
    const at = rule.fieldPath ? [...node.path, ...(parseFieldPath(rule.fieldPath) ?? [])] : node.path;
    const prefix = rule.reason === 'FieldValueForbidden' ? 'Forbidden' : rule.reason === 'FieldValueRequired' ? 'Required value' : rule.reason === 'FieldValueDuplicate' ? 'Duplicate value' : `Invalid value: "${typeName}"`;
    out.push({ path: at, code: 'rule', detail: `${prefix}: ${message}`, rule: rule.rule });
  }
  return true;
}

/** `.a.b`, `['a.b']`, `.list[0]`: the steps of a rule's fieldPath, or undefined when it is not one. */
export function parseFieldPath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const token = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return undefined;
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!.replace(/\\(.)/g, '$1')));
    at = token.lastIndex;
  }
  return steps;
}

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** A property name as CEL sees it in an object (`foo-bar` → `foo__dash__bar`); undefined when CEL cannot name it. */
export function celFieldName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z_.\-/][A-Za-z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replaceAll('__', '__underscores__').replaceAll('.', '__dot__').replaceAll('-', '__dash__').replaceAll('/', '__slash__');
}

/** A value as the rules see it: integers as CEL int, numbers as double, objects with CEL field names. */
export function celValue(value: unknown, schema: OpenApiSchema | undefined, root = false): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => celValue(item, schema?.items));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    const map = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const isMap = map !== undefined || !schema?.properties;
    for (const [key, item] of Object.entries(value)) {
      const child = schema?.properties?.[key] ?? map;
      const name = isMap && !schema?.properties?.[key] ? key : celFieldName(key);
      if (name === undefined) continue;
      if ((root || schema?.['x-kubernetes-embedded-resource']) && key === 'metadata' && isObject(item)) {
        out[name] = Object.fromEntries(Object.entries(item).filter(([k]) => k === 'name' || k === 'generateName'));
        continue;
      }
      Object.defineProperty(out, name, { value: celValue(item, child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

