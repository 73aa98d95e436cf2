// The YAML files of a git revision (Node only, not the core): `spk-route diff --base REF` reads what
// the paths held at REF straight from the object store, with no checkout and no shell. Only git's
// plumbing is run (rev-parse, ls-tree, cat-file: no hook, no filter, no pager), with argument arrays,
// a time limit, and REF resolved to a tree id before it is used, so no text of ours or of the
// repository can become an option. The files taken are those the working-tree scan would take
// (yamlFiles.ts): *.yaml / *.yml (or a file named itself), no symbolic link, nothing under
// node_modules or a VCS folder, nothing above the size limit (skipped with a reason).
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { SCOPE_MARKER } from './scopes.js';
import { decodeText, YAML_FILE, type Skip } from './yamlFiles.js';

/** Why a revision cannot be read: not a repository, an unknown revision, git missing or failing. */
export class GitError extends Error {}

export interface GitFile {
  /** The file's path as the working-tree scan names it: the path given, joined with the file's place below it. */
  path: string;
  text: string;
}

export interface GitReadOptions {
  /** The size limit of a file found in a folder, in bytes. */
  maxBytes: number;
  /** The size limit of a file named itself. */
  namedMaxBytes: number;
  onSkip?: (skip: Skip) => void;
  /** The git binary (default `git` on PATH). */
  git?: string;
  timeoutMs?: number;
}

export interface GitRevision {
  /** The repository's top-level folder. */
  toplevel: string;
  /** The files in the order the working-tree scan gives (each path's, in name order per folder). */
  files: GitFile[];
  /** The paths that REF has no file or folder at. */
  missing: string[];
  /** The folders (working-tree paths) that hold a `.spk-scope` marker in REF. */
  scopes: string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
const MB = 1024 * 1024;

/** The YAML files at `paths` (files or folders of one repository) in revision `ref`. */
export function readGitRevision(ref: string, paths: readonly string[], options: GitReadOptions): GitRevision {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git revision`);
  const git = (args: readonly string[], cwd: string, input?: Buffer, maxBuffer = 64 * MB) => run(options.git ?? 'git', args, cwd, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, input, maxBuffer);
  const located = paths.map((path) => ({ path, ...locate(path) }));
  const toplevels = located.map(({ path, folder }) => {
    try {
      return realpathSync(git(['rev-parse', '--show-toplevel'], folder).toString('utf8').replace(/\n$/, ''));
    } catch (error) {
      if (error instanceof GitFailed && /not a git repository/i.test(error.stderr)) throw new GitError(`${path} is not in a git repository`);
      throw error instanceof GitFailed ? new GitError(`git cannot read ${path}: ${error.message}`) : error;
    }
  });
  const toplevel = toplevels[0]!;
  const other = toplevels.findIndex((t) => t !== toplevel);
  if (other >= 0) throw new GitError(`${paths[0]} and ${paths[other]} are in different git repositories`);
  let tree: string;
  try {
    tree = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{tree}`], toplevel).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitFailed) throw new GitError(`unknown git revision "${ref}" in ${toplevel}`);
    throw error;
  }
  if (!/^[0-9a-f]{40,64}$/.test(tree)) throw new GitError(`unknown git revision "${ref}" in ${toplevel}`);

  // Per path, its blobs in the scan's order; each file once.
  const seen = new Set<string>();
  const wanted: { path: string; object: string; size: number }[] = [];
  const missing: string[] = [];
  for (const { path, real } of located) {
    const spec = relative(toplevel, real).split(sep).join('/');
    if (spec.startsWith('../') || spec === '..') throw new GitError(`${path} is not in the git repository ${toplevel}`);
    const listing = git(['--literal-pathspecs', 'ls-tree', '-r', '-z', '-l', '--full-tree', tree, '--', spec || '.'], toplevel);
    const entries = parseTree(listing).filter((e) => spec === '' || e.path === spec || e.path.startsWith(`${spec}/`));
    if (!entries.length) {
      missing.push(path);
      continue;
    }
    entries.sort((a, b) => compareSegments(a.path, b.path));
    for (const entry of entries) {
      const named = entry.path === spec;
      const below = (spec === '' ? entry.path : entry.path.slice(spec.length + 1)).split('/');
      if (!named && (below.slice(0, -1).some((part) => SKIPPED_DIRECTORIES.has(part)) || !YAML_FILE.test(entry.path))) continue;
      if (entry.type !== 'blob' || entry.mode === '120000') continue; // a submodule, a symbolic link
      if (seen.has(entry.path)) continue;
      seen.add(entry.path);
      // Named as the scan names a file: the path as given, joined with the file's place below it.
      const shown = named ? path : join(path, ...below);
      const limit = named ? options.namedMaxBytes : options.maxBytes;
      if (entry.size > limit) {
        options.onSkip?.({ path: shown, kind: 'too-large', reason: `${megabytes(entry.size) === megabytes(limit) ? `${entry.size} bytes` : `${megabytes(entry.size)} MB`} is above the ${megabytes(limit)} MB limit` });
        continue;
      }
      wanted.push({ path: shown, object: entry.object, size: entry.size });
    }
  }
  // Scope markers anywhere in the revision: a marker above a named path still scopes it.
  const scopes = parseTree(git(['ls-tree', '-r', '-z', '-l', '--full-tree', tree], toplevel))
    .filter((e) => e.type === 'blob' && (e.path === SCOPE_MARKER || e.path.endsWith(`/${SCOPE_MARKER}`)))
    .map((e) => join(toplevel, ...e.path.split('/').slice(0, -1)));
  if (!wanted.length) return { toplevel, files: [], missing, scopes };
  // One cat-file for every blob: `<object> blob <size>\n<bytes>\n` each, in the order asked.
  const total = wanted.reduce((sum, w) => sum + w.size + 100, 0);
  const output = git(['cat-file', '--batch'], toplevel, Buffer.from(wanted.map((w) => `${w.object}\n`).join('')), total + MB);
  const files: GitFile[] = [];
  let at = 0;
  for (const w of wanted) {
    const header = output.indexOf(0x0a, at);
    const [object, type, size] = output.subarray(at, header).toString('utf8').split(' ');
    if (object !== w.object || type !== 'blob' || Number(size) !== w.size) throw new GitError(`git cat-file gave an unexpected answer for ${w.path}`);
    files.push({ path: w.path, text: decodeText(output.subarray(header + 1, header + 1 + w.size)) });
    at = header + 1 + w.size + 1;
  }
  return { toplevel, files, missing, scopes };
}

