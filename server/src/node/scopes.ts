// Scope markers on disk: a folder that holds a file named `.spk-scope` is a deployment of its own
// (a lab's alternative version, a second cluster): its resources share route tables only with each
// other (Workspace.setScopes). Found by looking at the folders of the YAML files read, and at their
// parents up to a root.
import { statSync } from 'node:fs';
import { dirname, sep } from 'node:path';

export const SCOPE_MARKER = '.spk-scope';

/** Does the path name a scope marker file? (A file-watcher event's path, or a URI.) */
export function isScopeMarker(path: string): boolean {
  return path.endsWith(`/${SCOPE_MARKER}`) || path.endsWith(`${sep}${SCOPE_MARKER}`);
}

/**
 * The folders holding a marker among the folders of `files` and their parents, up to `root`
 * inclusive (the filesystem root when none is given). Each folder is looked at once.
 */
export function scopeFolders(files: Iterable<string>, root?: string): string[] {
  const looked = new Map<string, boolean>();
  for (const file of files) {
    let folder = dirname(file);
    while (!looked.has(folder)) {
      looked.set(folder, hasMarker(folder));
      const parent = dirname(folder);
      if (folder === root || parent === folder || (root !== undefined && !`${folder}${sep}`.startsWith(`${root}${sep}`))) break;
      folder = parent;
    }
  }
  return [...looked].filter(([, marked]) => marked).map(([folder]) => folder);
}

function hasMarker(folder: string): boolean {
  try {
    return statSync(`${folder}${sep}${SCOPE_MARKER}`).isFile();
  } catch {
    return false;
  }
}
