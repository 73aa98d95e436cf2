// spk-route diff: where traffic changes between two route sets (core/routing/diff.ts), OLD and NEW as
// files or folders, or the working tree against a git revision (`--base REF`, read by node/gitFiles.ts
// without a checkout). Each side is read as `simulate` reads its paths: a routes-only Workspace
// (node/routeSets.ts, which the language server's spk/routingChanges shares).
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { diffTableSets, formatChange, type DiffAnswer, type RouteChange } from '../core/routing/diff.js';
import type { RouteTable } from '../core/routing/table.js';
import { escapeControls } from '../core/safeText.js';
import { GitError, readGitRevision } from '../node/gitFiles.js';
import { revisionTables, routeSetTables } from '../node/routeSets.js';
import { FileAccessError, type Skip } from '../node/yamlFiles.js';
import { single, UsageError, type ParsedArgs } from './args.js';
import { fileSizeLimits } from './fileLimits.js';

export const DIFF_OPTIONS = { values: ['base', 'namespace', 'default-namespace', 'max-file-size'], flags: ['json', 'exit-code'] } as const;

export interface DiffIo {
  /** The YAML files of the paths, read as every command reads them (warnings on stderr). */
  yamlFiles(paths: readonly string[]): { uri: string; text: string }[];
  /** A file URI as the output names it. */
  displayPath(uri: string): string;
}

export interface DiffOutput {
  stdout: string;
  code: number;
}

export function diff(args: ParsedArgs, io: DiffIo): DiffOutput {
  const base = single(args, 'base');
  const defaultNamespace = single(args, 'default-namespace');
  let before: RouteTable[];
  let after: RouteTable[];
  if (base === undefined) {
    if (args.positional.length !== 2) throw new UsageError(`diff needs OLD and NEW (files or folders), or --base REF [paths...]; got ${args.positional.length} path${args.positional.length === 1 ? '' : 's'}`);
    // Each side's scopes are named relative to its own root, so `old/lab-v2` meets `new/lab-v2`.
    const [oldPath, newPath] = [args.positional[0]!, args.positional[1]!];
    before = routeSetTables(defaultNamespace, io.yamlFiles([oldPath]), undefined, rootOf(oldPath));
    after = routeSetTables(defaultNamespace, io.yamlFiles([newPath]), undefined, rootOf(newPath));
  } else {
    const paths = args.positional.length ? args.positional : ['.'];
    let revision;
    try {
      revision = readGitRevision(base, paths, { ...fileSizeLimits(args), onSkip: (skip) => warn(skip, base) });
    } catch (error) {
      if (error instanceof GitError) throw new UsageError(error.message);
      throw error;
    }
    // A path gone from the working tree holds nothing there; one in neither is an error.
    const present = paths.filter((path) => existsSync(path));
    const absent = revision.missing.find((path) => !present.includes(path));
    if (absent !== undefined) throw new FileAccessError(`cannot read ${absent}: no such file or directory, in the working tree or in ${base}`);
    // Both sides are at the working tree's paths: scopes are named relative to the repository.
    before = revisionTables(defaultNamespace, revision, undefined, revision.toplevel);
    after = present.length ? routeSetTables(defaultNamespace, io.yamlFiles(present), undefined, revision.toplevel) : [];
  }
  let changes = diffTableSets(before, after);
  const namespace = single(args, 'namespace');
  if (namespace !== undefined) {
    const known = [...new Set([...before, ...after].map((t) => t.namespace))].sort();
    if (!known.includes(namespace)) throw new UsageError(`namespace "${namespace}" has no routes or VLANs in these files (found: ${known.join(', ') || 'none'})`);
    changes = changes.filter((c) => c.namespace === namespace);
  }
  const code = single(args, 'exit-code') !== undefined && changes.length > 0 ? 1 : 0;
  if (single(args, 'json') !== undefined) return { stdout: `${JSON.stringify(changes.map((c) => record(c, io.displayPath)), null, 2)}\n`, code };
  return { stdout: changes.map((c) => `${formatChange(c)}\n`).join(''), code };
}

/** The folder a side's scopes are named from: the path itself, or a file's folder. */
function rootOf(path: string): string {
  const absolute = resolve(path);
  return existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : dirname(absolute);
}

function record(change: RouteChange, displayPath: (uri: string) => string) {
  const side = (answer: DiffAnswer) => ({ ...answer, route: answer.route && { ...answer.route, file: displayPath(answer.route.file) } });
  return { namespace: change.namespace, ...(change.infra !== undefined ? { infra: change.infra } : {}), ...(change.scope !== undefined ? { scope: change.scope } : {}), replicas: change.replicas, prefixes: change.prefixes, before: side(change.before), after: side(change.after) };
}

/** A file of the revision left out, as the working-tree scan says one (main.ts), naming the revision. */
function warn(skip: Skip, ref: string): void {
  process.stderr.write(`spk-route: warning: skipped ${escapeControls(`${relative(process.cwd(), resolve(skip.path)) || '.'} in ${ref}: ${skip.reason}`)}${skip.kind === 'too-large' ? ' of --max-file-size' : ''}\n`);
}
