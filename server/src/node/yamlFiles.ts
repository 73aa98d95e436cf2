// Finding and reading the YAML files of a workspace or of CLI arguments (Node only, not the core).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export class FileAccessError extends Error {}

/** The YAML files at the paths: files as given, directories searched (skipping node_modules and VCS folders). */
export function findYamlFiles(paths: readonly string[], isExcluded: (path: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new FileAccessError(`cannot read ${path}: ${reason(error)}`);
    }
    if (stats.isDirectory()) walk(path, found, isExcluded);
    else found.push(path);
  }
  return [...new Set(found)];
}

function walk(directory: string, found: string[], isExcluded: (path: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(directory).sort();
  } catch (error) {
    throw new FileAccessError(`cannot read ${directory}: ${reason(error)}`);
  }
  for (const name of names) {
    const path = join(directory, name);
    if (isExcluded(path)) continue;
    let stats;
    try {
      stats = statSync(path);
    } catch {
      continue; // a dangling link
    }
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(name)) walk(path, found, isExcluded);
    } else if (YAML_FILE.test(name)) {
      found.push(path);
    }
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileAccessError(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
