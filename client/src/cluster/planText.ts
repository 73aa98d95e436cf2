// The words of the confirmation and of the results. Pure: no editor imports.
import { escapeControls as safe } from '../../../server/src/core/safeText.js';
import { itemsToApply, type ApplyOutcome } from './apply.js';
import { conditionText, type ProgrammedResult } from './clusterRoutes.js';
import type { ApplyPlan } from './plan.js';

/**
 * What the apply does to traffic: the routing diff between the cluster now and the cluster after
 * the apply, one CLI `diff` line per group (escaped where they were made); or why it could not be
 * computed (the cluster could not be read).
 */
export type TrafficChange = { lines: string[] } | { error: string };

/** The confirmation's traffic section. */
export function trafficText(traffic: TrafficChange): string[] {
  if ('error' in traffic) return [`Traffic: not compared (${safe(traffic.error)}).`];
  if (!traffic.lines.length) return ['This apply changes no traffic.'];
  return [`Traffic (the cluster now ⇒ after this apply): ${traffic.lines.length} change${traffic.lines.length === 1 ? '' : 's'}`, ...traffic.lines];
}

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that applies; undefined when there is nothing to apply. */
  button?: string;
}

/** The modal's words; with `traffic`, the routing diff of the apply below the plan. */
export function confirmation(plan: ApplyPlan, traffic?: TrafficChange): Confirmation {
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
    ...(traffic ? ['', ...trafficText(traffic)] : []),
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

/** After the apply: which resources the controller programmed, and the others with its words. */
export function programmedReport(wait: { results: readonly ProgrammedResult[]; cancelled: boolean; timedOut: boolean }, timeoutMs: number): { ok: boolean; message: string; lines: string[] } {
  const what = (r: ProgrammedResult) => safe(`${r.target.kind} ${r.target.namespace}/${r.target.name}`);
  const seconds = Math.round(timeoutMs / 1000);
  const lines = wait.results.map((r) => {
    switch (r.state) {
      case 'programmed':
        return `✓ ${what(r)}: Programmed`;
      case 'not-programmed':
        return `✗ ${what(r)}: not programmed: ${safe(conditionText(r.condition!))}`;
      case 'missing':
        return `✗ ${what(r)}: not in the cluster any more`;
      case 'no-answer':
        return wait.cancelled
          ? `… ${what(r)}: no Programmed condition yet (the wait was cancelled)`
          : `… ${what(r)}: no controller reported Programmed within ${seconds} s (status.conditions has none for this generation): is a controller for ${safe(r.target.kind)} running in this cluster?`;
    }
  });
  const programmed = wait.results.filter((r) => r.state === 'programmed').length;
  const total = wait.results.length;
  const ok = programmed === total;
  const message = ok
    ? `SPK: ${total === 1 ? 'the resource is' : `all ${total} resources are`} Programmed.`
    : `SPK: ${programmed} of ${total} resource${total === 1 ? '' : 's'} Programmed${wait.cancelled ? ' when the wait was cancelled' : wait.timedOut ? ` after ${seconds} s` : ''}.`;
  return { ok, message, lines };
}
