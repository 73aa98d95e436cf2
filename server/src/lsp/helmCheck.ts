// spk/helmCheck: the chart of a file rendered by the user's helm (node/helm.ts, as the CLI's
// `lint --helm-render`), checked on its own in a Workspace of its own (the editor's workspace is not
// touched), and each diagnostic moved to its template line where certain
// (core/features/renderedChart.ts). The client asks only in a trusted workspace, with the
// machine-scoped helm path.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { chartDiagnostics } from '../core/features/renderedChart.js';
import { Workspace } from '../core/workspace/workspace.js';
import { chartOfTemplateFile, chartToRender, HelmError, renderChart } from '../node/helm.js';
import { HelmCheckRequest, type HelmCheckParams, type HelmCheckResult, type WireChartFile } from '../protocol.js';
import type { ServerState } from './state.js';

export function registerHelmCheck(connection: Connection, state: ServerState): void {
  connection.onRequest(HelmCheckRequest, (params) => helmCheck(state, params));
}

/** Whether a file URI is one of a Helm chart's templates (apply never sends those). */
export function isChartTemplateUri(uri: string): boolean {
  if (!uri.startsWith('file:')) return false;
  try {
    return chartOfTemplateFile(fileURLToPath(uri)) !== undefined;
  } catch {
    return false;
  }
}

export async function helmCheck(state: ServerState, params: HelmCheckParams): Promise<HelmCheckResult> {
  let path: string;
  try {
    path = fileURLToPath(params.uri);
  } catch {
    return { error: `${params.uri} is not a file on this machine: helm renders charts from folders` };
  }
  const chart = chartToRender(path);
  if (!chart) return { error: 'this file is in no Helm chart (no folder above it has a Chart.yaml)' };
  const namespace = state.settings.defaultNamespace || undefined;
  try {
    const rendered = await renderChart(chart, { path: params.helmPath || 'helm', timeoutMs: params.timeoutMs, ...(namespace ? { namespace } : {}) });
    const workspace = new Workspace(namespace);
    const uri = `helm-template:${pathToFileURL(chart).href}`;
    workspace.setFile(uri, rendered.output);
    const files = new Map<string, WireChartFile>();
    for (const found of chartDiagnostics(workspace.diagnostics(uri), rendered.map, uri)) {
      const fileUri = pathToFileURL(join(chart, ...found.file.split('/'))).href;
      let file = files.get(fileUri);
      if (!file) files.set(fileUri, (file = { uri: fileUri, diagnostics: [] }));
      const { range, severity, code, message } = found.diagnostic;
      file.diagnostics.push({
        range: { start: { ...range.start }, end: { ...range.end } },
        severity,
        code,
        message,
        mapped: found.mapped,
      });
    }
    return { chart: pathToFileURL(chart).href, files: [...files.values()], warnings: rendered.warnings };
  } catch (error) {
    if (error instanceof HelmError) return { error: error.message };
    throw error;
  }
}
