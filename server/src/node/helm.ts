// Helm on this machine: which folders are charts, which files are their templates, and a chart
// rendered by the user's `helm template` (an argument array, never a shell; a time limit and a size
// limit), with the templates' texts to map the output back (core/yaml/helmRender.ts). Nothing here
// reads or logs the environment or a kubeconfig: `helm template` renders without a cluster.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { chartOfTemplate, RenderMap, splitRendered } from '../core/yaml/helmRender.js';
import { maxFileBytes, readYamlFileSync } from './yamlFiles.js';

/** The file that makes a folder a chart. */
export const CHART_FILE = 'Chart.yaml';
/** The release name `helm template` uses when given none. */
export const RELEASE_NAME = 'release-name';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The most output taken from helm: a rendered chart of SPK resources is far smaller. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface HelmOptions {
  /** The binary: `helm` on PATH by default (the CLI's `--helm`, the editor's `spkRoutes.helm.path`). */
  path?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** `--namespace`: what `.Release.Namespace` renders to (helm's default: `default`). */
  namespace?: string;
}

export type HelmFailure = 'missing' | 'timeout' | 'too-large' | 'failed';

export class HelmError extends Error {
  constructor(
    readonly failure: HelmFailure,
    message: string,
  ) {
    super(message);
  }
}

export function isChartFolder(folder: string): boolean {
  try {
    return statSync(join(folder, CHART_FILE)).isFile();
  } catch {
    return false;
  }
}

/** The chart folder of a file that is one of its templates (`<chart>/templates/…`), or undefined. */
export function chartOfTemplateFile(path: string): string | undefined {
  const absolute = resolve(path);
  const chart = chartOfTemplate(absolute.split(sep).join('/'), (folder) => isChartFolder(folder.split('/').join(sep) || sep));
  return chart === undefined ? undefined : chart.split('/').join(sep) || sep;
}

/**
 * The chart to render for a file of it (its Chart.yaml, values.yaml, a template, any file below
 * the chart's folder): the nearest chart folder at or above the file, or its parent chart when it
 * is a subchart (`<parent>/charts/<name>`), which renders it with the parent's values.
 */
export function chartToRender(path: string): string | undefined {
  let chart: string | undefined;
  for (let folder = dirname(resolve(path)); ; folder = dirname(folder)) {
    if (isChartFolder(folder)) {
      chart = folder;
      break;
    }
    if (dirname(folder) === folder) return undefined;
  }
  for (let parent = dirname(dirname(chart)); basename(dirname(chart)) === 'charts' && isChartFolder(parent); parent = dirname(dirname(chart))) chart = parent;
  return chart;
}

/** The arguments of `helm template` for a chart folder: its `values.yaml` when it has one. */
export function templateArgs(chartDir: string, options: HelmOptions = {}): string[] {
  const args = ['template', RELEASE_NAME, chartDir];
  const values = join(chartDir, 'values.yaml');
  if (isFile(values)) args.push('--values', values);
  if (options.namespace) args.push('--namespace', options.namespace);
  return args;
}

export interface HelmOutput {
  stdout: string;
  /** What helm wrote to stderr while it succeeded (warnings), trimmed. */
  warnings: string;
}

/** `helm template` of a chart folder: its output, or a HelmError a user can act on. */
export function helmTemplate(chartDir: string, options: HelmOptions = {}): Promise<HelmOutput> {
  const path = options.path || 'helm';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolvePromise, reject) => {
    const child = execFile(path, templateArgs(chartDir, options), { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolvePromise({ stdout, warnings: stderr.trim() });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return reject(new HelmError('missing', path === 'helm' ? 'helm is not on PATH' : `helm was not found at "${path}"`));
      }
      if (code === 'EACCES') return reject(new HelmError('missing', `helm at "${path}" cannot be run (permission denied)`));
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        return reject(new HelmError('too-large', `helm template wrote more than ${Math.round(maxBuffer / (1024 * 1024))} MB; nothing was checked`));
      }
      if ((error as { killed?: boolean }).killed) return reject(new HelmError('timeout', `helm template did not finish within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`));
      reject(new HelmError('failed', `helm could not render the chart: ${trimmed(stderr) || error.message}`));
    });
    child.stdin?.end();
  });
}

/** At most this much of helm's stderr is kept in a message. */
const MAX_STDERR = 4000;

/** helm's error on one line: without its `Error: ` and its advice about its own --debug flag. */
function trimmed(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !/^Use --debug flag/.test(line));
  const text = lines.join('; ').replace(/^Error: /, '');
  return text.length > MAX_STDERR ? `${text.slice(0, MAX_STDERR)}…` : text;
}

export interface RenderedChart {
  /** The chart folder. */
  chartDir: string;
  /** helm's output, checked as one file. */
  output: string;
  /** Each output line's template line, where certain. */
  map: RenderMap;
  warnings: string;
}

/** A template file is read up to this size to map the output to it. */
const TEMPLATE_MAX_BYTES = maxFileBytes(10);

/** Renders a chart and reads the templates its output names, to map the output back to them. */
export async function renderChart(chartDir: string, options: HelmOptions = {}): Promise<RenderedChart> {
  const { stdout, warnings } = await helmTemplate(chartDir, options);
  const templates = new Map<string, string>();
  for (const { source } of splitRendered(stdout)) {
    if (templates.has(source)) continue;
    const path = templatePath(chartDir, source);
    if (!path) continue;
    const read = readYamlFileSync(path, TEMPLATE_MAX_BYTES);
    if ('text' in read) templates.set(source, read.text);
  }
  return { chartDir, output: stdout, map: new RenderMap(stdout, templates), warnings };
}

/** The file of a `# Source:` path in its chart folder; undefined for one that would lead out of it. */
export function templatePath(chartDir: string, source: string): string | undefined {
  const parts = source.split('/');
  if (isAbsolute(source) || parts.some((p) => p === '..' || p === '' || p === '.')) return undefined;
  return join(chartDir, ...parts);
}

/**
 * The charts to render for a set of files: the folders of every `Chart.yaml` and the chart of every
 * template among them, but no chart inside another one's `charts/` folder (a subchart is rendered
 * with its parent, from the parent's values).
 */
export function chartsOf(paths: readonly string[]): string[] {
  const charts = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(path);
    const folder = dirname(absolute);
    if (absolute.endsWith(sep + CHART_FILE) && isChartFolder(folder)) charts.add(folder);
    const chart = chartOfTemplateFile(absolute);
    if (chart) charts.add(chart);
  }
  const all = [...charts].sort();
  return all.filter((chart) => !all.some((parent) => parent !== chart && chart.startsWith(join(parent, 'charts') + sep)));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
