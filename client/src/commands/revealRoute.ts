// Opens a route's file at its 0-based line (from the Simulations and Route Table views).
import * as vscode from 'vscode';

export async function revealRoute(file: string, line: number): Promise<void> {
  const uri = file.includes('://') ? vscode.Uri.parse(file) : vscode.Uri.file(file);
  const position = new vscode.Position(Math.max(0, line), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
