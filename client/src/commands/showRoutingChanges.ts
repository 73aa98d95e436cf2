// SPK: Show Routing Changes… — what the working copy (with its unsaved edits, as the language server
// holds it) does to traffic against git HEAD (the default), another revision, or the cluster: the
// server computes the routing diff (spk/routingChanges, the CLI diff's pipeline) and the Routing
// Changes view shows it, with a marker on each route that now answers changed destinations. git and
// kubectl are binaries: off in an untrusted workspace.
import * as vscode from 'vscode';
import { routeDocument } from '../cluster/clusterRoutes.js';
import { RoutingChangesRequest, type RoutingChangesParams } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { clusterContext, failureText, kubectlOptions, readCluster, trusted } from './clusterAccess.js';

type Base = { git: string } | { cluster: true };

export async function showRoutingChanges(ctx: ExtensionContext, preset?: Base): Promise<void> {
  if (!trusted('comparing with git or the cluster runs git or kubectl')) return;
  const base = preset ?? (await pickBase());
  if (!base) return;
  ctx.lastRoutingBase = base;
  await compare(ctx, base);
}

/** The view's refresh: the last comparison again (HEAD when there was none). */
export function refreshRoutingChanges(ctx: ExtensionContext): Promise<void> {
  return showRoutingChanges(ctx, ctx.lastRoutingBase ?? { git: 'HEAD' });
}

async function pickBase(): Promise<Base | undefined> {
  const items: (vscode.QuickPickItem & { base: 'head' | 'revision' | 'cluster' })[] = [
    { label: 'HEAD', description: 'the last commit', base: 'head' },
    { label: 'Another revision…', description: 'a branch, tag or commit', base: 'revision' },
    { label: 'The cluster', description: 'the SPK resources of the kubectl context', base: 'cluster' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'SPK: Show Routing Changes — compare the working copy with' });
  if (!picked) return undefined;
  if (picked.base === 'head') return { git: 'HEAD' };
  if (picked.base === 'cluster') return { cluster: true };
  const ref = await vscode.window.showInputBox({
    title: 'SPK: Show Routing Changes — git revision',
    prompt: 'A revision git knows (git itself checks it): main, v1.2, HEAD~3, a commit id',
    validateInput: (text) => (text.trim() === '' ? 'a revision, e.g. main' : text.trim().startsWith('-') ? 'a revision does not begin with "-"' : undefined),
    ignoreFocusOut: true,
  });
  return ref?.trim() ? { git: ref.trim() } : undefined;
}

async function compare(ctx: ExtensionContext, base: Base): Promise<void> {
  let params: RoutingChangesParams;
  let label: string;
  if ('git' in base) {
    params = { base: { git: base.git } };
    label = `git ${base.git}`;
  } else {
    try {
      const kubectl = kubectlOptions();
      const cluster = await clusterContext(kubectl);
      const read = await readCluster(ctx, kubectl, cluster);
      params = { base: { documents: read.objects.map(routeDocument) } };
      label = `cluster ${cluster.context}`;
    } catch (error) {
      void vscode.window.showErrorMessage(`SPK: the cluster could not be read: ${failureText(ctx, error)}`);
      return;
    }
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `SPK: comparing with ${label}` }, () => ctx.client.sendRequest(RoutingChangesRequest, params));
  if ('error' in result) {
    ctx.output.error(`Routing changes against ${label}: ${result.error}`);
    void vscode.window.showErrorMessage(`SPK: cannot compare with ${label}: ${result.error}`);
    return;
  }
  for (const warning of result.warnings) ctx.output.warn(warning);
  ctx.routingChanges.show(label, result.changes);
  ctx.output.info(`Routing changes against ${label}: ${result.changes.length}${result.changes.map((c) => `\n  ${c.line}`).join('')}`);
  await vscode.commands.executeCommand('spkRoutes.routingChanges.focus');
}
