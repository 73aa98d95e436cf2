// Runs the kind's JSON Schema and turns ajv's errors into diagnostics on the exact key or value.
import type { ErrorObject } from 'ajv';
import { schemaAt, type JsonSchema } from '../resources/schemas.js';
import { closest, listOf } from '../text.js';
import { getPair, toJS, type YMap, type YNode, type YPair } from '../yaml/tree.js';
import type { DocumentReport } from './report.js';
import { replaceScalar } from './edits.js';
import type { SpkResource } from '../resources/resource.js';

export function checkSchema(resource: SpkResource, report: DocumentReport): void {
  const validate = resource.schema.validate();
  if (validate(toJS(resource.root))) return;
  for (const error of validate.errors ?? []) reportError(resource, error, report);
}

function reportError(resource: SpkResource, error: ErrorObject, report: DocumentReport): void {
  // `if` repeats its `then` error; the gateway requirement (spec `then`) is the missing-gateway check's.
  if (error.keyword === 'if' || error.schemaPath.includes('/then/')) return;
  if (error.schemaPath.includes('/anyOf/')) return;
  const path = pointerToPath(error.instancePath);
  const located = locate(resource.root, path);
  if (!located) return;
  const { node, pair } = located;
  const where = describePath(resource.kind, path);
  const schema = schemaAt(resource.schema.schema, path);
  switch (error.keyword) {
    case 'required': {
      const field = String(error.params.missingProperty);
      const about = schemaAt(resource.schema.schema, [...path, field])?.description;
      // A list item has no key of its own: its first key stands for it.
      const itemKey = typeof path.at(-1) === 'number' && node.type === 'map' ? node.pairs[0]?.key : undefined;
      report.add('missing-field', pair?.key ?? itemKey ?? kindKey(resource), `${where} is missing the required field "${field}"${about ? ` — ${firstSentence(about)}` : ''}`);
      return;
    }
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const map = node as YMap;
      const unknown = getPair(map, field);
      const known = Object.keys(schema?.properties ?? {});
      const guess = closest(field, known);
      const fixes = guess && unknown ? [{ title: `Rename "${field}" to "${guess}"`, edits: [replaceScalar(unknown.key, guess)] }] : undefined;
      report.add(
        'unknown-field',
        unknown?.key ?? node,
        `unknown field "${field}" in ${where}${guess ? ` (did you mean "${guess}"?)` : ''}; known fields: ${listOf(known)}`,
        { fixes },
      );
      return;
    }
    case 'type': {
      const expected = typeName(String(error.params.type));
      report.add('wrong-type', node, `${fieldName(path)} must be ${expected}, but ${describeValue(node)}`);
      return;
    }
    case 'anyOf': {
      const options = (schema?.anyOf ?? []).map((s) => typeName(String(s.type))).join(' or ');
      report.add('wrong-type', node, `${fieldName(path)} must be ${options || 'of another type'}, but ${describeValue(node)}`);
      return;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const written = node.type === 'scalar' ? String(node.value) : '';
      const guess = node.type === 'scalar' ? closest(written, allowed) : undefined;
      const fixes = guess && node.type === 'scalar' ? [{ title: `Change to "${guess}"`, edits: [replaceScalar(node, guess)] }] : undefined;
      report.add(
        'invalid-value',
        node,
        `${describeValue(node, false)} is not a valid ${fieldName(path)}${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of: ${listOf(allowed)}`,
        { fixes },
      );
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = error.params.limit as number;
      const side = error.keyword.endsWith('inimum') ? 'below the minimum' : 'above the maximum';
      report.add('out-of-range', node, `${fieldName(path)} ${describeValue(node, false)} is ${side} ${limit}${rangeHint(schema)}`);
      return;
    }
    default:
      report.add('schema', node, `${fieldName(path)} ${error.message ?? 'is not valid'}`);
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The node at a path, with the pair that holds it (for reporting at the key). */
function locate(root: YNode, path: readonly (string | number)[]): { node: YNode; pair?: YPair } | undefined {
  let node: YNode = root;
  let pair: YPair | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      if (node.type !== 'seq' || !node.items[step]) return undefined;
      node = node.items[step]!;
      pair = undefined;
    } else {
      if (node.type !== 'map') return undefined;
      pair = getPair(node, step);
      if (!pair) return undefined;
      node = pair.value;
    }
  }
  return pair ? { node, pair } : { node };
}

function kindKey(resource: SpkResource): YNode {
  return getPair(resource.root, 'kind')!.key;
}

function describePath(kind: string, path: readonly (string | number)[]): string {
  return path.length === 0 ? kind : `${fieldName(path)} of ${kind}`;
}

/** `spec.selfip_v4s[1]` for ['spec', 'selfip_v4s', 1]. */
export function fieldName(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : step;
  return out;
}

function typeName(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a map of fields';
    default:
      return type;
  }
}

export function describeValue(node: YNode, withKind = true): string {
  if (node.type === 'map') return 'it is a map';
  if (node.type === 'seq') return 'it is a list';
  const { value, source } = node;
  if (!withKind) return source || 'empty';
  if (value === null) return source ? `${source} is null` : 'it is empty';
  if (typeof value === 'string') return `${source} is a string`;
  if (typeof value === 'boolean') return `${source} is a boolean`;
  if (!Number.isFinite(value)) return `${source} is not a finite number`;
  return Number.isInteger(value) ? `${source} is an integer` : `${source} is a fraction`;
}

function rangeHint(schema: JsonSchema | undefined): string {
  if (schema?.minimum === undefined || schema.maximum === undefined) return '';
  return ` (allowed: ${schema.minimum}–${schema.maximum})`;
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end > 0 ? text.slice(0, end) : text;
}
