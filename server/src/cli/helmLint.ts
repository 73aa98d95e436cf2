// spk-route lint --helm-render: every Helm chart in or under the paths (a folder with Chart.yaml) is
// rendered by `helm template` with its values.yaml, the output is checked with the other files, and
// each diagnostic is printed at the template line it comes from where that is certain; otherwise at
// its document in the template, quoting the rendered line (core/features/renderedChart.ts). The
// chart's template files themselves are checked as rendered, not as they are written.
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import { chartDiagnostics } from '../core/features/renderedChart.js';
import { escapeControls } from '../core/safeText.js';
import type { Workspace } from '../core/workspace/workspace.js';
import { crdWarnings } from './crdSources.js';
import { chartOfTemplateFile, chartsOf, HelmError, renderChart, type RenderedChart } from '../node/helm.js';
import { single, UsageError, type ParsedArgs } from './args.js';
import type { ClusterOutput } from './cluster.js';
import { formatLintText, lintRecord, lintRecords, sortRecords, type LintRecord } from './lint.js';
import { toSarif } from './sarif.js';

export const HELM_LINT_OPTIONS = { values: ['format', 'default-namespace', 'max-file-size', 'helm'], flags: ['helm-render'] } as const;

/** Whether lint's arguments ask for rendering (`--helm-render` before any `--`). */
export function wantsHelmRender(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return argv.slice(0, end < 0 ? argv.length : end).includes('--helm-render');
}

/** `workspace`: empty, with the schema sources of the arguments (cli/crdSources.ts). */
export async function helmLint(args: ParsedArgs, workspace: Workspace, files: readonly { uri: string; text: string }[], displayPath: (uri: string) => string): Promise<ClusterOutput> {
  const format = single(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const helm = single(args, 'helm') ?? 'helm';
  const namespace = single(args, 'default-namespace');
  const charts = chartsOf(files.map((f) => fileURLToPath(f.uri)));
  if (!charts.length) throw new UsageError('--helm-render: there is no Helm chart (a folder with Chart.yaml) in the paths');

  for (const { uri, text } of files) if (!chartOfTemplateFile(fileURLToPath(uri))) workspace.setFile(uri, text);
  const rendered = new Map<string, RenderedChart>();
  let stderr = crdWarnings(workspace, workspace.uris(), displayPath).map((w) => `${escapeControls(w)}\n`).join('');
  let failed = false;
  for (const chart of charts) {
    const shown = relative(process.cwd(), chart) || '.';
    try {
      const result = await renderChart(chart, { path: helm, ...(namespace ? { namespace } : {}) });
      if (result.warnings) stderr += `spk-route: helm template ${escapeControls(shown)}: ${escapeControls(result.warnings)}\n`;
      const uri = `helm-template:${pathToFileURL(chart).href}`;
      workspace.setFile(uri, result.output);
      rendered.set(uri, result);
    } catch (error) {
      if (!(error instanceof HelmError)) throw error;
      failed = true;
      const hint = error.failure === 'missing' ? ' (install helm, or name it with --helm PATH)' : '';
      stderr += `spk-route: ${escapeControls(shown)} was not checked: ${escapeControls(error.message)}${hint}\n`;
      if (error.failure === 'missing') break;
    }
  }

  const records: LintRecord[] = lintRecords(workspace, displayPath, (uri) => rendered.has(uri));
  for (const [uri, chart] of rendered) {
    for (const found of chartDiagnostics(workspace.diagnostics(uri), chart.map, uri)) {
      records.push(lintRecord(displayPath(pathToFileURL(join(chart.chartDir, ...found.file.split('/'))).href), found.diagnostic));
    }
  }
  sortRecords(records);
  const code = failed ? 2 : records.some((r) => r.severity === 'error') ? 1 : 0;
  const stdout = format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : format === 'sarif' ? `${JSON.stringify(toSarif(records, version), null, 2)}\n` : formatLintText(records);
  return { stdout, stderr, code };
}
