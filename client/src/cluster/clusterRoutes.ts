// The live cluster's SPK resources (issue 12): read with the user's kubectl (one `get` of every SPK
// kind, all namespaces, as JSON), each object's status.conditions (the controller's Programmed and
// Accepted), drift against the workspace's documents, the cluster after an apply, and the bounded
// wait for Programmed after one. No vscode import: the editor's commands and the cluster tests run
// the same code; the route tables are built by the language server from `routeDocument`s.
import { KIND_GROUPS, KIND_ROLES, ROUTE_TEST_GROUP } from '../../../server/src/core/resources/kinds.js';
import type { ClusterContext } from './clusterContext.js';
import { KubectlError, runKubectl, type KubectlOptions } from './kubectl.js';
import { itemsToApply } from './apply.js';
import { canonical, type ApplyPlan } from './plan.js';
import type { TrafficChange } from './planText.js';

/** The group of the k8s.f5net.com kinds (KIND_GROUPS names the others). */
const SPK_GROUP = 'k8s.f5net.com';

/** Every SPK kind a cluster can hold (never this project's RouteTest), with its API group. */
export const CLUSTER_KINDS: readonly { kind: string; group: string }[] = Object.keys(KIND_ROLES)
  .map((kind) => ({ kind, group: KIND_GROUPS[kind] ?? SPK_GROUP }))
  .filter((k) => k.group !== ROUTE_TEST_GROUP);

/** `F5SPKStaticRoute.k8s.f5net.com,…`: one argument naming each kind by kind and group, so no other group's kind of that name is read. */
export function kindsArg(kinds: readonly { kind: string; group: string }[] = CLUSTER_KINDS): string {
  return kinds.map((k) => `${k.kind}.${k.group}`).join(',');
}

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

/** An SPK object as the cluster holds it. */
export interface ClusterObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; generation?: number };
  spec: unknown;
  status?: { conditions?: unknown };
}

export interface ClusterRead {
  objects: ClusterObject[];
  /** The SPK kinds the cluster does not serve (no CRD): none of them can be there. */
  unserved: string[];
}

/**
 * Every SPK object of a context: in all namespaces (one `kubectl get … --all-namespaces -o json`),
 * or in each of `namespaces` (one get each: a user allowed only there can still read them). A kind
 * the cluster does not serve is left out and named in `unserved` (kubectl refuses the whole call for
 * it, so the call is made again without it).
 */
export async function readClusterObjects(kubectl: KubectlOptions, context: string, namespaces?: readonly string[]): Promise<ClusterRead> {
  let kinds = [...CLUSTER_KINDS];
  const unserved: string[] = [];
  const objects: ClusterObject[] = [];
  for (const where of namespaces ? namespaces.map((ns) => `--namespace=${ns}`) : ['--all-namespaces']) {
    for (;;) {
      if (!kinds.length) break;
      let stdout: string;
      try {
        ({ stdout } = await runKubectl(kubectl, [`--context=${context}`, 'get', kindsArg(kinds), where, '-o', 'json']));
      } catch (error) {
        const missing = error instanceof KubectlError ? /doesn't have a resource type "([^"]+)"/.exec(error.detail || error.message)?.[1] : undefined;
        // kubectl names it as asked, or without its group: `the server doesn't have a resource type "IngressRouteVlan"`.
        const index = missing === undefined ? -1 : kinds.findIndex((k) => [`${k.kind}.${k.group}`, k.kind].some((name) => name.toLowerCase() === missing.toLowerCase()));
        if (index < 0) throw error;
        unserved.push(kinds[index]!.kind);
        kinds = kinds.filter((_, i) => i !== index);
        continue;
      }
      let list: { items?: unknown[] };
      try {
        list = JSON.parse(stdout) as { items?: unknown[] };
      } catch {
        throw new KubectlError('failed', `kubectl get ${kindsArg(kinds)} did not answer JSON`);
      }
      objects.push(...(list.items ?? []).filter(isClusterObject));
      break;
    }
  }
  return { objects, unserved };
}

function isClusterObject(item: unknown): item is ClusterObject {
  const o = item as Partial<ClusterObject> | null;
  return !!o && typeof o === 'object' && typeof o.kind === 'string' && typeof o.apiVersion === 'string' && typeof o.metadata?.name === 'string' && typeof o.metadata.namespace === 'string';
}

/** What the language server gets of an object to build its tables: no status, no managed fields. */
export function routeDocument(object: ClusterObject): { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: unknown } {
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name, namespace: object.metadata.namespace }, spec: object.spec };
}

