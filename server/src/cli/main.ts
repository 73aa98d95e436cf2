// spk-route: the language server's checks and the route simulator, for CI pipelines.
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import { tableLabel, type RouteTable } from '../core/routing/table.js';
import { Workspace } from '../core/workspace/workspace.js';
import { FileAccessError, findYamlFilesSync, readText, readYamlFileSync, type Skip } from '../node/yamlFiles.js';
import { parseArgs, single, UsageError, type ParsedArgs } from './args.js';
import { fileSizeLimits } from './fileLimits.js';
import { formatLintText, lintRecords } from './lint.js';
import { routeRows } from '../core/routing/routeRows.js';
import { toSarif } from './sarif.js';
import { spkDocuments } from '../../../client/src/cluster/manifests.js';
import { chartOfTemplateFile } from '../node/helm.js';
import { scopeFolders } from '../node/scopes.js';
import { HELM_LINT_OPTIONS, helmLint, wantsHelmRender } from './helmLint.js';
import { CLUSTER_OPTIONS, clusterArgs, planOrApply, type ClusterOutput } from './cluster.js';
import { simulateOutput } from './simulateOutput.js';
import { formatTable, selectTables } from './tableOutput.js';
import { escapeControls } from '../core/safeText.js';
import { diff, DIFF_OPTIONS } from './diff.js';
import { routeTest, TEST_OPTIONS } from './test.js';
import { crdWarnings, crdWorkspace, withCrdOptions } from './crdSources.js';

const USAGE = `usage: spk-route <command> [paths...] [options]

Paths are YAML files or directories (searched for *.yaml / *.yml); default: the current directory.

commands:
  lint [paths...] [--format text|json|sarif] [--crds PATH]... [--no-bundled-schemas]
      every diagnostic of the language server; exit 1 when there is an error. The
      CustomResourceDefinitions in the paths and in each --crds PATH (file or folder)
      govern the kinds and versions they serve; --no-bundled-schemas: check only those
  lint --helm-render [paths...] [--helm PATH] [--format text|json|sarif] [--crds PATH]...
                     [--no-bundled-schemas]
      the same, with every Helm chart in the paths (a folder with Chart.yaml) rendered by
      helm template with its values.yaml: each finding at its template line where that is
      certain, else at its document with the rendered line quoted; exit 2 when a chart
      cannot be rendered (helm not found: --helm PATH names it); the schema sources as lint's
  simulate [paths...] --dest ADDR[,ADDR...] [--dest-file FILE] [--namespace NS] [--json]
      where traffic to each destination goes, per namespace
  table [paths...] [--namespace NS] [--json]
      the effective routing table of each namespace, connected and static
  test [paths...] [--format text|json|junit|sarif] [--crds PATH]... [--no-bundled-schemas]
      every RouteTest (spk-routes/v1alpha1) in the paths, run against the routes found
      there; exit 0 when every non-soft expectation holds, 1 when one fails, 2 when a
      test is invalid or a file cannot be read; the schema sources as lint's (a CRD's
      errors in a RouteTest's file make the test invalid)
  diff OLD NEW [--namespace NS] [--json] [--exit-code]
  diff --base REF [paths...] [--namespace NS] [--json] [--exit-code]
      the destinations whose answer changes from OLD to NEW (files or folders), or from
      the git revision REF to the working tree, per namespace and TMM replica, as CIDR
      prefixes; --exit-code: exit 1 when traffic changes, 0 when not
  plan [paths...] [--context C] [--kubeconfig K] [--namespace NS] [--json]
      a server-side dry run of the SPK resources: what applying them would create,
      update or leave unchanged; exit 1 when something is refused or rejected
  apply [paths...] [--context C] [--kubeconfig K] [--namespace NS] [--json] --yes
      the plan, then apply exactly what it listed (without --yes: only the plan);
      exit 0 when everything applied, 1 when something was refused or failed
      (plan and apply also take --kubectl PATH and --timeout SECONDS, default 30)

options for every command:
  --default-namespace NS   namespace of resources that name none (default: default)
  --max-file-size MB       skip YAML files in folders larger than this many megabytes (default: 10;
                           files named on the command line are read up to 512 MB unless it is given)
  --help, --version
`;

interface Output {
  /** The text, or a function that writes it through `write` (large outputs, as they are made). */
  stdout: string | ((write: (bytes: Buffer) => void) => void);
  code: number;
}

