// SPK: Apply Routes to Cluster — the current file, the selected documents or the whole workspace:
// server-side dry run first, a modal confirmation naming the context, cluster and namespaces with
// the plan and what the apply does to traffic (the routing diff of the cluster now and after it), then
// the apply with progress and a result per resource, then a bounded, cancellable wait for the
// controller's Programmed condition on each applied resource.
import * as vscode from 'vscode';
import { applyPlan } from '../cluster/apply.js';
import type { ClusterContext } from '../cluster/clusterContext.js';
import { applyTraffic, waitForProgrammed, type ProgrammedResult, type TrafficDiff } from '../cluster/clusterRoutes.js';
import { commandLine, type KubectlOptions } from '../cluster/kubectl.js';
import { manifestDoc, type ManifestDoc } from '../cluster/manifestDoc.js';
import { planApply, type ApplyPlan } from '../cluster/plan.js';
import { confirmation, programmedReport, resultSummary } from '../cluster/planText.js';
import { ManifestsRequest, RoutingChangesRequest } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { clusterContext, failureText, kubectlOptions, trusted } from './clusterAccess.js';

type Scope = 'file' | 'selection' | 'workspace';

export async function applyRoutesCommand(ctx: ExtensionContext, target?: vscode.Uri): Promise<void> {
  if (!trusted('applying to a cluster runs kubectl')) return;
  const scope = await pickScope(target);
  if (!scope) return;
  const documents = await documentsFor(scope, target);
  if (!documents) return;
  const docs = await manifestsOf(ctx, documents);
  if (!docs) return;
  if (!docs.length) {
    void vscode.window.showInformationMessage('SPK: there is no SPK resource to apply here (only SPK kinds are sent).');
    return;
  }
  const settings = vscode.workspace.getConfiguration('spkRoutes');
  const kubectl = kubectlOptions();
  ctx.clusterDiagnostics.clear();
  try {
    const cluster = await clusterContext(kubectl);
    ctx.output.info(`Dry run of ${docs.length} SPK resource(s) on context ${cluster.context} (${cluster.server}): ${commandLine(kubectl, ['apply', '--server-side', '--dry-run=server', '--field-manager=spk-routes'])}`);
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SPK: dry run on ${cluster.context}…` },
      () => planApply({ kubectl, cluster, namespace: settings.get<string>('kubectl.namespace') ?? '' }, docs),
    );
    reportDryRun(ctx, plan);
    // The server compares the cluster now with the cluster after the apply (the workspace's model).
    const diff: TrafficDiff = async (now, after) => {
      const result = await ctx.client.sendRequest(RoutingChangesRequest, { base: { documents: now }, target: { documents: after } });
      if ('error' in result) throw new Error(result.error);
      return result.changes.map((c) => c.line);
    };
    const traffic = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SPK: what the apply does to traffic on ${cluster.context}…` }, () => applyTraffic(kubectl, plan, diff));
    if (traffic && 'error' in traffic) ctx.output.warn(`The traffic of the apply was not compared: ${traffic.error}`);
    const confirm = confirmation(plan, traffic);
    if (!confirm.button) {
      void (plan.items.some((i) => i.error) ? vscode.window.showErrorMessage(confirm.message, { modal: true, detail: confirm.detail }) : vscode.window.showInformationMessage(confirm.message, { modal: true, detail: confirm.detail }));
      return;
    }
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button);
    if (choice !== confirm.button) {
      ctx.output.info('Apply cancelled: nothing was applied.');
      return;
    }
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SPK: applying to ${cluster.context}`, cancellable: false },
      (progress) => applyPlan(kubectl, plan, (done, total, item) => progress.report({ message: `${item.doc.kind} ${item.doc.name} (${done + 1}/${total})`, increment: 100 / total })),
    );
    for (const outcome of outcomes) (outcome.status === 'failed' ? ctx.output.error : ctx.output.info)(outcome.message);
    const summary = resultSummary(outcomes);
    if (summary.ok) void vscode.window.showInformationMessage(summary.message);
    else void vscode.window.showWarningMessage(`${summary.message} See the SPK Routes output for each resource.`, 'Show Output').then((c) => c && ctx.output.show());
    const applied = outcomes.filter((o) => o.status === 'applied').map((o) => ({ kind: o.item.doc.kind, namespace: o.item.namespace!, name: o.item.doc.name }));
    if (applied.length) await waitProgrammed(ctx, kubectl, cluster, applied, Math.max(1, settings.get<number>('kubectl.programmedTimeoutSeconds') ?? 60) * 1000);
  } catch (error) {
    const message = failureText(ctx, error);
    ctx.output.error(`Nothing was applied: ${message}`);
    void vscode.window.showErrorMessage(`SPK: nothing was applied: ${message}`);
  }
}

/** After the apply: waits (bounded, cancellable, with progress) for the controller's Programmed on each applied resource. */
async function waitProgrammed(ctx: ExtensionContext, kubectl: KubectlOptions, cluster: ClusterContext, targets: ProgrammedResult['target'][], timeoutMs: number): Promise<void> {
  let wait: Awaited<ReturnType<typeof waitForProgrammed>>;
  try {
    wait = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SPK: waiting for Programmed on ${cluster.context}`, cancellable: true }, (progress, token) => {
      let reported = 0;
      return waitForProgrammed(kubectl, cluster, targets, {
        timeoutMs,
        cancelled: () => token.isCancellationRequested,
        onProgress: (programmed, total) => {
          progress.report({ message: `${programmed} of ${total} programmed`, increment: ((programmed - reported) * 100) / total });
          reported = programmed;
        },
      });
    });
  } catch (error) {
    // The apply is done; only the wait failed (the cluster went away, kubectl timed out).
    void vscode.window.showWarningMessage(`SPK: applied, but whether the resources are Programmed could not be read: ${failureText(ctx, error)}`);
    return;
  }
  const report = programmedReport(wait, timeoutMs);
  for (const line of report.lines) (line.startsWith('✓') ? ctx.output.info : ctx.output.warn)(line);
  if (report.ok) void vscode.window.showInformationMessage(report.message);
  else void vscode.window.showWarningMessage(`${report.message} ${report.lines.filter((l) => !l.startsWith('✓')).join(' ')}`, 'Show Output').then((c) => c && ctx.output.show());
}

