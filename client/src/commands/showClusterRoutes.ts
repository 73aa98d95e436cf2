// SPK: Show Cluster Routes — the SPK resources of the kubectl context (trust-gated: kubectl is a
// binary), their route tables built by the language server (spk/documentTables, the workspace's
// model), each route's status.conditions, and the drift against the workspace's documents
// (spk/workspaceManifests, as apply would send them), in the Cluster Routes view.
import * as vscode from 'vscode';
import { driftOf, routeDocument, type WorkspaceObject } from '../cluster/clusterRoutes.js';
import { DocumentTablesRequest, WorkspaceManifestsRequest } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { clusterContext, failureText, kubectlOptions, readCluster, trusted } from './clusterAccess.js';

export async function showClusterRoutes(ctx: ExtensionContext): Promise<void> {
  if (!trusted('reading the cluster runs kubectl')) return;
  try {
    const kubectl = kubectlOptions();
    const cluster = await clusterContext(kubectl);
    const read = await readCluster(ctx, kubectl, cluster);
    const { tables } = await ctx.client.sendRequest(DocumentTablesRequest, { documents: read.objects.map(routeDocument) });
    const { files } = await ctx.client.sendRequest(WorkspaceManifestsRequest, {});
    // A document that names no namespace goes where apply would send it.
    const fallback = vscode.workspace.getConfiguration('spkRoutes').get<string>('kubectl.namespace') || cluster.namespace || 'default';
    const workspace: WorkspaceObject[] = files.flatMap((file) =>
      file.manifests.flatMap((m) => (m.refusal || !m.body ? [] : [{ kind: m.kind, namespace: m.namespace ?? fallback, name: m.name, spec: (JSON.parse(m.body) as { spec?: unknown }).spec, uri: file.uri, line: m.line }])),
    );
    ctx.clusterRoutes.show(cluster.context, tables, read.objects, driftOf(workspace, read.objects));
    await vscode.commands.executeCommand('spkRoutes.clusterRoutes.focus');
  } catch (error) {
    void vscode.window.showErrorMessage(`SPK: the cluster could not be read: ${failureText(ctx, error)}`);
  }
}
