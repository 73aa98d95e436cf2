// Connection wiring only: every answer comes from the pure core's Workspace.
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  FileChangeType,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { limitDiagnostics } from '../core/diagnosticLimit.js';
import { quickFixes } from '../core/features/codeActions.js';
import { codeLenses } from '../core/features/codeLens.js';
import { inlayHints } from '../core/features/inlayHints.js';
import { complete } from '../core/features/completion.js';
import { hover } from '../core/features/hover.js';
import { documentSymbols } from '../core/features/symbols.js';
import { routeRows } from '../core/routing/routeRows.js';
import { DEFAULT_NAMESPACE, Workspace } from '../core/workspace.js';
import { excludeMatcher } from '../node/glob.js';
import { findYamlFilesAsync, maxFileBytes, readYamlFileAsync, resolveInRootAsync, YAML_FILE, type Skip } from '../node/yamlFiles.js';
import { RouteTableRequest, SimulateRequest } from '../protocol.js';
import { toCodeAction, toCodeLens, toCompletionItem, toDocumentSymbol, toHover, toInlayHint, toLspDiagnostic } from './convert.js';

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
  /** Files above this size (MiB) are not read from disk. */
  maxFileSizeMB?: number;
}
let settings: Settings = {};
/** `files.exclude`, for paths relative to a workspace folder. */
let isExcluded: (relativePath: string) => boolean = () => false;

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
let publishedSinceRefresh = false;
/** Scans under way: while one reads files, publishing waits a little to take in more of them. */
let scansRunning = 0;
/**
 * Publishing runs once per burst of changes, after the pending messages are read (during a scan at
 * most every 100 ms), in slices of a few milliseconds with requests answered between them.
 */
function schedulePublish(): void {
  if (publishScheduled) return;
  publishScheduled = true;
  const run = () => {
    const start = performance.now();
    for (const uri of dirty) {
      dirty.delete(uri);
      publish(uri);
      publishedSinceRefresh = true;
      if (performance.now() - start > 15) break;
    }
    if (dirty.size) {
      setImmediate(run);
      return;
    }
    publishScheduled = false;
    if (!publishedSinceRefresh) return;
    publishedSinceRefresh = false;
    // Lenses and hints of open files depend on other files too (a new VLAN makes a gateway reachable).
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (canRefreshHints) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
  };
  if (scansRunning) setTimeout(run, 100);
  else setImmediate(run);
}

/** Sends a file's diagnostics when they changed, and for an open document at each new version. */
function publish(uri: string): void {
  const diagnostics = guarded(() => limitDiagnostics(workspace.diagnostics(uri)).map((d) => toLspDiagnostic(d, uri)), []);
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

// --- files that are not open, read from disk ---------------------------------------------------
// Only through the safe reader of node/yamlFiles (regular files under the size limit, never a FIFO or
// a device, never a link out of the workspace folder), and asynchronously: requests are answered
// while files are read.

/** The newest read of each file that is under way: an older one that ends later is dropped. */
const reading = new Map<string, number>();
let readCount = 0;

/** A file: URI's path; undefined for any other scheme (or a file: URI with a host). */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function forget(uri: string): void {
  reading.delete(uri);
  if (documents.get(uri)) return;
  const before = workspace.namespacesOf(uri);
  workspace.removeFile(uri);
  markAffected(uri, before);
}

/** Reads a file that is not open (from `path`, its real path) into the workspace, or takes it out. */
async function loadFile(uri: string, path: string, onSkip: (skip: Skip) => void): Promise<void> {
  if (documents.get(uri)) return;
  const ticket = ++readCount;
  reading.set(uri, ticket);
  const result = await readYamlFileAsync(path, maxFileBytes(settings.maxFileSizeMB), filePath(uri) ?? path);
  if (reading.get(uri) !== ticket) return; // a newer read, a deletion or an open took over
  reading.delete(uri);
  if (documents.get(uri)) return;
  if ('skip' in result) {
    onSkip(result.skip);
    forget(uri);
    return;
  }
  const before = workspace.namespacesOf(uri);
  guarded(() => workspace.setFile(uri, result.text), undefined);
  markAffected(uri, before);
}

/** Why a file was skipped, with the setting that sets the size limit. */
function skipReason(skip: Skip): string {
  return `${skip.reason}${skip.kind === 'too-large' ? ' of spkRoutes.maxFileSizeMB' : ''}`;
}

function logSkip(skip: Skip): void {
  const line = `spk-routes: skipped ${skip.path}: ${skipReason(skip)}`;
  if (skip.kind === 'outside') connection.console.log(line);
  else connection.console.warn(line);
}

/** The workspace folder (as a path) that holds a path, the innermost one. */
function folderOf(path: string): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    const root = filePath(folder.uri);
    if (root === undefined || !(path === root || path.startsWith(root.endsWith(sep) ? root : root + sep))) continue;
    if (best === undefined || root.length > best.length) best = root;
  }
  return best;
}

