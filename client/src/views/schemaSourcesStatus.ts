// The schema sources in use, as the server tells them (spk/schemaSources): a status bar item shown
// while a YAML file is active, with each CRD in its tooltip; a click lists them (a workspace CRD
// opens at its line); the output channel logs them whenever they change.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, SchemaSourcesNotification, type SchemaSourcesParams } from '../../../server/src/protocol.js';
import { schemaSourceLines, schemaStatusText, sourceWhere } from './schemaSourcesText.js';

export class SchemaSourcesStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('spkRoutes.schemaSources', vscode.StatusBarAlignment.Right, -100);
  private current: SchemaSourcesParams = { sources: [], bundled: true };
  private logged = '';
  private readonly editorWatch: vscode.Disposable;

  constructor(client: LanguageClient, private readonly output: vscode.LogOutputChannel) {
    this.item.name = 'SPK Schemas';
    this.item.command = COMMANDS.showSchemaSources;
    client.onNotification(SchemaSourcesNotification, (params) => this.update(params));
    this.editorWatch = vscode.window.onDidChangeActiveTextEditor(() => this.showOrHide());
    this.render();
  }

  get sources(): SchemaSourcesParams {
    return this.current;
  }

  private update(params: SchemaSourcesParams): void {
    this.current = params;
    const lines = schemaSourceLines(params, describeUri);
    const text = lines.join('\n');
    if (text !== this.logged) {
      this.logged = text;
      this.output.info(`Schemas in use:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    }
    this.render();
  }

  private render(): void {
    this.item.text = `$(symbol-structure) ${schemaStatusText(this.current)}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Schemas in use** (most important first)\n\n');
    for (const line of schemaSourceLines(this.current, describeUri)) tooltip.appendMarkdown(`- ${escapeMarkdown(line)}\n`);
    this.item.tooltip = tooltip;
    this.showOrHide();
  }

  private showOrHide(): void {
    if (vscode.window.activeTextEditor?.document.languageId === 'yaml') this.item.show();
    else this.item.hide();
  }

  /** The click: every CRD in use; picking a workspace CRD opens its file at its line. */
  async showList(): Promise<void> {
    const items = this.current.sources.map((s) => ({ label: `CRD ${s.crdName} ${s.version}`, description: sourceWhere(s, describeUri), detail: s.kinds.join(', '), source: s }));
    const bundled = { label: this.current.bundled ? 'Bundled schemas' : 'Bundled schemas: off', description: 'every other SPK kind and version', source: undefined };
    const picked = await vscode.window.showQuickPick([...items, bundled], { title: 'SPK: schemas in use (most important first)' });
    const uri = picked?.source?.uri;
    if (!uri) return;
    const line = Math.max(0, (picked.source?.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(line, 0, line, 0) });
  }

  dispose(): void {
    this.editorWatch.dispose();
    this.item.dispose();
  }
}

function describeUri(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
