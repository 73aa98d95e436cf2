// Schemas from the cluster (issue 14, the first source): the CustomResourceDefinitions of the SPK
// groups read with the user's kubectl from one context, cached on disk per context with the time
// they were read, so that they keep working offline. No vscode import: the editor command
// (commands/loadClusterSchemas.ts, trust-gated like apply) and the tests run the same code. The cache holds each CRD's metadata.name
// and spec only (no managedFields, no status), never a credential.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { clusterCrds, type PlacedCrd } from '../../../server/src/core/resources/schemaSources.js';
import { KubectlError, runKubectl, type KubectlOptions } from './kubectl.js';

/** The API groups whose CRDs are read: the SPK and BNK kinds' (resources/kinds.ts). */
export const SPK_GROUPS: readonly string[] = ['k8s.f5net.com', 'gateway.k8s.f5.com'];

export interface ClusterSchemas {
  context: string;
  /** ISO 8601, when kubectl answered. */
  readAt: string;
  /** Each CRD as `{apiVersion, kind, metadata: {name}, spec}`. */
  crds: unknown[];
}

interface CrdList {
  items?: { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: { group?: string } }[];
}

/** Reads the SPK groups' CRDs of a context (`kubectl get customresourcedefinitions -o json`). */
export async function readClusterSchemas(kubectl: KubectlOptions, context: string, now: () => Date = () => new Date()): Promise<ClusterSchemas> {
  const { stdout } = await runKubectl(kubectl, ['--context', context, 'get', 'customresourcedefinitions.apiextensions.k8s.io', '-o', 'json']);
  let list: CrdList;
  try {
    list = JSON.parse(stdout) as CrdList;
  } catch {
    throw new KubectlError('failed', 'kubectl get customresourcedefinitions did not answer JSON');
  }
  const crds = (list.items ?? [])
    .filter((item) => SPK_GROUPS.includes(item.spec?.group ?? ''))
    .map((item) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: item.metadata?.name }, spec: item.spec }));
  return { context, readAt: now().toISOString(), crds };
}

/** The cache file of a context: its name made safe, and a hash so that two names never share one. */
export function cacheFile(dir: string, context: string): string {
  const safe = context.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(context).digest('hex').slice(0, 12);
  return path.join(dir, `crds-${safe}-${hash}.json`);
}

/** Writes a context's schemas (whole or not at all: a temporary file renamed over the old one). */
export function writeSchemaCache(dir: string, schemas: ClusterSchemas): string {
  mkdirSync(dir, { recursive: true });
  const file = cacheFile(dir, schemas.context);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(schemas)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return file;
}

/** A context's cached schemas; undefined when there are none or the file is not ours. */
export function readSchemaCache(dir: string, context: string): ClusterSchemas | undefined {
  let value: Partial<ClusterSchemas>;
  try {
    value = JSON.parse(readFileSync(cacheFile(dir, context), 'utf8')) as Partial<ClusterSchemas>;
  } catch {
    return undefined;
  }
  if (value.context !== context || typeof value.readAt !== 'string' || !Array.isArray(value.crds)) return undefined;
  return { context, readAt: value.readAt, crds: value.crds };
}

/** What Load Schemas from Cluster read and cached. */
export interface LoadedSchemas {
  schemas: ClusterSchemas;
  /** How many CRDs can be used, and why the others cannot (`<name>: <why>`). */
  used: number;
  skipped: string[];
  cacheFile: string;
}

/**
 * Load Schemas from Cluster without the editor: reads the context's SPK CRDs and writes the cache.
 * A context that serves none that can be used is an error (`not-found`), and nothing is written.
 */
export async function loadClusterSchemas(kubectl: KubectlOptions, context: string, cacheDir: string, now?: () => Date): Promise<LoadedSchemas> {
  const schemas = await readClusterSchemas(kubectl, context, now);
  const { crds, skipped } = clusterCrds(schemas.crds, schemas.readAt);
  if (crds.length === 0) {
    const why = skipped.length ? `: none of its ${skipped.length} can be used (${skipped.join('; ')})` : '';
    throw new KubectlError('not-found', `context "${context}" serves no CustomResourceDefinition of the SPK groups (${SPK_GROUPS.join(', ')})${why}`);
  }
  return { schemas, used: crds.length, skipped, cacheFile: writeSchemaCache(cacheDir, schemas) };
}

/** The CRDs to give the Workspace (`setClusterCrds(context, …)`); those that cannot be used are left out. */
export function placedCrds(schemas: ClusterSchemas): PlacedCrd[] {
  return clusterCrds(schemas.crds, schemas.readAt).crds;
}
