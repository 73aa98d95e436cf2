// Finding and reading the YAML files of a workspace folder or of CLI arguments (Node only, not the core),
// safe against a hostile tree:
// - symbolic links are followed only to a place inside the root, and each real directory is walked
//   once (a link `loop -> .` is a cycle, a link to `/` leaves the root); each real file is found once;
// - only regular files are read: the type is checked before the file is opened (without blocking,
//   without following a link) and again on the open descriptor, so a FIFO or a device is never read;
// - files above a size limit are skipped by their size, before any read;
// - a folder or file that cannot be read is reported and skipped, and the rest is still found.
//
// The walk and the read are written once, as generators of file system calls: the `…Sync` functions
// run them with the synchronous calls (the CLI), the `…Async` ones with node:fs/promises (the language
// server, which answers requests meanwhile).
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const YAML_FILE = /\.ya?ml$/i;
export const DEFAULT_MAX_FILE_SIZE_MB = 10;
const MB = 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Never waits for a writer (FIFO) or a carrier (device), never follows a final link, never takes a terminal. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/** A path given to the CLI that does not exist. */
export class FileAccessError extends Error {}

/**
 * Why a path was left out. `outside`: a symbolic link to a place outside the root; `not-a-file`: a
 * FIFO, device or socket with a YAML name; `too-large`: above the size limit; `unreadable`: the system
 * refused (permissions, I/O error…).
 */
export interface Skip {
  path: string;
  kind: 'unreadable' | 'not-a-file' | 'too-large' | 'outside';
  reason: string;
}

export interface WalkOptions {
  /** Whether a path relative to the root (`/` or the system's separator) is excluded, as `files.exclude`. */
  isExcluded?: (relativePath: string) => boolean;
  /** Told of each path left out for a reason worth saying (not of cycles, links already followed or dangling links). */
  onSkip?: (skip: Skip) => void;
}

export interface FoundFile {
  /** The path to show and to name the file by: the root as given, joined with the file's place in it. */
  path: string;
  /** The file's real path (no symbolic links): the one to read. */
  realPath: string;
}

export type ReadResult = { text: string } | { skip: Skip };

/** A size limit in megabytes (MiB) as bytes; anything but a positive number gives the default. */
export function maxFileBytes(megabytes: unknown): number {
  const mb = typeof megabytes === 'number' && Number.isFinite(megabytes) && megabytes > 0 ? megabytes : DEFAULT_MAX_FILE_SIZE_MB;
  return Math.floor(mb * MB);
}

/** The YAML files under a directory (or the file itself), skipping node_modules and VCS folders. */
export function findYamlFilesSync(root: string, options: WalkOptions = {}): FoundFile[] {
  return runSync(walk(root, options));
}

export function findYamlFilesAsync(root: string, options: WalkOptions = {}): Promise<FoundFile[]> {
  return runAsync(walk(root, options));
}

/** A regular file's text, or why it was not read. `shownPath` names it in the skip (default: `path`). */
export function readYamlFileSync(path: string, maxBytes: number, shownPath = path): ReadResult {
  return runSync(read(path, maxBytes, shownPath));
}

export function readYamlFileAsync(path: string, maxBytes: number, shownPath = path): Promise<ReadResult> {
  return runAsync(read(path, maxBytes, shownPath));
}

/**
 * A path inside a root (a file-watcher event) as the walk names it, with its real path; a skip when
 * it leads out of the root or cannot be resolved; `undefined` when it is gone or the walk would not
 * take it (excluded, under node_modules or a VCS folder, not a YAML name).
 */
export function resolveInRootAsync(root: string, path: string, isExcluded: (relativePath: string) => boolean = () => false): Promise<FoundFile | Skip | undefined> {
  return runAsync(resolveInRoot(root, path, isExcluded));
}

/** Text as an editor shows it: UTF-8 without its BOM, or UTF-16 (LE or BE) after its BOM. */
export function decodeText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  if (b[0] === 0xff && b[1] === 0xfe) return utf16le(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2)); // a copy, swapped in place
    body.subarray(0, body.length & ~1).swap16();
    return utf16le(body);
  }
  return b.toString('utf8');
}

function utf16le(b: Buffer): string {
  const even = b.length & ~1;
  return b.toString('utf16le', 0, even) + (even < b.length ? '\uFFFD' : '');
}

