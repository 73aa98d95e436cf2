// The bundled JSON Schemas (schemas/*.json), indexed by the apiVersion and kind that each one declares
// as `const`, each with its validator compiled ahead of time (generated/schemaValidators.ts).
import type { ValidateFunction } from 'ajv';
import * as generated from './generated/schemaValidators.js';
import { validatorName } from './validatorNames.js';
import { KIND_ROLES, type ResourceRole } from './kinds.js';
import f5spkEgressV2 from '../../../../schemas/k8s.f5net.com_v2_F5SPKEgress.json';
import f5spkEgressV3 from '../../../../schemas/k8s.f5net.com_v3_F5SPKEgress.json';
import f5spkSnatpool from '../../../../schemas/k8s.f5net.com_v1_F5SPKSnatpool.json';
import f5spkStaticRoute from '../../../../schemas/k8s.f5net.com_v1_F5SPKStaticRoute.json';
import f5spkVlan from '../../../../schemas/k8s.f5net.com_v1_F5SPKVlan.json';
import f5spkVxlan from '../../../../schemas/k8s.f5net.com_v1_F5SPKVxlan.json';
import ingressRouteStaticRoute from '../../../../schemas/k8s.f5net.com_v1_IngressRouteStaticRoute.json';
import ingressRouteVlan from '../../../../schemas/k8s.f5net.com_v1_IngressRouteVlan.json';
import infra from '../../../../schemas/gateway.k8s.f5.com_v1alpha1_Infra.json';
import routeTest from '../../../../schemas/spk-routes_v1alpha1_RouteTest.json';

/** The subset of JSON Schema that the features read (descriptions, fields, enums). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  'x-spk-certainty'?: 'F5' | 'seen' | 'inferred';
}

export interface KindSchema {
  apiVersion: string;
  kind: string;
  role: ResourceRole;
  schema: JsonSchema;
  validate(): ValidateFunction;
}

const VALIDATORS = generated as unknown as Record<string, ValidateFunction | undefined>;

function register(raw: unknown): KindSchema {
  const schema = raw as JsonSchema;
  const apiVersion = schema.properties?.apiVersion?.const;
  const kind = schema.properties?.kind?.const;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !Object.hasOwn(KIND_ROLES, kind)) {
    throw new Error(`schema ${(raw as { $id?: string }).$id} does not declare a known apiVersion and kind`);
  }
  const id = (raw as { $id?: string }).$id ?? '';
  const validator = VALIDATORS[validatorName(id)];
  if (!validator) throw new Error(`schema ${id} has no generated validator: run npm run gen:validators`);
  return { apiVersion, kind, role: KIND_ROLES[kind]!, schema, validate: () => validator };
}

export const KIND_SCHEMAS: readonly KindSchema[] = [
  ingressRouteStaticRoute, f5spkStaticRoute, ingressRouteVlan, f5spkVlan, f5spkVxlan, f5spkSnatpool, f5spkEgressV2, f5spkEgressV3, infra, routeTest,
].map(register);

export function findSchema(apiVersion: unknown, kind: string): KindSchema | undefined {
  return KIND_SCHEMAS.find((s) => s.kind === kind && s.apiVersion === apiVersion);
}

export function apiVersionsOf(kind: string): string[] {
  return KIND_SCHEMAS.filter((s) => s.kind === kind).map((s) => s.apiVersion);
}

/** The schema of the value at a path of keys and indices, following properties and items. */
export function schemaAt(schema: JsonSchema, path: readonly (string | number)[]): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.items;
    else current = current.properties?.[step] ?? (typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
  }
  return current;
}
