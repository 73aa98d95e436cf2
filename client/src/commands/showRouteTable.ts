// SPK: Show Route Table — refreshes the Route Table view and brings it into sight.
import * as vscode from 'vscode';
import type { ExtensionContext } from '../context.js';

export async function showRouteTable(ctx: ExtensionContext): Promise<void> {
  const tables = await ctx.routeTable.refresh();
  if (!tables.length) {
    void vscode.window.showInformationMessage('SPK: no static routes or VLANs in this workspace yet.');
    return;
  }
  await vscode.commands.executeCommand('spkRoutes.routeTable.focus');
}
