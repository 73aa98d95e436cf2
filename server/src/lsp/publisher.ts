// Publishing diagnostics: the files marked dirty are published once per burst of changes, in slices,
// each only when what it shows changed; then the client is asked to refresh lenses and hints.
import { limitDiagnostics } from '../core/diagnostics/limit.js';
import { toLspDiagnostic } from './convert.js';
import { guarded, type ServerState } from './state.js';
import { nextSlice, sliceLeft } from './slices.js';

/**
 * Files a change touched (as `Workspace.setFile` / `removeFile` return them): published in the next
 * burst. `fromEditor`: the change is the user's (an open or an edit), published without the wait of
 * a scan's bursts.
 */
export function markAffected(state: ServerState, uris: readonly string[], fromEditor = false): void {
  for (const uri of uris) state.dirty.add(uri);
  schedulePublish(state, fromEditor);
}

/**
 * Publishing runs once per burst of changes, after the pending messages are read (during a scan at
 * most every 100 ms, unless the editor changed a document), in the slices of file work (slices.ts)
 * with requests answered between them.
 */
export function schedulePublish(state: ServerState, fromEditor = false): void {
  if (state.publishScheduled) {
    // A burst waiting for the scan's next 100 ms goes now.
    if (fromEditor && state.publishTimer) {
      clearTimeout(state.publishTimer);
      state.publishTimer = undefined;
      setImmediate(() => void publishBurst(state));
    }
    return;
  }
  state.publishScheduled = true;
  if (state.scansRunning && !fromEditor) state.publishTimer = setTimeout(() => void publishBurst(state), 100);
  else setImmediate(() => void publishBurst(state));
}

async function publishBurst(state: ServerState): Promise<void> {
  state.publishTimer = undefined;
  // Slice by slice until every dirty file is published.
  do {
    await nextSlice(state);
    for (const uri of state.dirty) {
      state.dirty.delete(uri);
      publish(state, uri);
      state.publishedSinceRefresh = true;
      if (!sliceLeft(state)) break;
    }
  } while (state.dirty.size);
  state.publishScheduled = false;
  if (!state.publishedSinceRefresh) return;
  state.publishedSinceRefresh = false;
  // Lenses and hints of open files depend on other files too (a new VLAN makes a gateway reachable).
  if (state.canRefreshLenses) void state.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (state.canRefreshHints) void state.connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
}

/** Sends a file's diagnostics when they changed, and for an open document at each new version. */
function publish(state: ServerState, uri: string): void {
  const diagnostics = guarded(state, () => limitDiagnostics(state.workspace.diagnostics(uri)).map((d) => toLspDiagnostic(d, uri)), []);
  const version = state.documents.get(uri)?.version;
  const last = state.published.get(uri);
  // An open document's new version is always sent: its diagnostics are compared (as text) only with
  // those sent for the same version.
  if (last && last.version === version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) return;
  if (!last && version === undefined && !diagnostics.length) return;
  if (diagnostics.length || version !== undefined) state.published.set(uri, { version, diagnostics });
  else state.published.delete(uri);
  void state.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
}
