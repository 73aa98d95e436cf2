// SPK: Check Rendered Helm Chart — the chart of the active file (or the file chosen in the explorer)
// rendered by helm (`spkRoutes.helm.path`, machine-scoped) with its values.yaml: the language server
// renders and checks it (spk/helmCheck, the same code as `spk-route lint --helm-render`), and its
// findings are shown on the template files in a collection of their own ("spk-routes-helm").
import * as vscode from 'vscode';
import { HelmCheckRequest, type WireChartDiagnostic } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { trusted } from './clusterAccess.js';

/** How long helm may take to render a chart. */
const HELM_TIMEOUT_MS = 60_000;

const SEVERITY: Record<WireChartDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export async function checkHelmChartCommand(ctx: ExtensionContext, target?: vscode.Uri): Promise<void> {
  if (!trusted('checking a rendered chart runs helm')) return;
  const document = vscode.window.activeTextEditor?.document;
  const uri = target instanceof vscode.Uri ? target : document?.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('SPK: open a file of a Helm chart (its Chart.yaml, values.yaml or a template) to check the chart as rendered.');
    return;
  }
  if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === 'file')) {
    ctx.output.warn('helm renders the files as saved: unsaved changes are not in this check.');
  }
  const helmPath = vscode.workspace.getConfiguration('spkRoutes').get<string>('helm.path') || 'helm';
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SPK: rendering the chart with helm…' }, () =>
    ctx.client.sendRequest(HelmCheckRequest, { uri: uri.toString(), helmPath, timeoutMs: HELM_TIMEOUT_MS }),
  );
  if ('error' in result) {
    const hint = /not on PATH|was not found at/.test(result.error) ? ' Install helm, or set spkRoutes.helm.path.' : '';
    ctx.output.error(`The chart was not checked: ${result.error}`);
    void vscode.window.showErrorMessage(`SPK: the chart was not checked: ${result.error}.${hint}`);
    return;
  }
  if (result.warnings) ctx.output.warn(`helm: ${result.warnings}`);
  // This chart's earlier findings go; other charts' stay.
  const stale: vscode.Uri[] = [];
  ctx.helmDiagnostics.forEach((file) => {
    if (file.toString().startsWith(`${result.chart}/`)) stale.push(file);
  });
  for (const file of stale) ctx.helmDiagnostics.delete(file);
  let errors = 0;
  let others = 0;
  for (const file of result.files) {
    ctx.helmDiagnostics.set(
      vscode.Uri.parse(file.uri),
      file.diagnostics.map((d) => {
        if (d.severity === 'error') errors++;
        else others++;
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
        diagnostic.source = 'spk-routes helm';
        diagnostic.code = d.code;
        return diagnostic;
      }),
    );
  }
  const chartName = decodeURIComponent(result.chart.slice(result.chart.lastIndexOf('/') + 1));
  const summary = errors + others ? `${errors} error(s) and ${others} other finding(s) in the rendered chart ${chartName}, shown on its templates` : `the rendered chart ${chartName} has no findings`;
  ctx.output.info(`Checked the rendered chart ${result.chart}: ${summary}.`);
  void vscode.window.showInformationMessage(`SPK: ${summary}.`);
}
