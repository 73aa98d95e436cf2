// The dry run: each SPK document is applied server-side with --dry-run=server, and compared with
// what the cluster holds, giving create / update / unchanged, or the server's error on its line.
import { namespaceNameProblem, objectNameProblem } from '../../../server/src/core/diagnostics/metadataChecks.js';
import type { ClusterContext } from './clusterContext.js';
import { KubectlError, runKubectl, type KubectlFailure, type KubectlOptions } from './kubectl.js';
import type { ManifestDoc } from './manifestDoc.js';

export const FIELD_MANAGER = 'spk-routes';

export type Action = 'create' | 'update' | 'unchanged';

export interface ItemError {
  failure: KubectlFailure | 'no-namespace' | 'duplicate' | 'refused';
  message: string;
  /** kubectl's full stderr. */
  detail: string;
  /** 0-based file line the error concerns. */
  line: number;
}

export interface PlanItem {
  doc: ManifestDoc;
  namespace?: string;
  action?: Action;
  error?: ItemError;
}

export interface ApplyPlan {
  cluster: ClusterContext;
  items: PlanItem[];
}

export interface PlanOptions {
  kubectl: KubectlOptions;
  cluster: ClusterContext;
  /** `spkRoutes.kubectl.namespace`: for resources that name none; else the context's namespace. */
  namespace?: string;
}

/** Failures that stop the whole command: nothing can be planned or applied. */
const FATAL: readonly KubectlFailure[] = ['missing', 'timeout', 'unreachable', 'no-context', 'mismatch'];

/**
 * The arguments that say where a command goes. Every value is joined to its flag with `=`, and
 * names are validated first, so nothing from a file or a setting can be read as another flag.
 */
export function targetArgs(cluster: ClusterContext, namespace: string): string[] {
  return [`--context=${cluster.context}`, `--namespace=${namespace}`];
}

/** `F5SPKStaticRoute.v1.k8s.f5net.com/NAME`: one positional argument that no name can turn into a flag. */
export function objectArg(doc: ManifestDoc): string {
  return `${resourceName(doc)}/${doc.name}`;
}

/** `F5SPKStaticRoute.v1.k8s.f5net.com`: unambiguous for kubectl get. */
export function resourceName(doc: ManifestDoc): string {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  return group ? `${doc.kind}.${version}.${group}` : `${doc.kind}.${version}`;
}

export async function planApply(options: PlanOptions, docs: readonly ManifestDoc[]): Promise<ApplyPlan> {
  const duplicates = duplicateDocs(options, docs);
  const items = await mapLimited(docs, 4, (doc) => {
    const other = duplicates.get(doc);
    if (!other) return planOne(options, doc);
    const where = `${other.uri.slice(other.uri.lastIndexOf('/') + 1)}:${other.line + 1}`;
    return Promise.resolve<PlanItem>({
      doc,
      namespace: namespaceOf(options, doc),
      error: { failure: 'duplicate', message: `${doc.kind} ${doc.name} is also defined at ${where}: apply one of them`, detail: '', line: doc.lineOf(['metadata', 'name']) },
    });
  });
  return { cluster: options.cluster, items };
}

function namespaceOf(options: PlanOptions, doc: ManifestDoc): string | undefined {
  return doc.namespace ?? (options.namespace || undefined) ?? options.cluster.namespace;
}

/** Documents naming the same object (kind, namespace, name) as another: each maps to the other one. */
function duplicateDocs(options: PlanOptions, docs: readonly ManifestDoc[]): Map<ManifestDoc, ManifestDoc> {
  const first = new Map<string, ManifestDoc>();
  const duplicates = new Map<ManifestDoc, ManifestDoc>();
  for (const doc of docs) {
    const key = `${doc.apiVersion.split('/')[0]}|${doc.kind}|${namespaceOf(options, doc)}|${doc.name}`;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, doc);
      continue;
    }
    duplicates.set(doc, seen);
    if (!duplicates.has(seen)) duplicates.set(seen, doc);
  }
  return duplicates;
}