export function run(argv: readonly string[]): Output {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') return { stdout: USAGE, code: command ? 0 : 2 };
  if (command === '--version') return { stdout: `${version}\n`, code: 0 };
  switch (command) {
    case 'lint':
      return lint(parseArgs(rest, withCrdOptions({ values: ['format', 'default-namespace', 'max-file-size'], flags: [] })));
    case 'simulate':
      return simulate(parseArgs(rest, { values: ['dest', 'dest-file', 'namespace', 'default-namespace', 'max-file-size'], flags: ['json'] }));
    case 'table':
      return table(parseArgs(rest, { values: ['namespace', 'default-namespace', 'max-file-size'], flags: ['json'] }));
    case 'diff': {
      const args = parseArgs(rest, { values: [...DIFF_OPTIONS.values], flags: [...DIFF_OPTIONS.flags] });
      return diff(args, { yamlFiles: (paths) => yamlFiles({ ...args, positional: [...paths] }), displayPath });
    }
    case 'test': {
      const args = parseArgs(rest, withCrdOptions(TEST_OPTIONS));
      return routeTest(args, { workspace: () => loadWorkspace(args), skipped: () => skippedFiles, displayPath, version, stderr: (text) => process.stderr.write(text) });
    }
    default:
      throw new UsageError(`unknown command "${command}" (expected lint, simulate, table, diff, test, plan or apply)`);
  }
}

/** Files of the paths skipped so far (each warned about): `test` cannot vouch for what it did not read. */
let skippedFiles = 0;

/**
 * The YAML files at the paths, each real file once. What cannot be read (or is too large, a FIFO, a
 * link out of its path) is skipped with a warning on stderr; a path that does not exist is an error.
 * The size limit is for files found in folders: a file the user names is read as an editor opens it.
 */
function yamlFiles(args: ParsedArgs): { uri: string; text: string }[] {
  const paths = args.positional.length ? args.positional : ['.'];
  const { maxBytes, namedMaxBytes } = fileSizeLimits(args);
  const warn = (skip: Skip) => {
    skippedFiles++;
    process.stderr.write(`spk-route: warning: skipped ${escapeControls(`${relative(process.cwd(), resolve(skip.path)) || '.'}: ${skip.reason}`)}${skip.kind === 'too-large' ? ' of --max-file-size' : ''}\n`);
  };
  const seen = new Set<string>();
  const out: { uri: string; text: string }[] = [];
  for (const path of paths) {
    for (const file of findYamlFilesSync(path, { onSkip: warn })) {
      if (seen.has(file.realPath)) continue;
      seen.add(file.realPath);
      const named = resolve(file.path) === resolve(path);
      const read = readYamlFileSync(file.realPath, named ? namedMaxBytes : maxBytes, file.path);
      if ('skip' in read) warn(read.skip);
      else out.push({ uri: pathToFileURL(resolve(file.path)).href, text: read.text });
    }
  }
  return out;
}

/** Every YAML file of the paths in a Workspace; `checks: false` for the routes-only commands. */
function loadWorkspace(args: ParsedArgs, options: { checks?: boolean } = {}): Workspace {
  const workspace = schemaWorkspace(args, options);
  const files = yamlFiles(args);
  // Folders marked `.spk-scope` have tables of their own (alternatives kept side by side).
  workspace.setScopes(scopeFolders(files.map((f) => fileURLToPath(f.uri))).map((folder) => pathToFileURL(folder).href));
  for (const { uri, text } of files) workspace.setFile(uri, text);
  return workspace;
}

/** An empty Workspace with the schema sources of the arguments (`--crds`, `--no-bundled-schemas`). */
function schemaWorkspace(args: ParsedArgs, options: { checks?: boolean } = {}): Workspace {
  const defaultNamespace = single(args, 'default-namespace');
  return crdWorkspace(args, { ...options, ...(defaultNamespace !== undefined ? { defaultNamespace } : {}) }, (paths) => yamlFiles({ ...args, positional: [...paths] }), displayPath);
}

/** The tables of `--namespace`, or every table. */
function loadTables(args: ParsedArgs): RouteTable[] {
  return selectTables(loadWorkspace(args, { checks: false }), single(args, 'namespace'));
}

const displayPaths = new Map<string, string>();
function displayPath(uri: string): string {
  let path = displayPaths.get(uri);
  if (path === undefined) displayPaths.set(uri, (path = relative(process.cwd(), fileURLToPath(uri)) || '.'));
  return path;
}

