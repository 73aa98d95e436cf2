// The words of the confirmation and of the results. Pure: no editor imports.
import { itemsToApply, type ApplyOutcome } from './apply.js';
import type { ApplyPlan } from './plan.js';

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that applies; undefined when there is nothing to apply. */
  button?: string;
}

export function confirmation(plan: ApplyPlan): Confirmation {
  const toApply = itemsToApply(plan);
  const failed = plan.items.filter((i) => i.error);
  const namespaces = [...new Set(plan.items.map((i) => i.namespace).filter(Boolean))].sort();
  const lines = plan.items.map((item) => {
    const what = `${item.doc.kind} ${item.namespace ?? '?'}/${item.doc.name}`;
    return item.error ? `✗ ${what}: ${item.error.message}` : `${item.action === 'create' ? '+' : item.action === 'update' ? '~' : '='} ${item.action} ${what}`;
  });
  const counts = (['create', 'update', 'unchanged'] as const).map((a) => `${plan.items.filter((i) => i.action === a && !i.error).length} ${a}`).join(', ');
  const detail = [
    `Context: ${plan.cluster.context}`,
    `Cluster: ${plan.cluster.cluster} (${plan.cluster.server})`,
    `Namespace${namespaces.length === 1 ? '' : 's'}: ${namespaces.join(', ') || '—'}`,
    '',
    `Dry run (server-side): ${counts}${failed.length ? `, ${failed.length} rejected` : ''}`,
    ...lines,
  ].join('\n');
  if (!toApply.length) {
    return { message: failed.length ? `Nothing can be applied to ${plan.cluster.context}: the dry run rejected ${failed.length} resource${failed.length === 1 ? '' : 's'}.` : `Nothing to apply to ${plan.cluster.context}: everything is unchanged.`, detail };
  }
  const n = toApply.length;
  return {
    message: `Apply ${n} resource${n === 1 ? '' : 's'} to context ${plan.cluster.context}?`,
    detail: failed.length ? `${detail}\n\nThe rejected resources are not applied.` : detail,
    button: failed.length ? `Apply ${n} Valid Resource${n === 1 ? '' : 's'}` : 'Apply',
  };
}

export function resultSummary(outcomes: readonly ApplyOutcome[]): { ok: boolean; message: string } {
  const count = (s: ApplyOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = count('failed') + count('skipped');
  const message = `SPK: ${count('applied')} applied, ${count('unchanged')} unchanged${failed ? `, ${count('failed')} failed, ${count('skipped')} not applied` : ''}.`;
  return { ok: failed === 0, message };
}
