// What every command that talks to a cluster shares: the kubectl settings (machine-scoped binary),
// the context (resolveContext, as apply), reading the SPK objects with progress, and the words of a
// failure; and the trust gate of every command that runs a binary (kubectl, git, helm).
import * as vscode from 'vscode';
import { resolveContext, type ClusterContext } from '../cluster/clusterContext.js';
import { readClusterObjects, type ClusterRead } from '../cluster/clusterRoutes.js';
import { KubectlError, type KubectlOptions } from '../cluster/kubectl.js';
import type { ExtensionContext } from '../context.js';

export function kubectlOptions(): KubectlOptions {
  const settings = vscode.workspace.getConfiguration('spkRoutes');
  return { path: settings.get<string>('kubectl.path') || 'kubectl', timeoutMs: Math.max(1, settings.get<number>('kubectl.timeoutSeconds') ?? 30) * 1000 };
}

/** spkRoutes.kubectl.context: empty for the kubeconfig's current one. */
export function configuredContext(): string {
  return vscode.workspace.getConfiguration('spkRoutes').get<string>('kubectl.context') ?? '';
}

/** The context of spkRoutes.kubectl.context, else the kubeconfig's current one. */
export function clusterContext(kubectl: KubectlOptions): Promise<ClusterContext> {
  return resolveContext(kubectl, configuredContext());
}

/** The SPK objects of the context, with a notification while kubectl runs. */
export async function readCluster(ctx: ExtensionContext, kubectl: KubectlOptions, cluster: ClusterContext): Promise<ClusterRead> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SPK: reading the SPK resources of ${cluster.context}…` }, async () => {
    const read = await readClusterObjects(kubectl, cluster.context);
    ctx.output.info(`Read ${read.objects.length} SPK resource(s) of context ${cluster.context} (${cluster.server})${read.unserved.length ? `; not served there: ${read.unserved.join(', ')}` : ''}`);
    return read;
  });
}

/** A failure's words for a message; kubectl's whole stderr goes to the output channel. */
export function failureText(ctx: ExtensionContext, error: unknown): string {
  if (error instanceof KubectlError && error.detail) ctx.output.error(error.detail);
  return error instanceof Error ? error.message : String(error);
}

/** Says why a command that runs a binary does nothing in an untrusted workspace; true when trusted. */
export function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`SPK: ${what}, which is off in an untrusted workspace. Trust this workspace to use it; editing features keep working.`);
  return false;
}