/** A file the user named (CLI `--dest-file`): read as it is, which may be a pipe, and decoded. */
export function readText(path: string): string {
  try {
    return decodeText(fs.readFileSync(path));
  } catch (error) {
    throw new FileAccessError(`cannot read ${path}: ${reason(error)}`);
  }
}

// --- the walk and the read, as steps -------------------------------------------------------------

type Handle = number | fsp.FileHandle;
type Call =
  | { op: 'stat' | 'lstat' | 'realpath' | 'readdir'; path: string }
  | { op: 'open'; path: string; flags: number }
  | { op: 'fstat' | 'close'; handle: Handle }
  | { op: 'read'; handle: Handle; buffer: Buffer; offset: number; length: number; position: number };
type Steps<T> = Generator<Call, T, unknown>;

function* call<T>(c: Call): Steps<T> {
  return (yield c) as T;
}

function callSync(c: Call): unknown {
  switch (c.op) {
    case 'stat': return fs.statSync(c.path);
    case 'lstat': return fs.lstatSync(c.path);
    case 'realpath': return fs.realpathSync.native(c.path);
    case 'readdir': return fs.readdirSync(c.path);
    case 'open': return fs.openSync(c.path, c.flags);
    case 'fstat': return fs.fstatSync(c.handle as number);
    case 'read': return fs.readSync(c.handle as number, c.buffer, c.offset, c.length, c.position);
    case 'close': return fs.closeSync(c.handle as number);
  }
}

async function callAsync(c: Call): Promise<unknown> {
  switch (c.op) {
    case 'stat': return fsp.stat(c.path);
    case 'lstat': return fsp.lstat(c.path);
    case 'realpath': return fsp.realpath(c.path);
    case 'readdir': return fsp.readdir(c.path);
    case 'open': return fsp.open(c.path, c.flags);
    case 'fstat': return (c.handle as fsp.FileHandle).stat();
    case 'read': return (await (c.handle as fsp.FileHandle).read(c.buffer, c.offset, c.length, c.position)).bytesRead;
    case 'close': return (c.handle as fsp.FileHandle).close();
  }
}

function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = callSync(next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = await callAsync(next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

function isInside(rootReal: string, real: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

function inSkippedDirectory(relativePath: string): boolean {
  return relativePath.split(sep).some((part) => SKIPPED_DIRECTORIES.has(part));
}

function* walk(root: string, options: WalkOptions): Steps<FoundFile[]> {
  const isExcluded = options.isExcluded ?? (() => false);
  const skip = (path: string, kind: Skip['kind'], why: string) => options.onSkip?.({ path, kind, reason: why });
  let rootReal: string;
  let rootStats: fs.Stats;
  try {
    rootReal = yield* call<string>({ op: 'realpath', path: root });
    rootStats = yield* call<fs.Stats>({ op: 'stat', path: rootReal });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileAccessError(`cannot read ${root}: ${reason(error)}`);
    skip(root, 'unreadable', reason(error));
    return [];
  }
  if (!rootStats.isDirectory()) return [{ path: root, realPath: rootReal }]; // a file named as the root; the read checks it
  const pathOf = (real: string) => {
    const rel = relative(rootReal, real);
    return rel ? join(root, rel) : root;
  };

  const found: FoundFile[] = [];
  const visited = new Set<string>([rootReal]);
  const files = new Set<string>();
  // Depth first in name order, as a stack (a deep tree must not run out of call stack).
  const stack: { real: string; names: string[]; next: number }[] = [];
  function* enter(real: string): Steps<void> {
    try {
      const names = yield* call<string[]>({ op: 'readdir', path: real });
      stack.push({ real, names: names.sort(), next: 0 });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') skip(pathOf(real), 'unreadable', reason(error));
    }
  }
  yield* enter(rootReal);
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.names.length) {
      stack.pop();
      continue;
    }
    const name = frame.names[frame.next++]!;
    const entry = join(frame.real, name); // the parent is real: only the entry itself may be a link
    if (isExcluded(relative(rootReal, entry))) continue;
    let real = entry;
    let stats: fs.Stats;
    try {
      stats = yield* call<fs.Stats>({ op: 'lstat', path: entry });
      if (stats.isSymbolicLink()) {
        real = yield* call<string>({ op: 'realpath', path: entry });
        if (!isInside(rootReal, real)) {
          const target = yield* call<fs.Stats>({ op: 'stat', path: real });
          if (target.isDirectory() || YAML_FILE.test(name)) skip(pathOf(entry), 'outside', `a symbolic link to ${real}, outside ${rootReal}`);
          continue;
        }
        if (isExcluded(relative(rootReal, real))) continue;
        stats = yield* call<fs.Stats>({ op: 'lstat', path: real });
      }
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') skip(pathOf(entry), 'unreadable', reason(error)); // ENOENT: gone, or a dangling link
      continue;
    }
    if (stats.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(name) || inSkippedDirectory(relative(rootReal, real)) || visited.has(real)) continue;
      visited.add(real);
      yield* enter(real);
    } else if (YAML_FILE.test(name) && YAML_FILE.test(real)) {
      if (!stats.isFile()) skip(pathOf(entry), 'not-a-file', notAFile(stats));
      else if (!files.has(real)) {
        files.add(real);
        found.push({ path: pathOf(real), realPath: real });
      }
    }
  }
  return found;
}

