// Files that are not open, read from disk: the scan of the workspace folders, file-watcher events and
// closed editors. Only through the safe reader of node/yamlFiles (regular files under the size limit,
// never a FIFO or a device, never a link out of the workspace folder), and asynchronously: requests
// are answered while files are read.
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { findYamlFilesAsync, maxFileBytes, readYamlFileAsync, resolveInRootAsync, type Skip } from '../node/yamlFiles.js';
import { scopeFolders } from '../node/scopes.js';
import { markAffected } from './publisher.js';
import { nextSlice, sliceLeft } from './slices.js';
import { guarded, type ServerState } from './state.js';

const PARALLEL_READS = 4;

/** A file: URI's path; undefined for any other scheme (or a file: URI with a host). */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Takes a file that is not open out of the workspace (deleted, skipped, or no longer found). */
export function forget(state: ServerState, uri: string): void {
  state.reading.delete(uri);
  if (state.documents.get(uri)) return;
  markAffected(state, state.workspace.removeFile(uri));
}

/** Reads a file that is not open (from `path`, its real path) into the workspace, or takes it out. */
async function loadFile(state: ServerState, uri: string, path: string, onSkip: (skip: Skip) => void): Promise<void> {
  if (state.documents.get(uri)) return;
  const ticket = ++state.readCount;
  state.reading.set(uri, ticket);
  const result = await readYamlFileAsync(path, maxFileBytes(state.settings.maxFileSizeMB), filePath(uri) ?? path);
  // Whether this read still stands: else a newer read, a deletion or an open took over.
  const current = () => {
    if (state.reading.get(uri) !== ticket) return false;
    if (!state.documents.get(uri)) return true;
    state.reading.delete(uri);
    return false;
  };
  if (!current()) return;
  await nextSlice(state);
  if (!current()) return;
  if ('skip' in result) {
    state.reading.delete(uri);
    onSkip(result.skip);
    forget(state, uri);
    return;
  }
  // The file's documents are analysed in the slices, one by one; then it joins the workspace at once.
  // An open of the file in the meantime takes over with what is done (see createServer's sync).
  let prepared;
  try {
    const steps = state.workspace.prepareFile(uri, result.text);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        prepared = step.value;
        break;
      }
      if (!sliceLeft(state)) {
        state.preparing.set(uri, step.value);
        await nextSlice(state);
        if (state.preparing.get(uri) === step.value) state.preparing.delete(uri);
        if (!current()) return;
      }
    }
  } catch {
    prepared = undefined; // setFile meets the same problem, and reports it
  }
  state.reading.delete(uri);
  markAffected(state, guarded(state, () => state.workspace.setFile(uri, result.text, prepared), [uri]));
}

/** Why a file was skipped, with the setting that sets the size limit. */
function skipReason(skip: Skip): string {
  return `${skip.reason}${skip.kind === 'too-large' ? ' of spkRoutes.maxFileSizeMB' : ''}`;
}

function logSkip(state: ServerState, skip: Skip): void {
  const line = `spk-routes: skipped ${skip.path}: ${skipReason(skip)}`;
  if (skip.kind === 'outside') state.connection.console.log(line);
  else state.connection.console.warn(line);
}

/** The workspace folder (as a path) that holds a path, the innermost one. */
function folderOf(state: ServerState, path: string): string | undefined {
  let best: string | undefined;
  for (const folder of state.folders) {
    const root = filePath(folder.uri);
    if (root === undefined || !(path === root || path.startsWith(root.endsWith(sep) ? root : root + sep))) continue;
    if (best === undefined || root.length > best.length) best = root;
  }
  return best;
}

/** The scope folders known now, given to the workspace; a change re-publishes every file. */
export function applyScopes(state: ServerState): void {
  markAffected(state, state.workspace.setScopes(state.scopeFolders));
}

/** A `.spk-scope` marker created or deleted on disk. */
export function scopeMarkerChanged(state: ServerState, markerUri: string, deleted: boolean): void {
  const folder = markerUri.slice(0, markerUri.lastIndexOf('/'));
  if (deleted) state.scopeFolders.delete(folder);
  else state.scopeFolders.add(folder);
  applyScopes(state);
}

