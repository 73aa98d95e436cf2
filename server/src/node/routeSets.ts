// One side of a routing diff (issue 12) as route tables: a set of texts read into a routes-only
// Workspace (`checks: false`), as `simulate` reads its paths. A git revision's files (gitFiles.ts)
// are such a set, at the working tree's paths. Shared by the CLI's `diff` and the language server's
// spk/routingChanges, so both read a revision the same way; a set of objects (a cluster's) is one
// more such set, each object's JSON a file of its own.
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RouteTable } from '../core/routing/table.js';
import { Workspace } from '../core/workspace/workspace.js';
import type { GitRevision } from './gitFiles.js';
import { scopeFolders } from './scopes.js';

export interface TextFile {
  uri: string;
  text: string;
}

/**
 * The tables of one side. Scope folders (paths): `scopes` (a revision's markers; `[]` for texts of
 * no folder, such as a cluster's objects), else the markers on disk beside the files. With `root`,
 * each table's scope is named relative to it (so two sides read from different folders can meet);
 * without, it stays the folder's URI.
 */
export function routeSetTables(defaultNamespace: string | undefined, files: readonly TextFile[], scopes?: readonly string[], root?: string): RouteTable[] {
  const workspace = new Workspace(defaultNamespace, { checks: false });
  const folders = scopes ?? scopeFolders(files.map((f) => fileURLToPath(f.uri)));
  workspace.setScopes(folders.map((folder) => pathToFileURL(folder).href));
  for (const { uri, text } of files) workspace.setFile(uri, text);
  const tables = workspace.tables();
  if (root !== undefined) for (const table of tables) if (table.scope !== undefined) table.scope = relative(root, fileURLToPath(table.scope)).split(sep).join('/') || '.';
  return tables;
}

/** A revision's files as texts at their working-tree URIs. */
export function revisionFiles(revision: GitRevision): TextFile[] {
  return revision.files.map((f) => ({ uri: pathToFileURL(resolve(f.path)).href, text: f.text }));
}

/** The tables of a revision: its files with its own scope markers, as the working tree's would be read. */
export function revisionTables(defaultNamespace: string | undefined, revision: GitRevision, files: readonly TextFile[] = revisionFiles(revision), root?: string): RouteTable[] {
  return routeSetTables(defaultNamespace, files, revision.scopes, root);
}

/**
 * A set of objects (a cluster's, as kubectl gives them) as a route set: each object's JSON one file
 * `spk-cluster:/NS/KIND/NAME` (line 1), no scopes. What is not an object is left out.
 */
export function objectTables(defaultNamespace: string | undefined, documents: readonly unknown[]): RouteTable[] {
  const files: TextFile[] = [];
  const used = new Set<string>();
  for (const doc of documents) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) continue;
    const { kind, metadata } = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const part = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : '-');
    const uri = `spk-cluster:/${part(metadata?.namespace)}/${part(kind)}/${part(metadata?.name)}`;
    let unique = uri;
    for (let n = 2; used.has(unique); n++) unique = `${uri}~${n}`;
    used.add(unique);
    files.push({ uri: unique, text: `${JSON.stringify(doc)}\n` });
  }
  return routeSetTables(defaultNamespace, files, []);
}