/** A path's real form and the folder to ask git from: the nearest existing folder at or above it. */
function locate(path: string): { real: string; folder: string } {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  const real = realpathSync(existing);
  const folder = statSync(real).isDirectory() ? real : dirname(real);
  return { real: rest.length ? join(real, ...rest) : real, folder };
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
  path: string;
}

/** `git ls-tree -r -z -l`: `<mode> <type> <object> <size>\t<path>\0` per entry (size `-` for a submodule). */
function parseTree(listing: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of listing.toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    entries.push({ mode: mode!, type: type!, object: object!, size: Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** The scan's order: folder by folder, names in code-unit order (`a/b` before `a-c`). */
function compareSegments(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return String(mb >= 100 ? Math.round(mb) : Number(mb.toPrecision(3)));
}

/** git ran and failed: its exit code and its stderr. */
class GitFailed extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

function run(git: string, args: readonly string[], cwd: string, timeoutMs: number, input: Buffer | undefined, maxBuffer: number): Buffer {
  try {
    // No prompt for credentials, no optional locks, no fsmonitor hook of the repository's config.
    return execFileSync(git, ['-c', 'core.fsmonitor=false', ...args], {
      cwd,
      input,
      maxBuffer,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      windowsHide: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { status?: number | null; stderr?: Buffer; signal?: string };
    if (e.code === 'ENOENT') throw new GitError(git === 'git' ? 'git is not on PATH' : `git was not found at "${git}"`);
    if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') throw new GitError(`git wrote more than ${Math.round(maxBuffer / MB)} MB`);
    if (e.signal === 'SIGKILL') throw new GitError(`git did not finish within ${Math.round(timeoutMs / 1000)} s`);
    const stderr = e.stderr?.toString('utf8').trim() ?? '';
    throw new GitFailed(stderr.split('\n')[0]?.replace(/^fatal: /, '') || e.message, stderr);
  }
}
