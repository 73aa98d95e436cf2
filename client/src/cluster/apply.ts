// The apply itself, after the dry run and the user's confirmation: one server-side apply per
// resource that changes, each with its own result; a failure is reported, never hidden.
import { KubectlError, runKubectl, type KubectlOptions } from './kubectl.js';
import { answeredFor, FIELD_MANAGER, targetArgs, type ApplyPlan, type PlanItem } from './plan.js';

export interface ApplyOutcome {
  item: PlanItem;
  status: 'applied' | 'unchanged' | 'failed' | 'skipped';
  message: string;
}

/** The items that an apply sends: planned without error, and changing something. */
export function itemsToApply(plan: ApplyPlan): PlanItem[] {
  return plan.items.filter((item) => !item.error && item.action && item.action !== 'unchanged');
}

export async function applyPlan(kubectl: KubectlOptions, plan: ApplyPlan, onProgress?: (done: number, total: number, item: PlanItem) => void): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = [];
  const toApply = new Set(itemsToApply(plan));
  let done = 0;
  let stopped: KubectlError | undefined;
  for (const item of plan.items) {
    const label = `${item.doc.kind} ${item.namespace ?? '?'}/${item.doc.name}`;
    if (!toApply.has(item)) {
      outcomes.push(item.error
        ? { item, status: 'skipped', message: `${label}: not applied (${item.error.failure === 'refused' ? item.error.message : `dry run failed: ${item.error.message}`})` }
        : { item, status: 'unchanged', message: `${label}: unchanged` });
      continue;
    }
    if (stopped) {
      outcomes.push({ item, status: 'skipped', message: `${label}: not applied (${stopped.message})` });
      continue;
    }
    onProgress?.(done, toApply.size, item);
    try {
      const result = await runKubectl(kubectl, [...targetArgs(plan.cluster, item.namespace!), 'apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-o', 'json', '-f', '-'], item.doc.body);
      const answered = answeredFor(result.stdout, item.doc, item.namespace!);
      outcomes.push(answered
        ? { item, status: 'failed', message: `${label}: failed: the cluster answered for ${answered}; check what it holds` }
        : { item, status: 'applied', message: `${label}: ${item.action === 'create' ? 'created' : 'updated'}` });
    } catch (error) {
      if (!(error instanceof KubectlError)) throw error;
      const uncertain = error.failure === 'timeout' ? ' — the request may have reached the cluster: run the dry run again to see what it holds' : '';
      outcomes.push({ item, status: 'failed', message: `${label}: failed: ${error.message}${uncertain}` });
      if (error.failure === 'unreachable' || error.failure === 'timeout' || error.failure === 'missing') stopped = error;
    }
    done++;
  }
  return outcomes;
}
