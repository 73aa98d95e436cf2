// SPK: Apply Routes to Cluster — the current file, the selected documents or the whole workspace:
// server-side dry run first, a modal confirmation naming the context, cluster and namespaces with
// the plan, then the apply with progress and a result per resource.
import * as vscode from 'vscode';
import { applyPlan } from '../cluster/apply.js';
import { resolveContext } from '../cluster/clusterContext.js';
import { commandLine, KubectlError } from '../cluster/kubectl.js';
import { manifestDoc, type ManifestDoc } from '../cluster/manifestDoc.js';
import { planApply, type ApplyPlan } from '../cluster/plan.js';
import { confirmation, resultSummary } from '../cluster/planText.js';
import { ManifestsRequest } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';
import { kubectlSettings } from './kubectlSettings.js';

type Scope = 'file' | 'selection' | 'workspace';

export async function applyRoutesCommand(ctx: ExtensionContext, target?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('SPK: applying to a cluster runs kubectl, which is off in an untrusted workspace. Trust this workspace to use it; editing features keep working.');
    return;
  }
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
  const { settings, kubectl, context } = kubectlSettings();
  ctx.clusterDiagnostics.clear();
  try {
    const cluster = await resolveContext(kubectl, context);
    ctx.output.info(`Dry run of ${docs.length} SPK resource(s) on context ${cluster.context} (${cluster.server}): ${commandLine(kubectl, ['apply', '--server-side', '--dry-run=server', '--field-manager=spk-routes'])}`);
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SPK: dry run on ${cluster.context}…` },
      () => planApply({ kubectl, cluster, namespace: settings.get<string>('kubectl.namespace') ?? '' }, docs),
    );
    reportDryRun(ctx, plan);
    const confirm = confirmation(plan);
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
  } catch (error) {
    const message = error instanceof KubectlError ? error.message : error instanceof Error ? error.message : String(error);
    if (error instanceof KubectlError && error.detail) ctx.output.error(error.detail);
    ctx.output.error(`Nothing was applied: ${message}`);
    void vscode.window.showErrorMessage(`SPK: nothing was applied: ${message}`);
  }
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