/** A file changed on disk or closed in the editor: read again, as the scan would find it. */
async function reloadFromDisk(uri: string): Promise<void> {
  if (documents.get(uri)) return;
  const path = filePath(uri);
  if (path === undefined) return forget(uri);
  const root = folderOf(path);
  if (root === undefined) return loadFile(uri, path, logSkip); // a file of no folder, once open in the editor
  const ticket = ++readCount;
  reading.set(uri, ticket);
  const found = await resolveInRootAsync(root, path, isExcluded);
  if (reading.get(uri) !== ticket) return;
  if (found === undefined || 'reason' in found) {
    if (found) logSkip(found);
    return forget(uri);
  }
  const canonical = pathToFileURL(found.path).href;
  if (canonical !== uri) forget(uri); // reached through a link inside the folder: the file counts under its own name
  else reading.delete(uri);
  await loadFile(canonical, found.realPath, logSkip);
}

/** File events and closed editors are read one at a time, in order. */
let diskQueue: Promise<void> = Promise.resolve();
function queueReload(uri: string): void {
  diskQueue = diskQueue.then(() => reloadFromDisk(uri)).catch((error) => connection.console.error(`spk-routes: ${String(error)}`));
}

async function readSettings(): Promise<{ settings: Settings; exclude: Record<string, unknown> }> {
  if (!canReadConfiguration) return { settings: {}, exclude: {} };
  const [read, exclude] = await connection.workspace.getConfiguration([{ section: 'spkRoutes' }, { section: 'files.exclude' }]);
  return { settings: (read ?? {}) as Settings, exclude: (exclude ?? {}) as Record<string, unknown> };
}

let scans = 0;
const PARALLEL_READS = 4;
/** The size limit of the last scan: a new limit scans again. */
let scannedMaxBytes: number | undefined;

/**
 * Reads every YAML file of the workspace folders (file: folders only) with the safe walker and
 * reader, asynchronously; what was skipped is logged, and counted in one warning at the end.
 */
async function scanFolders(): Promise<void> {
  scansRunning++;
  try {
    await scanAll();
  } finally {
    scansRunning--;
  }
}

async function scanAll(): Promise<void> {
  const scan = ++scans;
  scannedMaxBytes = maxFileBytes(settings.maxFileSizeMB);
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const root = filePath(folder.uri);
    if (root === undefined) {
      connection.console.log(`spk-routes: not scanning ${folder.uri}: only file: folders are read from disk`);
      continue;
    }
    const onSkip = (skip: Skip) => {
      logSkip(skip);
      if (skip.kind === 'outside') return;
      const shown = relative(root, skip.path) || skip.path;
      skipped.push(`${folders.length > 1 ? `${folder.name}/` : ''}${shown} (${skipReason(skip)})`);
    };
    let files;
    try {
      files = await findYamlFilesAsync(root, { isExcluded, onSkip });
    } catch (error) {
      connection.console.warn(`spk-routes: cannot scan ${root}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const todo = files.filter((file) => !seen.has(file.realPath) && seen.add(file.realPath)); // nested folders: once
    // A few reads at a time, so the disk is not waited for one file after the other.
    let next = 0;
    let yielded = performance.now();
    const reader = async () => {
      while (next < todo.length && scan === scans) {
        const file = todo[next++]!;
        const uri = pathToFileURL(file.path).href;
        if (!documents.get(uri)) await loadFile(uri, file.realPath, onSkip);
        // Each read waits for the disk; parsing does not: let requests in every few milliseconds.
        if (performance.now() - yielded > 10) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = performance.now();
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
    if (scan !== scans) return; // a newer scan took over
  }
  if (skipped.length) {
    const shown = skipped.slice(0, 3).join(', ') + (skipped.length > 3 ? ` and ${skipped.length - 3} more` : '');
    const what = skipped.length === 1 ? '1 file or folder' : `${skipped.length} files or folders`;
    const message = `SPK Routes skipped ${what} it could not read: ${shown}. The SPK Routes output lists them.`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  }
}

async function applySettings(rescan: boolean): Promise<void> {
  const read = await readSettings();
  settings = read.settings;
  isExcluded = excludeMatcher(read.exclude);
  if (scannedMaxBytes !== undefined && scannedMaxBytes !== maxFileBytes(settings.maxFileSizeMB)) rescan = true;
  const namespace = typeof settings.defaultNamespace === 'string' && settings.defaultNamespace ? settings.defaultNamespace : DEFAULT_NAMESPACE;
  workspace.setDefaultNamespace(namespace);
  if (rescan) await scanFolders();
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
  queueReload(event.document.uri);
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (!YAML_FILE.test(change.uri) || documents.get(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) forget(change.uri);
    else queueReload(change.uri);
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
  return result ? toHover(result) : null;
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
  return guarded(() => codeLenses(workspace, params.textDocument.uri), []).map(toCodeLens);
});

connection.languages.inlayHint.on((params) => {
  const model = modelOf(params.textDocument.uri);
  if (settings.inlayHints?.enabled === false || !model) return [];
  return guarded(() => inlayHints(model, params.range.start.line, params.range.end.line), []).map(toInlayHint);
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