function lint(args: ParsedArgs): Output {
  const format = single(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const workspace = loadWorkspace(args);
  for (const warning of crdWarnings(workspace, workspace.uris(), displayPath)) process.stderr.write(`${escapeControls(warning)}\n`);
  const records = lintRecords(workspace, displayPath);
  const code = records.some((r) => r.severity === 'error') ? 1 : 0;
  if (format === 'json') return { stdout: `${JSON.stringify(records, null, 2)}\n`, code };
  if (format === 'sarif') return { stdout: `${JSON.stringify(toSarif(records, version), null, 2)}\n`, code };
  return { stdout: formatLintText(records), code };
}

/** The --dest values, then the --dest-file lines, read as they are used (a file may hold millions). */
function destinations(args: ParsedArgs): Iterable<string> {
  const list = (args.options.get('dest') ?? []).flatMap((value) => value.split(',')).map((d) => d.trim()).filter(Boolean);
  const file = single(args, 'dest-file');
  const text = file ? readText(file) : '';
  if (!list.length && !/^\s*[^#\s]/m.test(text)) throw new UsageError('simulate needs --dest ADDR[,ADDR...] or --dest-file FILE with an address');
  return (function* () {
    yield* list;
    let hash = text.indexOf('#');
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (hash >= 0 && hash < start) hash = text.indexOf('#', start);
      const value = text.slice(start, hash >= 0 && hash < end ? hash : end).trim();
      if (value) yield value;
      start = end + 1;
    }
  })();
}

function simulate(args: ParsedArgs): Output {
  const dests = destinations(args);
  const chosen = loadTables(args);
  const json = single(args, 'json') !== undefined;
  const stdout = (write: (bytes: Buffer) => void) => {
    try {
      simulateOutput(chosen, dests, json, displayPath, write);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`--dest: ${error.message}`);
      throw error;
    }
  };
  return { stdout, code: 0 };
}

function table(args: ParsedArgs): Output {
  const views = loadTables(args).map((t) => ({ namespace: t.namespace, ...(t.infra !== undefined ? { infra: t.infra } : {}), ...(t.scope !== undefined ? { scope: displayPath(t.scope) } : {}), replicaCount: t.replicaCount, routes: routeRows(t) }));
  for (const t of views) for (const row of t.routes) row.route.file = displayPath(row.route.file);
  if (single(args, 'json')) return { stdout: `${JSON.stringify(views, null, 2)}\n`, code: 0 };
  return { stdout: views.map((t) => formatTable(tableLabel(t), t.routes, t.replicaCount)).join('\n'), code: 0 };
}

/** plan and apply: they wait for kubectl. */
function runCluster(command: string, argv: readonly string[]): Promise<ClusterOutput> | undefined {
  if (command !== 'plan' && command !== 'apply') return undefined;
  const args = parseArgs(argv, { values: [...CLUSTER_OPTIONS.values, 'default-namespace'], flags: [...CLUSTER_OPTIONS.flags] });
  const options = clusterArgs(args, command === 'apply');
  // A chart's template is never sent, even one without an action: it is the chart's, for helm.
  const docs = yamlFiles(args).flatMap(({ uri, text }) => spkDocuments(uri, text, undefined, { chartTemplate: chartOfTemplateFile(fileURLToPath(uri)) !== undefined }));
  return planOrApply(options, docs, command === 'apply', displayPath);
}

/** lint --helm-render: it waits for helm. */
function runHelmLint(command: string, argv: readonly string[]): Promise<ClusterOutput> | undefined {
  if (command !== 'lint' || !wantsHelmRender(argv)) return undefined;
  const args = parseArgs(argv, withCrdOptions(HELM_LINT_OPTIONS));
  return helmLint(args, schemaWorkspace(args), yamlFiles(args), displayPath);
}

async function main(): Promise<void> {
  // `spk-route simulate … | head`: the reader left; that is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  try {
    const [command = '', ...rest] = process.argv.slice(2);
    const cluster = runCluster(command, rest) ?? runHelmLint(command, rest);
    if (cluster) {
      const output = await cluster;
      process.stderr.write(output.stderr);
      process.stdout.write(output.stdout);
      process.exitCode = output.code;
      return;
    }
    const output = run(process.argv.slice(2));
    // The buffer handed to write is reused when it returns: stdout gets a copy.
    if (typeof output.stdout === 'string') process.stdout.write(output.stdout);
    else output.stdout((bytes) => process.stdout.write(Buffer.from(bytes)));
    process.exitCode = output.code;
  } catch (error) {
    if (error instanceof UsageError || error instanceof FileAccessError) {
      process.stderr.write(`spk-route: ${escapeControls(error.message)}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

if (require.main === module) void main();