/** A file changed on disk or closed in the editor: read again, as the scan would find it. */
async function reloadFromDisk(state: ServerState, uri: string): Promise<void> {
  if (state.documents.get(uri)) return;
  const path = filePath(uri);
  if (path === undefined) return forget(state, uri);
  const root = folderOf(state, path);
  const log = (skip: Skip) => logSkip(state, skip);
  if (root === undefined) return loadFile(state, uri, path, log); // a file of no folder, once open in the editor
  const ticket = ++state.readCount;
  state.reading.set(uri, ticket);
  const found = await resolveInRootAsync(root, path, state.isExcluded);
  if (state.reading.get(uri) !== ticket) return;
  if (found === undefined || 'reason' in found) {
    if (found) log(found);
    return forget(state, uri);
  }
  const canonical = pathToFileURL(found.path).href;
  if (canonical !== uri) forget(state, uri); // reached through a link inside the folder: the file counts under its own name
  else state.reading.delete(uri);
  await loadFile(state, canonical, found.realPath, log);
}

/**
 * File events and closed editors are read one at a time, in order. While some are queued, publishing
 * waits as during a scan: a branch switch's thousand files are published once, not after each.
 */
export function queueReload(state: ServerState, uri: string): void {
  state.scansRunning++;
  state.diskQueue = state.diskQueue
    .then(() => reloadFromDisk(state, uri))
    .catch((error) => state.connection.console.error(`spk-routes: ${String(error)}`))
    .finally(() => state.scansRunning--);
}

/**
 * The files in the order they are read: those nearest an open document first (the longest folder
 * path they share with one), so the tables of what the user looks at are complete soonest.
 */
function nearOpenFirst<T extends { path: string }>(state: ServerState, files: T[]): T[] {
  const open = state.documents.keys().flatMap((uri) => {
    const path = filePath(uri);
    return path === undefined ? [] : [path.slice(0, path.lastIndexOf(sep) + 1)];
  });
  const folders = [...new Set(open)];
  if (!folders.length) return files;
  const nearness = (path: string) => {
    let best = 0;
    for (const folder of folders) {
      let i = 0;
      while (i < folder.length && folder.charCodeAt(i) === path.charCodeAt(i)) i++;
      best = Math.max(best, folder.lastIndexOf(sep, i - 1) + 1);
    }
    return best;
  };
  return files.map((file) => ({ file, near: nearness(file.path) })).sort((a, b) => b.near - a.near).map(({ file }) => file);
}

/**
 * Reads every YAML file of the workspace folders (file: folders only) with the safe walker and
 * reader, asynchronously; what was skipped is logged, and counted in one warning at the end.
 */
export async function scanFolders(state: ServerState): Promise<void> {
  state.scansRunning++;
  try {
    await scanAll(state);
  } finally {
    state.scansRunning--;
  }
}

async function scanAll(state: ServerState): Promise<void> {
  const { connection } = state;
  const scan = ++state.scans;
  state.scannedMaxBytes = maxFileBytes(state.settings.maxFileSizeMB);
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const folder of state.folders) {
    const root = filePath(folder.uri);
    if (root === undefined) {
      connection.console.log(`spk-routes: not scanning ${folder.uri}: only file: folders are read from disk`);
      continue;
    }
    const onSkip = (skip: Skip) => {
      logSkip(state, skip);
      if (skip.kind === 'outside') return;
      const shown = relative(root, skip.path) || skip.path;
      skipped.push(`${state.folders.length > 1 ? `${folder.name}/` : ''}${shown} (${skipReason(skip)})`);
    };
    let files;
    try {
      files = await findYamlFilesAsync(root, { isExcluded: state.isExcluded, onSkip });
    } catch (error) {
      connection.console.warn(`spk-routes: cannot scan ${root}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    // Scope markers first, so no table is built across scopes on the way.
    for (const folder of scopeFolders(files.map((f) => f.path), root)) state.scopeFolders.add(pathToFileURL(folder).href);
    applyScopes(state);
    const todo = nearOpenFirst(state, files.filter((file) => !seen.has(file.realPath) && seen.add(file.realPath))); // nested folders: once
    // A few reads at a time, so the disk is not waited for one file after the other; each file's
    // parsing waits for a slice of file work (see slices.ts).
    let next = 0;
    const reader = async () => {
      while (next < todo.length && scan === state.scans) {
        const file = todo[next++]!;
        const uri = pathToFileURL(file.path).href;
        if (!state.documents.get(uri)) await loadFile(state, uri, file.realPath, onSkip);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
    if (scan !== state.scans) return; // a newer scan took over
  }
  if (skipped.length) {
    const shown = skipped.slice(0, 3).join(', ') + (skipped.length > 3 ? ` and ${skipped.length - 3} more` : '');
    const what = skipped.length === 1 ? '1 file or folder' : `${skipped.length} files or folders`;
    const message = `SPK Routes skipped ${what} it could not read: ${shown}. The SPK Routes output lists them.`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  }
}
