// The language server's schema sources (issue 14): CRD messages and hovers name a CRD's file relative
// to its workspace folder, and the output channel lists the sources in use whenever they change.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerState } from './state.js';

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
    }, 50);
  };
}
