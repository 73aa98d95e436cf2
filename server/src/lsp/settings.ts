// The client's settings (`spkRoutes`, `files.exclude`), read when the server starts and whenever they
// change; a new default namespace or size limit takes effect at once.
import { DEFAULT_NAMESPACE } from '../core/workspace/workspace.js';
import { excludeMatcher } from '../node/glob.js';
import { maxFileBytes } from '../node/yamlFiles.js';
import { scanFolders } from './diskFiles.js';
import { schedulePublish } from './publisher.js';
import type { ServerState } from './state.js';

export interface Settings {
  defaultNamespace?: string;
  codeLens?: { enabled?: boolean };
  inlayHints?: { enabled?: boolean };
  /** Files above this size (MiB) are not read from disk. */
  maxFileSizeMB?: number;
}

async function readSettings(state: ServerState): Promise<{ settings: Settings; exclude: Record<string, unknown> }> {
  if (!state.canReadConfiguration) return { settings: {}, exclude: {} };
  const [read, exclude] = await state.connection.workspace.getConfiguration([{ section: 'spkRoutes' }, { section: 'files.exclude' }]);
  return { settings: (read ?? {}) as Settings, exclude: (exclude ?? {}) as Record<string, unknown> };
}

/** Reads the settings, scans the folders when asked to (or when the size limit changed), and publishes every file again. */
export async function applySettings(state: ServerState, rescan: boolean): Promise<void> {
  const read = await readSettings(state);
  state.settings = read.settings;
  state.isExcluded = excludeMatcher(read.exclude);
  if (state.scannedMaxBytes !== undefined && state.scannedMaxBytes !== maxFileBytes(state.settings.maxFileSizeMB)) rescan = true;
  const namespace = typeof state.settings.defaultNamespace === 'string' && state.settings.defaultNamespace ? state.settings.defaultNamespace : DEFAULT_NAMESPACE;
  state.workspace.setDefaultNamespace(namespace);
  if (rescan) await scanFolders(state);
  for (const uri of state.workspace.uris()) state.dirty.add(uri);
  schedulePublish(state);
}
