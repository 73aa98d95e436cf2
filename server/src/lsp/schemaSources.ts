// The language server's schema sources (issue 14): CRD messages and hovers name a CRD's file relative
// to its workspace folder; the client sends the CRDs it read from a cluster (spk/setClusterSchemas,
// one context at a time); and whenever the sources in use change, the output channel lists them and
// the client is told (spk/schemaSources, for its status bar item).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterCrds } from '../core/resources/schemaSources.js';
import { SchemaSourcesNotification, SetClusterSchemasRequest, type SchemaSourcesParams, type SetClusterSchemasParams, type SetClusterSchemasResult } from '../protocol.js';
import { markAffected } from './publisher.js';
import { guarded, type ServerState } from './state.js';

export function watchSchemaSources(state: ServerState): void {
  const registry = state.workspace.schemas;
  registry.describeUri = (uri) => {
    const folder = state.folders.find((f) => uri.startsWith(`${f.uri.replace(/\/$/, '')}/`));
    if (!folder || !uri.startsWith('file:')) return uri;
    try {
      return relative(fileURLToPath(folder.uri), fileURLToPath(uri)) || uri;
    } catch {
      return uri;
    }
  };
  let scheduled = false;
  registry.onChange = () => {
    if (scheduled) return;
    scheduled = true;
    // Once per burst of changes (a scan reads many files): after the current work.
    setTimeout(() => {
      scheduled = false;
      const lines = registry.summary().map((s) => `  ${s.label}${s.kinds.length ? `: ${s.kinds.join(', ')}` : ''}`);
      state.connection.console.log(`spk-routes: schemas in use:\n${lines.join('\n')}`);
      sendSchemaSources(state);
    }, 50);
  };
  state.connection.onRequest(SetClusterSchemasRequest, (params) => setClusterSchemas(state, params));
}

/** Tells the client the schema sources in use (at start, and after each change). */
export function sendSchemaSources(state: ServerState): void {
  void state.connection.sendNotification(SchemaSourcesNotification, guarded(state, () => schemaSourcesOf(state), { sources: [], bundled: true })).catch(() => undefined);
}

export function schemaSourcesOf(state: ServerState): SchemaSourcesParams {
  const registry = state.workspace.schemas;
  return {
    sources: registry.crdsInUse().map(({ source, label, kinds }) => ({
      origin: source.origin,
      crdName: source.crdName,
      version: source.version,
      kinds,
      uri: source.uri ?? null,
      line: source.line ?? null,
      context: source.context ?? null,
      readAt: source.readAt ?? null,
      label,
    })),
    bundled: registry.bundled,
  };
}

/** The CRDs of a cluster context govern from now on, instead of the previous context's. */
function setClusterSchemas(state: ServerState, params: SetClusterSchemasParams): SetClusterSchemasResult {
  const { crds, skipped } = clusterCrds(Array.isArray(params.crds) ? params.crds : [], String(params.readAt));
  const affected = new Set<string>();
  return guarded(state, () => {
    if (state.clusterContext !== undefined && state.clusterContext !== params.context) {
      for (const uri of state.workspace.setClusterCrds(state.clusterContext, [])) affected.add(uri);
    }
    for (const uri of state.workspace.setClusterCrds(params.context, crds)) affected.add(uri);
    state.clusterContext = crds.length ? params.context : undefined;
    markAffected(state, [...affected]);
    return { used: crds.length, skipped };
  }, { used: 0, skipped: ['the server could not use them (see its log)'] });
}
