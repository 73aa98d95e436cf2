// The language server on a given connection: every handler, with all its state in one object
// (state.ts). Every answer comes from the pure core's Workspace. No side effects until a message
// arrives: main.ts creates the process's connection and listens; tests make their own in memory.
import { FileChangeType, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../core/features/codeActions.js';
import { codeLenses } from '../core/features/codeLens.js';
import { inlayHints } from '../core/features/inlayHints.js';
import { complete } from '../core/features/completion.js';
import { destinationProblem } from '../core/features/destination.js';
import { hover } from '../core/features/hover.js';
import { manifests } from '../core/features/manifests.js';
import { documentSymbols } from '../core/features/symbols.js';
import { routeRows } from '../core/routing/routeRows.js';
import { isScopeMarker } from '../node/scopes.js';
import { YAML_FILE } from '../node/yamlFiles.js';
import { CheckDestinationRequest, ManifestsRequest, RouteTableRequest, SimulateRequest } from '../protocol.js';
import { toCodeAction, toCodeLens, toCompletionItem, toDocumentSymbol, toHover, toInlayHint, toWireHop, toWireManifest, toWireNamespaceRoutes } from './convert.js';
import { forget, queueReload, scopeMarkerChanged } from './diskFiles.js';
import { isChartTemplateUri, registerHelmCheck } from './helmCheck.js';
import { markAffected } from './publisher.js';
import { registerRoutingChanges } from './routingChanges.js';
import { applySettings } from './settings.js';
import { createState, guarded, type ServerState } from './state.js';
import { sendSchemaSources, watchSchemaSources } from './schemaSources.js';

/** Brings the workspace up to an open document's current text. */
function sync(state: ServerState, document: TextDocument): void {
  if (state.syncedVersions.get(document.uri) === document.version) return;
  // A file being read from disk when it opens: the analyses done so far serve, if the text is the same.
  const affected = state.workspace.setFile(document.uri, document.getText(), state.preparing.get(document.uri));
  state.preparing.delete(document.uri);
  state.syncedVersions.set(document.uri, document.version);
  markAffected(state, affected, true);
}

function modelOf(state: ServerState, uri: string) {
  const document = state.documents.get(uri);
  if (document) sync(state, document);
  return state.workspace.file(uri);
}

/**
 * Registers every handler on `connection` (and the open documents' sync); the caller listens. Returns
 * the server's state, a new one per call.
 */
export function createServer(connection: Connection): ServerState {
  const state = createState(connection);
  const { documents, workspace } = state;

  connection.onInitialize((params) => {
    state.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    state.canReadConfiguration = params.capabilities.workspace?.configuration === true;
    state.canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    state.canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    watchSchemaSources(state);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '-'] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'spk-routes' },
    };
  });

  connection.onInitialized(() => {
    sendSchemaSources(state);
    void applySettings(state, true).catch((error) => connection.console.error(`spk-routes: ${String(error)}`));
  });

  connection.onDidChangeConfiguration(() => {
    void applySettings(state, false).catch((error) => connection.console.error(`spk-routes: ${String(error)}`));
  });

  documents.onDidChangeContent((event) => guarded(state, () => sync(state, event.document), undefined));
  documents.onDidClose((event) => {
    state.syncedVersions.delete(event.document.uri);
    // Unsaved edits are gone with the editor: the file on disk counts again.
    queueReload(state, event.document.uri);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      if (isScopeMarker(change.uri)) {
        guarded(state, () => scopeMarkerChanged(state, change.uri, change.type === FileChangeType.Deleted), undefined);
        continue;
      }
      if (!YAML_FILE.test(change.uri) || documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) forget(state, change.uri);
      else queueReload(state, change.uri);
    }
  });

  connection.onHover((params) => {
    const model = modelOf(state, params.textDocument.uri);
    const result = model && guarded(state, () => hover(model, params.position), undefined);
    return result ? toHover(result) : null;
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    const model = modelOf(state, params.textDocument.uri);
    if (!document || !model) return null;
    return guarded(state, () => complete(model, document.getText(), params.position), []).map(toCompletionItem);
  });

  connection.onCodeAction((params) => {
    const model = modelOf(state, params.textDocument.uri);
    if (!model) return null;
    return guarded(state, () => quickFixes(model, params.range), []).map((action) => toCodeAction(action, params.textDocument.uri));
  });

  connection.onDocumentSymbol((params) => {
    const model = modelOf(state, params.textDocument.uri);
    if (!model) return null;
    return guarded(state, () => documentSymbols(model), []).map(toDocumentSymbol);
  });

  connection.onCodeLens((params) => {
    if (state.settings.codeLens?.enabled === false || !modelOf(state, params.textDocument.uri)) return [];
    return guarded(state, () => codeLenses(workspace, params.textDocument.uri), []).map(toCodeLens);
  });

  connection.languages.inlayHint.on((params) => {
    const model = modelOf(state, params.textDocument.uri);
    if (state.settings.inlayHints?.enabled === false || !model) return [];
    return guarded(state, () => inlayHints(model, params.range.start.line, params.range.end.line), []).map(toInlayHint);
  });

  connection.onRequest(SimulateRequest, (params) => {
    try {
      return { hops: workspace.simulate(params.destination, params.namespace).map(toWireHop) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });

  connection.onRequest(CheckDestinationRequest, (params) => ({ problem: destinationProblem(params.destination) ?? null }));

  connection.onRequest(RouteTableRequest, (params) => {
    // Each namespace's F5SPK table and its Infras' own tables (`infra` set).
    const tables = guarded(state, () => workspace.tables(params.namespace), []);
    return { tables: tables.map((table) => toWireNamespaceRoutes(table, guarded(state, () => routeRows(table), []))) };
  });

  connection.onRequest(ManifestsRequest, (params) => {
    // The open document's current text, else the file as the workspace read it from disk.
    const model = modelOf(state, params.uri);
    if (!model) return { error: `${params.uri} is neither open nor a file of the workspace` };
    try {
      return { manifests: manifests(model, params.lines, { chartTemplate: isChartTemplateUri(params.uri) }).map(toWireManifest) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });

  registerHelmCheck(connection, state);
  registerRoutingChanges(connection, state);

  documents.listen(connection);
  return state;
}