/** The key of an object: kind, namespace and name. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** An object's status.conditions that can be read (type and status strings), Programmed and Accepted first. */
export function conditionsOf(object: ClusterObject): Condition[] {
  const raw = Array.isArray(object.status?.conditions) ? (object.status.conditions as unknown[]) : [];
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const conditions = raw.flatMap((c): Condition[] => {
    const o = c as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || typeof o.type !== 'string' || typeof o.status !== 'string') return [];
    return [{ type: o.type, status: o.status, reason: text(o.reason), message: text(o.message), ...(typeof o.observedGeneration === 'number' ? { observedGeneration: o.observedGeneration } : {}) }];
  });
  const rank = (c: Condition) => (c.type === 'Programmed' ? 0 : c.type === 'Accepted' ? 1 : 2);
  return conditions.sort((a, b) => rank(a) - rank(b));
}

/** `Programmed=False (GatewayUnreachable): no route to 10.2.201.5`. */
export function conditionText(condition: Condition): string {
  return `${condition.type}=${condition.status}${condition.reason ? ` (${condition.reason})` : ''}${condition.message ? `: ${condition.message}` : ''}`;
}

/** A document of the workspace as drift compares it. */
export interface WorkspaceObject {
  kind: string;
  namespace: string;
  name: string;
  spec: unknown;
  uri: string;
  /** 0-based line of the document. */
  line: number;
}

export type DriftMark = 'only-in-cluster' | 'only-in-workspace' | 'different';

export interface Drift {
  mark: DriftMark;
  kind: string;
  namespace: string;
  name: string;
  /** Where the workspace has it. */
  uri?: string;
  line?: number;
  /** For `different`: the spec fields the two disagree on, e.g. `spec.gateway`. */
  fields: string[];
}

/**
 * Drift between the workspace and the cluster, per kind, namespace and name, in the namespaces of
 * `namespaces` (all the workspace's and the cluster's when absent). An object is `different` when
 * a field the workspace's spec sets is missing or has another value in the cluster's; fields only
 * the cluster has are not drift (the CRD's defaults, which the API server fills in).
 */