function* resolveInRoot(root: string, path: string, isExcluded: (relativePath: string) => boolean): Steps<FoundFile | Skip | undefined> {
  let rootReal: string;
  let real: string;
  try {
    rootReal = yield* call<string>({ op: 'realpath', path: root });
    real = yield* call<string>({ op: 'realpath', path });
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? undefined : { path, kind: 'unreadable', reason: reason(error) };
  }
  if (!isInside(rootReal, real)) return { path, kind: 'outside', reason: `a symbolic link to ${real}, outside ${rootReal}` };
  const rel = relative(rootReal, real);
  const named = relative(root, path);
  if (!YAML_FILE.test(real) || inSkippedDirectory(rel) || inSkippedDirectory(named) || isExcluded(rel) || isExcluded(named)) return undefined;
  return { path: rel ? join(root, rel) : root, realPath: real };
}

function* read(path: string, maxBytes: number, shownPath: string): Steps<ReadResult> {
  const unreadable = (error: unknown): ReadResult => ({ skip: { path: shownPath, kind: 'unreadable', reason: reason(error) } });
  const problem = (stats: fs.Stats): ReadResult | undefined => {
    if (!stats.isFile()) return { skip: { path: shownPath, kind: 'not-a-file', reason: notAFile(stats) } };
    if (stats.size > maxBytes) return tooLarge(stats.size);
    return undefined;
  };
  const tooLarge = (size: number): ReadResult => ({
    skip: { path: shownPath, kind: 'too-large', reason: `${megabytes(size) === megabytes(maxBytes) ? `${size} bytes` : `${megabytes(size)} MB`} is above the ${megabytes(maxBytes)} MB limit` },
  });
  let real: string;
  let stats: fs.Stats;
  try {
    real = yield* call<string>({ op: 'realpath', path });
    stats = yield* call<fs.Stats>({ op: 'lstat', path: real });
  } catch (error) {
    return unreadable(error);
  }
  const before = problem(stats);
  if (before) return before;
  let handle: Handle;
  try {
    handle = yield* call<Handle>({ op: 'open', path: real, flags: OPEN_FLAGS });
  } catch (error) {
    return unreadable(error);
  }
  try {
    // It may have been replaced (by a FIFO, a bigger file) since the lstat: the descriptor says what it is.
    const opened = yield* call<fs.Stats>({ op: 'fstat', handle });
    const now = problem(opened);
    if (now) return now;
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = yield* call<number>({ op: 'read', handle, buffer, offset: length, length: buffer.length - length, position: length });
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return tooLarge(length); // it grew while read
    }
    return { text: decodeText(buffer.subarray(0, length)) };
  } catch (error) {
    return unreadable(error);
  } finally {
    try {
      yield* call<void>({ op: 'close', handle });
    } catch {
      // nothing to do about a failed close of a file only read
    }
  }
}

/** MiB to three significant digits (whole above 100). */
function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return String(mb >= 100 ? Math.round(mb) : Number(mb.toPrecision(3)));
}

function notAFile(stats: fs.Stats): string {
  const what = stats.isDirectory() ? 'a directory'
    : stats.isFIFO() ? 'a FIFO'
    : stats.isCharacterDevice() ? 'a character device'
    : stats.isBlockDevice() ? 'a block device'
    : stats.isSocket() ? 'a socket'
    : 'not a regular file';
  return what === 'not a regular file' ? what : `${what}, not a regular file`;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function reason(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}
