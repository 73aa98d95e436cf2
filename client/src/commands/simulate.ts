// SPK: Simulate Route… — an address (checked as it is typed), a namespace when there are several,
// and the answer in the Simulations view, which keeps the last lookups side by side.
import * as vscode from 'vscode';
import { CheckDestinationRequest, SimulateRequest, type SimulateRouteArgs } from '../../../server/src/protocol.js';
import type { ExtensionContext } from '../context.js';

export async function simulateCommand(ctx: ExtensionContext, preset?: Partial<SimulateRouteArgs>): Promise<void> {
  const destination = preset?.destination ?? (await vscode.window.showInputBox({
    title: 'SPK: Simulate Route',
    prompt: 'Destination IPv4 or IPv6 address',
    placeHolder: 'e.g. 10.20.3.4',
    // The server's address parser says what is wrong, as the user types.
    validateInput: async (text) => (text.trim() === '' ? undefined : ((await ctx.client.sendRequest(CheckDestinationRequest, { destination: text })).problem ?? undefined)),
    ignoreFocusOut: true,
  }));
  if (!destination?.trim()) return;
  let namespace = preset?.namespace;
  if (namespace === undefined) {
    const tables = await ctx.routeTable.refresh();
    const namespaces = tables.map((t) => t.namespace);
    if (namespaces.length > 1) {
      const items = [{ label: 'All namespaces', namespace: undefined as string | undefined }, ...namespaces.map((ns) => ({ label: ns, namespace: ns as string | undefined }))];
      const picked = await vscode.window.showQuickPick(items, { title: `Simulate ${destination.trim()} from which namespace?` });
      if (!picked) return;
      namespace = picked.namespace;
    } else {
      namespace = namespaces[0];
    }
  }
  const result = await ctx.client.sendRequest(SimulateRequest, { destination: destination.trim(), ...(namespace !== undefined ? { namespace } : {}) });
  if ('error' in result) {
    void vscode.window.showErrorMessage(`SPK: cannot simulate: ${result.error}`);
    return;
  }
  await ctx.simulations.add(result.hops);
}
