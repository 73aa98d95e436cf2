// Connection wiring only: every answer comes from the pure core's Workspace.
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  FileChangeType,
  MarkupKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../core/features/codeActions.js';
import { codeLenses } from '../core/features/codeLens.js';
import { inlayHints } from '../core/features/inlayHints.js';
import { complete } from '../core/features/completion.js';
import { hover } from '../core/features/hover.js';
import { documentSymbols } from '../core/features/symbols.js';
import { routeRows } from '../core/routing/routeRows.js';
import { DEFAULT_NAMESPACE, Workspace } from '../core/workspace.js';
import { excludeMatcher } from '../node/glob.js';
import { findYamlFiles, readText, YAML_FILE } from '../node/yamlFiles.js';
import { RouteTableRequest, SIMULATE_ROUTE_COMMAND, SimulateRequest } from '../protocol.js';
import { toCodeAction, toCompletionItem, toDocumentSymbol, toLspDiagnostic } from './convert.js';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace();
const syncedVersions = new Map<string, number>();
const published = new Map<string, string>();
const dirty = new Set<string>();
let folders: WorkspaceFolder[] = [];
let canReadConfiguration = false;
let canRefreshLenses = false;
let canRefreshHints = false;

interface Settings {
  defaultNamespace?: string;
  codeLens?: { enabled?: boolean };
  inlayHints?: { enabled?: boolean };
}
let settings: Settings = {};

/** Brings the workspace up to an open document's current text. */
function sync(document: TextDocument): void {
  if (syncedVersions.get(document.uri) === document.version) return;
  const before = workspace.namespacesOf(document.uri);
  workspace.setFile(document.uri, document.getText());
  syncedVersions.set(document.uri, document.version);
  markAffected(document.uri, before);
}

/** The file and every file that shares a namespace with it, before or after the change. */
function markAffected(uri: string, namespacesBefore: string[]): void {
  dirty.add(uri);
  for (const other of workspace.urisIn([...namespacesBefore, ...workspace.namespacesOf(uri)])) dirty.add(other);
  schedulePublish();
}

