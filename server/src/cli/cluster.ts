// spk-route plan / apply: the editor's apply path (client/src/cluster) for CI and GitOps pipelines.
// Plan runs the server-side dry run and prints what would change; apply --yes then applies exactly
// the objects the plan listed, as our own JSON of what was checked.
import { applyPlan, type ApplyOutcome } from '../../../client/src/cluster/apply.js';
import { resolveContext } from '../../../client/src/cluster/clusterContext.js';
import { KubectlError, type KubectlOptions } from '../../../client/src/cluster/kubectl.js';
import type { ManifestDoc } from '../../../client/src/cluster/manifests.js';
import { planApply, type ApplyPlan, type PlanItem } from '../../../client/src/cluster/plan.js';
import { confirmation, resultSummary } from '../../../client/src/cluster/planText.js';
import { escapeControls } from '../core/safeText.js';
import { single, UsageError, type ParsedArgs } from './args.js';

export const CLUSTER_OPTIONS = { values: ['context', 'kubeconfig', 'namespace', 'kubectl', 'timeout', 'max-file-size'], flags: ['json', 'yes'] } as const;

export interface ClusterOutput {
  stdout: string;
  /** Notes for a person: what was not done, and why. */
  stderr: string;
  code: number;
}

interface ObjectRecord {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  action: 'create' | 'update' | 'unchanged' | null;
  result: 'planned' | 'unchanged' | 'refused' | 'rejected' | 'applied' | 'failed' | 'not-applied';
  message?: string;
  file: string;
  line: number;
}

export interface ClusterArgs {
  kubectl: KubectlOptions;
  context: string;
  namespace: string;
  json: boolean;
  /** apply: apply after the plan; plan: never. */
  yes: boolean;
}

/** The options of plan and apply, checked before any file is read. */
export function clusterArgs(args: ParsedArgs, apply: boolean): ClusterArgs {
  const timeout = Number(single(args, 'timeout') ?? 30);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a number of seconds above 0, not "${single(args, 'timeout')}"`);
  const yes = single(args, 'yes') !== undefined;
  if (yes && !apply) throw new UsageError('--yes is for apply: plan never changes the cluster');
  const kubeconfig = single(args, 'kubeconfig');
  return {
    kubectl: {
      path: single(args, 'kubectl') ?? 'kubectl',
      timeoutMs: timeout * 1000,
      // The kubeconfig reaches kubectl as KUBECONFIG, never as an argument.
      ...(kubeconfig ? { env: { ...process.env, KUBECONFIG: kubeconfig } } : {}),
    },
    context: single(args, 'context') ?? '',
    namespace: single(args, 'namespace') ?? '',
    json: single(args, 'json') !== undefined,
    yes,
  };
}

export async function planOrApply(options: ClusterArgs, docs: readonly ManifestDoc[], apply: boolean, fileOf: (uri: string) => string): Promise<ClusterOutput> {
  const { kubectl, json, yes } = options;
  if (!docs.length) {
    return { stdout: json ? `${JSON.stringify({ context: null, server: null, objects: [] }, null, 2)}\n` : '', stderr: 'spk-route: no SPK resource in these files: nothing to plan\n', code: 0 };
  }
  let plan: ApplyPlan;
  try {
    const cluster = await resolveContext(kubectl, options.context);
    plan = await planApply({ kubectl, cluster, namespace: options.namespace }, docs);
  } catch (error) {
    if (!(error instanceof KubectlError)) throw error;
    return { stdout: '', stderr: `spk-route: nothing was applied: ${escapeControls(error.message)}\n`, code: 1 };
  }
  const outcomes = apply && yes ? await applyPlan(kubectl, plan) : undefined;
  const objects = plan.items.map((item, index) => record(item, outcomes?.[index], fileOf));
  const failed = objects.some((o) => ['refused', 'rejected', 'failed', 'not-applied'].includes(o.result));
  const notes = apply && !yes ? 'spk-route: nothing was applied: add --yes to apply what this plan shows\n' : '';
  if (json) return { stdout: `${JSON.stringify({ context: plan.cluster.context, server: plan.cluster.server, objects }, null, 2)}\n`, stderr: notes, code: failed ? 1 : 0 };
  const lines = [confirmation(plan).detail];
  for (const object of objects) if (object.message) lines.push(escapeControls(`${object.file}:${object.line}: ${object.kind} ${object.namespace ?? '?'}/${object.name}: ${object.message}`));
  if (outcomes) lines.push('', ...outcomes.map((o) => escapeControls(o.message)), resultSummary(outcomes).message.replace(/^SPK: /, ''));
  return { stdout: `${lines.join('\n')}\n`, stderr: notes, code: failed ? 1 : 0 };
}

function record(item: PlanItem, outcome: ApplyOutcome | undefined, fileOf: (uri: string) => string): ObjectRecord {
  const base = {
    apiVersion: item.doc.apiVersion,
    kind: item.doc.kind,
    namespace: item.namespace ?? null,
    name: item.doc.name,
    action: item.error ? null : item.action ?? null,
    file: fileOf(item.doc.uri),
    line: (item.error?.line ?? item.doc.lineOf(['metadata', 'name'])) + 1,
  };
  if (item.error) {
    const result = item.error.failure === 'refused' ? 'refused' : 'rejected';
    return { ...base, result, message: item.error.message };
  }
  if (!outcome) return { ...base, result: item.action === 'unchanged' ? 'unchanged' : 'planned' };
  const result = outcome.status === 'applied' ? 'applied' : outcome.status === 'unchanged' ? 'unchanged' : outcome.status === 'failed' ? 'failed' : 'not-applied';
  return { ...base, result, ...(result === 'failed' || result === 'not-applied' ? { message: outcome.message } : {}) };
}
