// spk/routingChanges (issue 12, "SPK: Show Routing Changes…" and the apply's confirmation): the
// routing diff (core/routing/diff.ts) between a base — the workspace folders at a git revision, read
// by node/gitFiles.ts and filled into a routes-only Workspace by node/routeSets.ts exactly as
// `spk-route diff --base` does, or a set of objects (a cluster's) — and the workspace as the server
// holds it, unsaved edits included, or another set of objects. spk/documentTables: a set of
// objects' route tables (the cluster view); spk/workspaceManifests: every SPK document of the
// workspace as apply would send it (the cluster view's drift). The client asks for git only in a
// trusted workspace.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { manifests } from '../core/features/manifests.js';
import { diffTableSets } from '../core/routing/diff.js';
import { routeRows } from '../core/routing/routeRows.js';
import type { RouteTable } from '../core/routing/table.js';
import { DEFAULT_NAMESPACE } from '../core/workspace/workspace.js';
import { GitError, readGitRevision, type GitRevision } from '../node/gitFiles.js';
import { objectTables, revisionFiles, revisionTables, type TextFile } from '../node/routeSets.js';
import { maxFileBytes } from '../node/yamlFiles.js';
import { DocumentTablesRequest, RoutingChangesRequest, WorkspaceManifestsRequest, type RoutingChangesParams, type RoutingChangesResult, type WireFileManifests } from '../protocol.js';
import { toWireManifest, toWireNamespaceRoutes, toWireRouteChange } from './convert.js';
import { isChartTemplateUri } from './helmCheck.js';
import { guarded, type ServerState } from './state.js';

export function registerRoutingChanges(connection: Connection, state: ServerState): void {
  connection.onRequest(RoutingChangesRequest, (params) => routingChanges(state, params));
  connection.onRequest(DocumentTablesRequest, (params) => {
    const tables = documentTables(state, params.documents);
    return { tables: tables.map((table) => toWireNamespaceRoutes(table, guarded(state, () => routeRows(table), []))) };
  });
  connection.onRequest(WorkspaceManifestsRequest, () => ({ files: workspaceManifests(state) }));
}

export function routingChanges(state: ServerState, params: RoutingChangesParams): RoutingChangesResult {
  const warnings: string[] = [];
  let before: RouteTable[];
  try {
    before = 'git' in params.base ? gitTables(state, params.base.git, warnings) : documentTables(state, params.base.documents);
  } catch (error) {
    if (error instanceof GitError) return { error: error.message };
    throw error;
  }
  const after = params.target ? documentTables(state, params.target.documents) : state.workspace.tables();
  return { changes: diffTableSets(before, after).map(toWireRouteChange), warnings };
}

function defaultNamespace(state: ServerState): string {
  return typeof state.settings.defaultNamespace === 'string' && state.settings.defaultNamespace ? state.settings.defaultNamespace : DEFAULT_NAMESPACE;
}

/**
 * The workspace folders' YAML files at `ref`, as the server's scan would take them (the size limit
 * of spkRoutes.maxFileSizeMB, files.exclude), each folder from its own repository. A folder in no
 * repository is left out with a warning, unless no folder is in one.
 */
function gitTables(state: ServerState, ref: string, warnings: string[]): RouteTable[] {
  const folders = state.folders.flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  if (!folders.length) throw new GitError('the workspace has no folder on disk to compare with git');
  const maxBytes = maxFileBytes(state.settings.maxFileSizeMB);
  const files: TextFile[] = [];
  const scopes: string[] = [];
  const seen = new Set<string>();
  let read: GitRevision | undefined;
  let failure: GitError | undefined;
  for (const folder of folders) {
    let revision: GitRevision;
    try {
      revision = readGitRevision(ref, [folder], { maxBytes, namedMaxBytes: maxBytes, onSkip: (skip) => warnings.push(`skipped ${skip.path} in ${ref}: ${skip.reason}`) });
    } catch (error) {
      if (!(error instanceof GitError) || folders.length === 1) throw error;
      failure ??= error;
      warnings.push(`${folder} is not compared: ${error.message}`);
      continue;
    }
    read ??= revision;
    scopes.push(...revision.scopes);
    for (const file of revisionFiles(revision)) {
      if (seen.has(file.uri) || state.isExcluded(relative(folder, fileURLToPath(file.uri)))) continue;
      seen.add(file.uri);
      files.push(file);
    }
  }
  if (!read) throw failure!;
  return revisionTables(defaultNamespace(state), { ...read, files: [], scopes: [...new Set(scopes)] }, files);
}

function documentTables(state: ServerState, documents: readonly unknown[]): RouteTable[] {
  return objectTables(defaultNamespace(state), documents);
}

function workspaceManifests(state: ServerState): WireFileManifests[] {
  return state.workspace.uris().flatMap((uri) => {
    const model = state.workspace.file(uri);
    if (!model) return [];
    const found = guarded(state, () => manifests(model, undefined, { chartTemplate: isChartTemplateUri(uri) }), []);
    return found.length ? [{ uri, manifests: found.map(toWireManifest) }] : [];
  });
}
