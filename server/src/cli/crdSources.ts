// lint's schema sources (issue 14): the CRDs of the linted paths are used automatically (the
// Workspace reads every file's CustomResourceDefinition documents); `--crds PATH` (again for more
// paths, files or folders) adds CRDs from files that are not linted; `--no-bundled-schemas` checks
// only what a CRD serves. Messages name a CRD's file relative to the current folder.
import { SchemaRegistry } from '../core/resources/schemaSources.js';
import { Workspace } from '../core/workspace/workspace.js';
import type { ParsedArgs } from './args.js';
import { single } from './args.js';
import { escapeControls } from '../core/safeText.js';

export const CRD_OPTIONS = { values: ['crds'], flags: ['no-bundled-schemas'] } as const;

/** A command's options with `--crds` and `--no-bundled-schemas` (lint, lint --helm-render, test). */
export function withCrdOptions(spec: { values: readonly string[]; flags: readonly string[] }): { values: string[]; flags: string[] } {
  return { values: [...spec.values, ...CRD_OPTIONS.values], flags: [...spec.flags, ...CRD_OPTIONS.flags] };
}

/**
 * An empty Workspace with the schema sources of the arguments: `--no-bundled-schemas`, and the CRDs
 * of the `--crds` paths read in before any file is set.
 */
export function crdWorkspace(args: ParsedArgs, options: { defaultNamespace?: string; checks?: boolean }, yamlFiles: (paths: readonly string[]) => { uri: string; text: string }[], displayPath: (uri: string) => string): Workspace {
  const workspace = new Workspace(options.defaultNamespace, { ...(options.checks !== undefined ? { checks: options.checks } : {}), schemas: schemaRegistryOf(args, displayPath) });
  loadCrdPaths(workspace, args, yamlFiles, displayPath);
  return workspace;
}

export function schemaRegistryOf(args: ParsedArgs, displayPath: (uri: string) => string): SchemaRegistry {
  const registry = new SchemaRegistry({ bundled: single(args, 'no-bundled-schemas') === undefined });
  registry.describeUri = displayPath;
  return registry;
}

/** Reads the CRDs of the `--crds` paths into the workspace (before the linted files); their problems go to stderr. */
export function loadCrdPaths(workspace: Workspace, args: ParsedArgs, yamlFiles: (paths: readonly string[]) => { uri: string; text: string }[], displayPath: (uri: string) => string): void {
  const paths = args.options.get('crds') ?? [];
  if (paths.length === 0) return;
  const files = yamlFiles(paths);
  for (const { uri, text } of files) workspace.setCrdFile(uri, text);
  for (const warning of crdWarnings(workspace, files.map((f) => f.uri), displayPath)) process.stderr.write(`${escapeControls(warning)}\n`);
}

/** The CRD problems of the files, for stderr: a CRD that cannot be used, a rule that does not compile. */
export function crdWarnings(workspace: Workspace, uris: readonly string[], displayPath: (uri: string) => string): string[] {
  return uris.flatMap((uri) => workspace.crdProblemsOf(uri).map((p) => `spk-route: warning: ${displayPath(uri)}:${p.line}: ${p.message}`));
}