export function driftOf(workspace: readonly WorkspaceObject[], cluster: readonly ClusterObject[]): Drift[] {
  const live = new Map(cluster.map((o) => [objectKey(o.kind, o.metadata.namespace, o.metadata.name), o]));
  const ours = new Set<string>();
  const drift: Drift[] = [];
  for (const doc of workspace) {
    const key = objectKey(doc.kind, doc.namespace, doc.name);
    ours.add(key);
    const object = live.get(key);
    const where = { kind: doc.kind, namespace: doc.namespace, name: doc.name, uri: doc.uri, line: doc.line };
    if (!object) drift.push({ mark: 'only-in-workspace', ...where, fields: [] });
    else {
      const fields = differences(doc.spec, object.spec, 'spec');
      if (fields.length) drift.push({ mark: 'different', ...where, fields });
    }
  }
  for (const object of cluster) {
    if (!ours.has(objectKey(object.kind, object.metadata.namespace, object.metadata.name))) drift.push({ mark: 'only-in-cluster', kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, fields: [] });
  }
  const order = (d: Drift) => `${d.namespace}\u0000${d.kind}\u0000${d.name}`;
  return drift.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** The paths under `path` where `ours` sets something that `theirs` lacks or holds otherwise (lists compared whole). */
function differences(ours: unknown, theirs: unknown, path: string): string[] {
  if (ours && typeof ours === 'object' && !Array.isArray(ours) && theirs && typeof theirs === 'object' && !Array.isArray(theirs)) {
    return Object.entries(ours).flatMap(([key, value]) => differences(value, (theirs as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return JSON.stringify(canonical(ours)) === JSON.stringify(canonical(theirs)) ? [] : [path];
}

/** A resource an apply sends: its JSON body and the namespace it goes to. */
export interface AppliedObject {
  kind: string;
  name: string;
  namespace: string;
  body: string;
}

/**
 * The cluster now and after an apply, in the namespaces it applies to: the cluster's objects there,
 * and the same with each applied object replacing the one of its kind, namespace and name (or added).
 */
export function clusterAfterApply(cluster: readonly ClusterObject[], applied: readonly AppliedObject[]): { now: ClusterObject[]; after: ClusterObject[] } {
  const namespaces = new Set(applied.map((a) => a.namespace));
  const now = cluster.filter((o) => namespaces.has(o.metadata.namespace));
  const byKey = new Map(now.map((o) => [objectKey(o.kind, o.metadata.namespace, o.metadata.name), o]));
  for (const item of applied) {
    const body = JSON.parse(item.body) as ClusterObject;
    byKey.set(objectKey(item.kind, item.namespace, item.name), { ...body, metadata: { ...body.metadata, name: item.name, namespace: item.namespace } });
  }
  return { now, after: [...byKey.values()] };
}

/** How an applied resource ended the wait. */
export interface ProgrammedResult {
  target: { kind: string; namespace: string; name: string };
  state: 'programmed' | 'not-programmed' | 'no-answer' | 'missing';
  /** The Programmed condition last read (for the current generation), if any. */
  condition?: Condition;
}

export interface WaitOptions {
  /** How long to wait in all. */
  timeoutMs: number;
  /** Between two reads. */
  intervalMs?: number;
  /** Asked before each read and while sleeping: true ends the wait at once. */
  cancelled?: () => boolean;
  onProgress?: (programmed: number, total: number) => void;
}

/**
 * Waits, bounded, for the controller to report `Programmed=True` (for the object's current
 * generation, when it says which it observed) on each applied resource: reads the SPK objects of
 * their namespaces once per interval. Ends when each has Programmed=True or a Programmed=False that is not
 * `Pending` (the controller has answered), at the bound, or when cancelled; a resource whose
 * controller never reports (no controller runs for its CRD) ends as `no-answer` at the bound.
 */
export async function waitForProgrammed(kubectl: KubectlOptions, cluster: ClusterContext, targets: readonly { kind: string; namespace: string; name: string }[], options: WaitOptions): Promise<{ results: ProgrammedResult[]; cancelled: boolean; timedOut: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 1000;
  let results: ProgrammedResult[] = targets.map((target) => ({ target, state: 'no-answer' }));
  const sleep = async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end && !options.cancelled?.()) await new Promise((resolve) => setTimeout(resolve, Math.min(100, end - Date.now())));
  };
  for (;;) {
    if (options.cancelled?.()) return { results, cancelled: true, timedOut: false };
    const namespaces = [...new Set(targets.map((t) => t.namespace))].sort();
    const { objects } = await readClusterObjects({ ...kubectl, timeoutMs: Math.max(1000, Math.min(kubectl.timeoutMs, deadline - Date.now())) }, cluster.context, namespaces);
    const byKey = new Map(objects.map((o) => [objectKey(o.kind, o.metadata.namespace, o.metadata.name), o]));
    results = targets.map((target) => programmedState(target, byKey.get(objectKey(target.kind, target.namespace, target.name))));
    options.onProgress?.(results.filter((r) => r.state === 'programmed').length, targets.length);
    const settled = results.every((r) => r.state === 'programmed' || (r.state === 'not-programmed' && r.condition?.reason !== 'Pending'));
    if (settled) return { results, cancelled: false, timedOut: false };
    if (Date.now() + interval > deadline) return { results, cancelled: false, timedOut: true };
    await sleep(interval);
  }
}

function programmedState(target: ProgrammedResult['target'], object: ClusterObject | undefined): ProgrammedResult {
  if (!object) return { target, state: 'missing' };
  const condition = conditionsOf(object).find((c) => c.type === 'Programmed');
  // A condition about an older generation says nothing about what was just applied.
  const current = condition && (condition.observedGeneration === undefined || object.metadata.generation === undefined || condition.observedGeneration >= object.metadata.generation);
  if (!condition || !current) return { target, state: 'no-answer' };
  return { target, state: condition.status === 'True' ? 'programmed' : 'not-programmed', condition };
}

/** The routing diff of two sets of route documents, as the CLI's diff lines: the language server's, or the core's in process. */
export type TrafficDiff = (now: ReturnType<typeof routeDocument>[], after: ReturnType<typeof routeDocument>[]) => Promise<string[]>;

/**
 * What an apply does to traffic: the cluster read now (the namespaces applied to), and as it will be
 * after the plan's resources are applied, compared by `diff`. Undefined when nothing is applied;
 * the error's words when the cluster cannot be read or compared (the apply itself is not stopped by it).
 */
export async function applyTraffic(kubectl: KubectlOptions, plan: ApplyPlan, diff: TrafficDiff): Promise<TrafficChange | undefined> {
  const applied = itemsToApply(plan).map((item) => ({ kind: item.doc.kind, name: item.doc.name, namespace: item.namespace!, body: item.doc.body }));
  if (!applied.length) return undefined;
  try {
    const { objects } = await readClusterObjects(kubectl, plan.cluster.context, [...new Set(applied.map((a) => a.namespace))].sort());
    const { now, after } = clusterAfterApply(objects, applied);
    return { lines: await diff(now.map(routeDocument), after.map(routeDocument)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
