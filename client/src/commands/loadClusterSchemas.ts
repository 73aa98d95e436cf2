// SPK: Load Schemas from Cluster — the SPK groups' CRDs of the context (the setting, else the
// kubeconfig's current one, as apply picks it) read with kubectl, cached on disk per context in the
// extension's global storage, and sent to the language server, where they govern over the
// workspace's CRDs and the bundled schemas. Trust-gated: kubectl never runs in an untrusted
// workspace. At activation (and when spkRoutes.kubectl.context changes) the cache of the configured
// context — else of the last context loaded — is sent without running kubectl, so it works offline.
// An error changes nothing: the schemas in use and the cache stay as they were.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadClusterSchemas, readSchemaCache, SPK_GROUPS, type ClusterSchemas } from '../cluster/clusterSchemas.js';
import { commandLine, KubectlError } from '../cluster/kubectl.js';
import { SetClusterSchemasRequest } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { readTime } from '../views/schemaSourcesText.js';
import { clusterContext, configuredContext, kubectlOptions, trusted } from './clusterAccess.js';

/** globalState: the context whose schemas were loaded last (only its name; the CRDs are in the cache). */
export const LAST_CONTEXT_KEY = 'spkRoutes.clusterSchemas.lastContext';

function cacheDir(ctx: ExtensionContext): string {
  return path.join(ctx.extension.globalStorageUri.fsPath, 'cluster-schemas');
}

export async function loadClusterSchemasCommand(ctx: ExtensionContext): Promise<void> {
  if (!trusted('loading schemas from a cluster runs kubectl')) return;
  const kubectl = kubectlOptions();
  try {
    const cluster = await clusterContext(kubectl);
    ctx.output.info(`Reading the CRDs of ${SPK_GROUPS.join(', ')} from context ${cluster.context} (${cluster.server}): ${commandLine(kubectl, ['--context', cluster.context, 'get', 'customresourcedefinitions.apiextensions.k8s.io', '-o', 'json'])}`);
    const loaded = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SPK: reading schemas from ${cluster.context}…` },
      () => loadClusterSchemas(kubectl, cluster.context, cacheDir(ctx)),
    );
    for (const why of loaded.skipped) ctx.output.warn(`CRD left out: ${why}`);
    const result = await send(ctx, loaded.schemas);
    await ctx.extension.globalState.update(LAST_CONTEXT_KEY, cluster.context);
    ctx.output.info(`Schemas of cluster ${cluster.context} (read ${loaded.schemas.readAt}) in use: ${result.used} CRD(s), cached in ${loaded.cacheFile}`);
    const left = loaded.skipped.length ? ` ${loaded.skipped.length} could not be used (see the SPK Routes output).` : '';
    void vscode.window.showInformationMessage(`SPK: ${result.used} CRD${result.used === 1 ? '' : 's'} of cluster ${cluster.context} now govern${result.used === 1 ? 's' : ''} their kinds (read ${readTime(loaded.schemas.readAt)}; cached for offline use).${left}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof KubectlError && error.detail) ctx.output.error(error.detail);
    ctx.output.error(`Schemas were not loaded: ${message}`);
    void vscode.window.showErrorMessage(`SPK: schemas were not loaded: ${message}. The schemas in use are unchanged.`);
  }
}

/**
 * The cache of the configured context (else of the last one loaded), without kubectl. A configured
 * context without a cache forgets the other context's schemas: they are not that cluster's.
 */
export async function loadCachedSchemas(ctx: ExtensionContext): Promise<void> {
  const configured = configuredContext();
  const context = configured || ctx.extension.globalState.get<string>(LAST_CONTEXT_KEY) || '';
  if (!context) return;
  const cached = readSchemaCache(cacheDir(ctx), context);
  if (!cached) {
    if (configured) {
      await send(ctx, { context, readAt: '', crds: [] });
      ctx.output.info(`No cached schemas of context ${context}: SPK: Load Schemas from Cluster reads them.`);
    }
    return;
  }
  const result = await send(ctx, cached);
  ctx.output.info(`Schemas of cluster ${context} from the cache (read ${cached.readAt}): ${result.used} CRD(s) in use.`);
  for (const why of result.skipped) ctx.output.warn(`CRD left out: ${why}`);
}

function send(ctx: ExtensionContext, schemas: ClusterSchemas) {
  return ctx.client.sendRequest(SetClusterSchemasRequest, { context: schemas.context, readAt: schemas.readAt, crds: schemas.crds });
}
