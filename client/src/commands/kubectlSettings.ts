// The kubectl settings that every cluster command reads: the binary (machine-scoped), its timeout,
// and the context (empty: the kubeconfig's current one).
import * as vscode from 'vscode';
import type { KubectlOptions } from '../cluster/kubectl.js';

export function kubectlSettings(): { settings: vscode.WorkspaceConfiguration; kubectl: KubectlOptions; context: string } {
  const settings = vscode.workspace.getConfiguration('spkRoutes');
  const kubectl: KubectlOptions = { path: settings.get<string>('kubectl.path') || 'kubectl', timeoutMs: Math.max(1, settings.get<number>('kubectl.timeoutSeconds') ?? 30) * 1000 };
  return { settings, kubectl, context: settings.get<string>('kubectl.context') ?? '' };
}