/** The SPK documents to send, as the language server reads them (the documents are open and saved). */
async function manifestsOf(ctx: ExtensionContext, documents: { document: vscode.TextDocument; lines?: { from: number; to: number } }[]): Promise<ManifestDoc[] | undefined> {
  const docs: ManifestDoc[] = [];
  for (const { document, lines } of documents) {
    const uri = document.uri.toString();
    const result = await ctx.client.sendRequest(ManifestsRequest, { uri, ...(lines ? { lines } : {}) });
    if ('error' in result) {
      ctx.output.error(`Nothing was applied: ${result.error}`);
      void vscode.window.showErrorMessage(`SPK: nothing was applied: ${result.error}`);
      return undefined;
    }
    docs.push(...result.manifests.map((manifest) => manifestDoc(uri, manifest)));
  }
  return docs;
}

async function pickScope(target?: vscode.Uri): Promise<Scope | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (target && editor?.document.uri.toString() !== target.toString()) return 'file';
  const items: { label: string; scope: Scope; description?: string }[] = [];
  if (editor && editor.document.languageId === 'yaml') {
    items.push({ label: 'Current file', scope: 'file', description: vscode.workspace.asRelativePath(editor.document.uri) });
    if (!editor.selection.isEmpty) items.push({ label: 'Selected documents', scope: 'selection', description: `lines ${editor.selection.start.line + 1}–${editor.selection.end.line + 1}` });
  }
  items.push({ label: 'Every SPK resource in the workspace', scope: 'workspace' });
  if (items.length === 1) return 'workspace';
  return (await vscode.window.showQuickPick(items, { title: 'SPK: Apply Routes to Cluster — what to apply?' }))?.scope;
}

async function documentsFor(scope: Scope, target?: vscode.Uri): Promise<{ document: vscode.TextDocument; lines?: { from: number; to: number } }[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  let chosen: { document: vscode.TextDocument; lines?: { from: number; to: number } }[];
  if (scope === 'workspace') {
    const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**');
    chosen = await Promise.all(uris.map(async (uri) => ({ document: await vscode.workspace.openTextDocument(uri) })));
  } else if (scope === 'selection' && editor) {
    chosen = [{ document: editor.document, lines: { from: editor.selection.start.line, to: editor.selection.end.line } }];
  } else {
    const document = target ? await vscode.workspace.openTextDocument(target) : editor?.document;
    if (!document) return undefined;
    chosen = [{ document }];
  }
  const unsaved = chosen.filter((c) => c.document.isDirty);
  if (unsaved.length) {
    const names = unsaved.map((c) => vscode.workspace.asRelativePath(c.document.uri)).join(', ');
    const choice = await vscode.window.showWarningMessage(`SPK: ${names} ha${unsaved.length === 1 ? 's' : 've'} unsaved changes. Save before applying?`, { modal: true, detail: 'What is applied is what is saved, so the files on disk and the cluster agree.' }, 'Save and Continue');
    if (choice !== 'Save and Continue') return undefined;
    for (const c of unsaved) if (!(await c.document.save())) return undefined;
  }
  return chosen;
}

/** Server errors of the dry run: diagnostics on their lines, and the server's full message in the output. */
function reportDryRun(ctx: ExtensionContext, plan: ApplyPlan): void {
  const byUri = new Map<string, vscode.Diagnostic[]>();
  for (const item of plan.items) {
    const what = `${item.doc.kind} ${item.namespace ?? '?'}/${item.doc.name}`;
    if (!item.error) {
      ctx.output.info(`dry run: ${item.action} ${what}`);
      continue;
    }
    ctx.output.error(`dry run: ${what} rejected: ${item.error.detail || item.error.message}`);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(item.error.line, 0, item.error.line, 1000), `cluster ${plan.cluster.context}: ${item.error.message}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'spk-routes (cluster)';
    diagnostic.code = `server-${item.error.failure}`;
    byUri.set(item.doc.uri, [...(byUri.get(item.doc.uri) ?? []), diagnostic]);
  }
  for (const [uri, diagnostics] of byUri) ctx.clusterDiagnostics.set(vscode.Uri.parse(uri), diagnostics);
  // The server's whole answer (e.g. which permission is missing) is worth seeing at once.
  if (byUri.size) ctx.output.show(true);
}