async function planOne(options: PlanOptions, doc: ManifestDoc): Promise<PlanItem> {
  const namespace = namespaceOf(options, doc);
  if (doc.refusal) return { doc, ...(namespace ? { namespace } : {}), error: { failure: 'refused', message: doc.refusal.message, detail: '', line: doc.refusal.line } };
  if (!namespace) {
    return {
      doc,
      error: {
        failure: 'no-namespace',
        message: `${doc.kind} ${doc.name} names no namespace, and neither spkRoutes.kubectl.namespace nor context ${options.cluster.context} sets one`,
        detail: '',
        line: doc.lineOf(['metadata']),
      },
    };
  }
  const nameProblem = objectNameProblem(doc.name);
  const namespaceProblem = namespaceNameProblem(namespace);
  if (nameProblem || namespaceProblem) {
    const message = nameProblem ? `not sent: metadata.name "${doc.name}" is not a valid Kubernetes name: ${nameProblem}` : `not sent: namespace "${namespace}" is not a valid namespace name: ${namespaceProblem}`;
    return { doc, namespace, error: { failure: 'refused', message, detail: '', line: doc.lineOf(['metadata', nameProblem ? 'name' : 'namespace']) } };
  }
  const target = targetArgs(options.cluster, namespace);
  try {
    const live = await runKubectl(options.kubectl, [...target, 'get', objectArg(doc), '-o', 'json', '--ignore-not-found']);
    const dryRun = await runKubectl(
      options.kubectl,
      [...target, 'apply', '--server-side', '--dry-run=server', `--field-manager=${FIELD_MANAGER}`, '-o', 'json', '-f', '-'],
      doc.body,
    );
    const answered = answeredFor(dryRun.stdout, doc, namespace);
    if (answered) throw new KubectlError('mismatch', `the dry run answered for ${answered}, not for ${identity(doc.apiVersion, doc.kind, namespace, doc.name)}: nothing was applied`, dryRun.stdout);
    return { doc, namespace, action: compare(live.stdout, dryRun.stdout) };
  } catch (error) {
    if (!(error instanceof KubectlError) || FATAL.includes(error.failure)) throw error;
    return { doc, namespace, error: itemError(doc, error) };
  }
}

function identity(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  return `${String(apiVersion)} ${String(kind)} ${String(namespace)}/${String(name)}`;
}

/**
 * What the cluster's answer is about, when it is not exactly the object sent (apiVersion, kind,
 * namespace and name); undefined when it is.
 */
export function answeredFor(json: string, doc: ManifestDoc, namespace: string): string | undefined {
  let object: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  try {
    object = JSON.parse(json) as typeof object;
  } catch {
    return 'something that is not one JSON object';
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) return 'something that is not one object';
  const got = identity(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
  return got === identity(doc.apiVersion, doc.kind, namespace, doc.name) ? undefined : got;
}

function itemError(doc: ManifestDoc, error: KubectlError): ItemError {
  const text = error.detail || error.message;
  // `namespaces "x" not found` concerns metadata.namespace (or metadata, when the namespace came from a setting)
  const path = /namespaces "[^"]*" not found/.test(text) ? ['metadata', 'namespace'] : fieldPath(text);
  return { failure: error.failure, message: error.message, detail: error.detail || error.message, line: doc.lineOf(path) };
}

/** The field a server error names: `spec.destination: Invalid value`, `.spec.metric: field not declared`, `conflict …: .spec.gateway`. */
export function fieldPath(message: string): (string | number)[] {
  const match = /(?:^|[\s:])\.?((?:spec|metadata)(?:\.[\w-]+|\[\d+\])*)(?=:|\s*$|\n)/m.exec(message);
  if (!match) return [];
  return match[1]!.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

interface KubeObject {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

/** What applying changes: nothing there yet, a different spec, labels or annotations, or nothing. */
export function compare(liveJson: string, dryRunJson: string): Action {
  if (!liveJson.trim()) return 'create';
  const live = JSON.parse(liveJson) as KubeObject;
  const next = JSON.parse(dryRunJson) as KubeObject;
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  const annotations = (o: KubeObject) => Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration'));
  return same(live.spec, next.spec) && same(live.metadata?.labels ?? {}, next.metadata?.labels ?? {}) && same(annotations(live), annotations(next))
    ? 'unchanged'
    : 'update';
}

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const index = next++;
      try {
        results[index] = await run(items[index]!);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}