let publishScheduled = false;
/** Publishing runs once per burst of changes, after the pending messages are read. */
function schedulePublish(): void {
  if (publishScheduled) return;
  publishScheduled = true;
  setImmediate(() => {
    publishScheduled = false;
    const uris = [...dirty];
    dirty.clear();
    for (const uri of uris) publish(uri);
    // Lenses and hints of open files depend on other files too (a new VLAN makes a gateway reachable).
    if (uris.length && canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (uris.length && canRefreshHints) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  });
}

/** Sends a file's diagnostics when they changed, and for an open document at each new version. */
function publish(uri: string): void {
  const diagnostics = guarded(() => workspace.diagnostics(uri).map((d) => toLspDiagnostic(d, uri)), []);
  const version = documents.get(uri)?.version;
  const key = `${version ?? ''}|${JSON.stringify(diagnostics)}`;
  if ((published.get(uri) ?? '|[]') === key) return;
  if (diagnostics.length || version !== undefined) published.set(uri, key);
  else published.delete(uri);
  void connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
}

/** A feature that throws answers with nothing rather than taking the server down. */
function guarded<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    connection.console.error(`spk-routes: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fallback;
  }
}

function loadFromDisk(uri: string): void {
  if (documents.get(uri)) return;
  const before = workspace.namespacesOf(uri);
  try {
    workspace.setFile(uri, readText(fileURLToPath(uri)));
  } catch {
    workspace.removeFile(uri);
  }
  markAffected(uri, before);
}

async function readSettings(): Promise<{ settings: Settings; exclude: Record<string, unknown> }> {
  if (!canReadConfiguration) return { settings: {}, exclude: {} };
  const [read, exclude] = await connection.workspace.getConfiguration([{ section: 'spkRoutes' }, { section: 'files.exclude' }]);
  return { settings: (read ?? {}) as Settings, exclude: (exclude ?? {}) as Record<string, unknown> };
}

/** Reads every YAML file of the workspace folders, a few at a time so requests are answered meanwhile. */
async function scanFolders(exclude: Record<string, unknown>): Promise<void> {
  const isExcluded = excludeMatcher(exclude);
  for (const folder of folders) {
    const root = fileURLToPath(folder.uri);
    let files: string[];
    try {
      files = findYamlFiles([root], (path) => isExcluded(relative(root, path)));
    } catch (error) {
      connection.console.warn(`spk-routes: cannot scan ${root}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (let i = 0; i < files.length; i++) {
      const uri = pathToFileURL(files[i]!).href;
      if (!documents.get(uri)) guarded(() => loadFromDisk(uri), undefined);
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

async function applySettings(rescan: boolean): Promise<void> {
  const read = await readSettings();
  settings = read.settings;
  const exclude = read.exclude;
  const namespace = typeof settings.defaultNamespace === 'string' && settings.defaultNamespace ? settings.defaultNamespace : DEFAULT_NAMESPACE;
  workspace.setDefaultNamespace(namespace);
  if (rescan) await scanFolders(exclude);
  for (const uri of workspace.uris()) dirty.add(uri);
  schedulePublish();
}

connection.onInitialize((params) => {
  folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
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
  void applySettings(true).catch((error) => connection.console.error(`spk-routes: ${String(error)}`));
});

connection.onDidChangeConfiguration(() => {
  void applySettings(false).catch((error) => connection.console.error(`spk-routes: ${String(error)}`));
});

documents.onDidChangeContent((event) => guarded(() => sync(event.document), undefined));
documents.onDidClose((event) => {
  syncedVersions.delete(event.document.uri);
  // Unsaved edits are gone with the editor: the file on disk counts again.
  guarded(() => loadFromDisk(event.document.uri), undefined);
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (!YAML_FILE.test(change.uri) || documents.get(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) {
      const before = workspace.namespacesOf(change.uri);
      workspace.removeFile(change.uri);
      markAffected(change.uri, before);
    } else {
      guarded(() => loadFromDisk(change.uri), undefined);
    }
  }
});

function modelOf(uri: string) {
  const document = documents.get(uri);
  if (document) sync(document);
  return workspace.file(uri);
}

connection.onHover((params) => {
  const model = modelOf(params.textDocument.uri);
  const result = model && guarded(() => hover(model, params.position), undefined);
  return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  const model = modelOf(params.textDocument.uri);
  if (!document || !model) return null;
  return guarded(() => complete(model, document.getText(), params.position), []).map(toCompletionItem);
});

connection.onCodeAction((params) => {
  const model = modelOf(params.textDocument.uri);
  if (!model) return null;
  return guarded(() => quickFixes(model, params.range), []).map((action) => toCodeAction(action, params.textDocument.uri));
});

connection.onDocumentSymbol((params) => {
  const model = modelOf(params.textDocument.uri);
  if (!model) return null;
  return guarded(() => documentSymbols(model), []).map(toDocumentSymbol);
});

connection.onCodeLens((params) => {
  if (settings.codeLens?.enabled === false || !modelOf(params.textDocument.uri)) return [];
  return guarded(() => codeLenses(workspace, params.textDocument.uri), []).map((lens) => {
    const range = { start: { line: lens.line, character: 0 }, end: { line: lens.line, character: 0 } };
    return { range, command: { title: lens.title, command: lens.simulate ? SIMULATE_ROUTE_COMMAND : '', arguments: lens.simulate ? [lens.simulate] : [] } };
  });
});

connection.languages.inlayHint.on((params) => {
  const model = modelOf(params.textDocument.uri);
  if (settings.inlayHints?.enabled === false || !model) return [];
  return guarded(() => inlayHints(model, params.range.start.line, params.range.end.line), []).map((hint) => ({
    position: hint.position,
    label: hint.label,
    paddingLeft: true,
  }));
});

connection.onRequest(SimulateRequest, (params) => {
  try {
    return { hops: workspace.simulate(params.destination, params.namespace) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
});

connection.onRequest(RouteTableRequest, (params) => {
  const namespaces = params.namespace === undefined ? workspace.namespaces() : [params.namespace];
  return { tables: namespaces.map((namespace) => ({ namespace, routes: guarded(() => routeRows(workspace.table(namespace)), []) })) };
});

documents.listen(connection);
connection.listen();
