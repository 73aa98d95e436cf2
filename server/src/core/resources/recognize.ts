// Which SPK resource a parsed document is: its kind's schema at its apiVersion, name and namespace.
import { apiVersionsOf, findSchema } from './schemas.js';
import { getPair, type YMap, type YNode } from '../yaml/tree.js';
import { DocumentResource } from './resource.js';
import type { SchemaLookup } from './schemaSources.js';

export interface Recognition {
  resource?: DocumentResource;
  /** Why an SPK kind is not recognised: an unknown or missing apiVersion. */
  problem?: { code: 'unknown-api-version' | 'missing-field'; node: YNode; message: string };
}

/** `schemas`: the workspace's schema sources (CRDs before the bundled schemas); without it, the bundled ones. */
export function recognizeResource(root: YMap, kind: string, schemas?: SchemaLookup): Recognition {
  const apiPair = getPair(root, 'apiVersion');
  const apiVersion = apiPair?.value.type === 'scalar' ? apiPair.value.value : undefined;
  const schema = schemas ? schemas.lookup(apiVersion, kind) : findSchema(apiVersion, kind);
  if (!schema) {
    const known = (schemas ? schemas.apiVersionsOf(kind) : apiVersionsOf(kind)).join(' or ');
    return apiPair
      ? { problem: { code: 'unknown-api-version', node: apiPair.value, message: `${kind} is not known at apiVersion ${apiPair.value.type === 'scalar' ? apiPair.value.source || 'empty' : '(not a string)'}; known: ${known}` } }
      : { problem: { code: 'missing-field', node: getPair(root, 'kind')!.key, message: `${kind} has no apiVersion; known: ${known}` } };
  }
  const metadata = getPair(root, 'metadata')?.value;
  const name = metadata?.type === 'map' ? getPair(metadata, 'name')?.value : undefined;
  const namespace = metadata?.type === 'map' ? getPair(metadata, 'namespace')?.value : undefined;
  const nameValue = name?.type === 'scalar' && typeof name.value === 'string' ? name.value : undefined;
  const namespaceValue = namespace?.type === 'scalar' && typeof namespace.value === 'string' ? namespace.value : undefined;
  return { resource: new DocumentResource(schema.apiVersion, kind, schema.role, schema, root, nameValue, namespaceValue) };
}
