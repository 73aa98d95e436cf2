// The words of the confirmation and of the results. Pure: no editor imports.
import { escapeControls as safe } from '../../../server/src/core/safeText.js';
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
  const refused = failed.filter((i) => i.error!.failure === 'refused').length;
  const rejected = failed.length - refused;
  const namespaces = [...new Set(plan.items.map((i) => i.namespace).filter(Boolean))].sort();
  const lines = plan.items.map((item) => {
    // Names of refused documents and the server's messages can hold anything: escaped, never raw.
    const what = safe(`${item.doc.kind} ${item.namespace ?? '?'}/${item.doc.name}`);
    return item.error ? `✗ ${what}: ${safe(item.error.message)}` : `${item.action === 'create' ? '+' : item.action === 'update' ? '~' : '='} ${item.action} ${what}`;
  });
  const counts = (['create', 'update', 'unchanged'] as const).map((a) => `${plan.items.filter((i) => i.action === a && !i.error).length} ${a}`).join(', ');
  const detail = [
    `Context: ${safe(plan.cluster.context)}`,
    `Cluster: ${safe(plan.cluster.cluster)} (${safe(plan.cluster.server)})`,
    `Namespace${namespaces.length === 1 ? '' : 's'}: ${safe(namespaces.join(', ')) || '—'}`,
    '',
    `Dry run (server-side): ${counts}${rejected ? `, ${rejected} rejected` : ''}${refused ? `, ${refused} refused before sending` : ''}`,
    ...lines,
  ].join('\n');
  if (!toApply.length) {
    const plural = (n: number) => `${n} resource${n === 1 ? '' : 's'}`;
    const why = [rejected ? `the dry run rejected ${plural(rejected)}` : '', refused ? `${plural(refused)} could not be read unambiguously and ${refused === 1 ? 'was' : 'were'} not sent` : ''].filter(Boolean).join('; ');
    return { message: failed.length ? `Nothing can be applied to ${plan.cluster.context}: ${why}.` : `Nothing to apply to ${plan.cluster.context}: everything is unchanged.`, detail };
  }
  const n = toApply.length;
  return {
    message: `Apply ${n} resource${n === 1 ? '' : 's'} to context ${plan.cluster.context}?`,
    detail: failed.length ? `${detail}\n\nThe ${rejected ? 'rejected' : 'refused'}${rejected && refused ? ' and refused' : ''} resources are not applied.` : detail,
    button: failed.length ? `Apply ${n} Valid Resource${n === 1 ? '' : 's'}` : 'Apply',
  };
}

export function resultSummary(outcomes: readonly ApplyOutcome[]): { ok: boolean; message: string } {
  const count = (s: ApplyOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = count('failed') + count('skipped');
  const message = `SPK: ${count('applied')} applied, ${count('unchanged')} unchanged${failed ? `, ${count('failed')} failed, ${count('skipped')} not applied` : ''}.`;
  return { ok: failed === 0, message };
}
