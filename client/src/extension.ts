// activate(): starts the language client and registers the commands and views.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type RevealRouteArgs, type SimulateRouteArgs } from '../../server/src/protocol.js';
import { applyRoutesCommand } from './commands/applyRoutes.js';
import { checkHelmChartCommand } from './commands/checkHelmChart.js';
import { loadCachedSchemas, loadClusterSchemasCommand } from './commands/loadClusterSchemas.js';
import { revealRoute } from './commands/revealRoute.js';
import { showClusterRoutes } from './commands/showClusterRoutes.js';
import { showRouteTable } from './commands/showRouteTable.js';
import { refreshRoutingChanges, showRoutingChanges } from './commands/showRoutingChanges.js';
import { simulateCommand } from './commands/simulate.js';
import type { ExtensionContext } from './context.js';
import { createLanguageClient } from './languageClient.js';
import { ClusterRoutesView } from './views/clusterRoutesView.js';
import { RouteTableView } from './views/routeTableView.js';
import { SchemaSourcesStatus } from './views/schemaSourcesStatus.js';
import { RoutingChangesView } from './views/routingChangesView.js';
import { SimulationsView } from './views/simulationsView.js';

let client: LanguageClient | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<ExtensionContext> {
  const output = vscode.window.createOutputChannel('SPK Routes', { log: true });
  client = createLanguageClient(extension, output);
  const ctx: ExtensionContext = {
    extension,
    client,
    output,
    clusterDiagnostics: vscode.languages.createDiagnosticCollection('spk-routes-cluster'),
    helmDiagnostics: vscode.languages.createDiagnosticCollection('spk-routes-helm'),
    simulations: new SimulationsView(),
    routeTable: new RouteTableView(client),
    routingChanges: new RoutingChangesView(),
    clusterRoutes: new ClusterRoutesView(),
  };
  const schemaSources = new SchemaSourcesStatus(client, output);
  extension.subscriptions.push(
    output,
    ctx.clusterDiagnostics,
    ctx.helmDiagnostics,
    ctx.simulations.view,
    ctx.routeTable.view,
    ...ctx.routingChanges.disposables,
    ctx.clusterRoutes.view,
    vscode.commands.registerCommand(COMMANDS.simulate, () => simulateCommand(ctx)),
    vscode.commands.registerCommand(COMMANDS.simulateRoute, (args: SimulateRouteArgs) => simulateCommand(ctx, args)),
    vscode.commands.registerCommand(COMMANDS.showRouteTable, () => showRouteTable(ctx)),
    vscode.commands.registerCommand(COMMANDS.refreshRouteTable, () => ctx.routeTable.refresh()),
    vscode.commands.registerCommand(COMMANDS.clearSimulations, () => ctx.simulations.clear()),
    vscode.commands.registerCommand(COMMANDS.applyRoutes, (uri?: vscode.Uri) => applyRoutesCommand(ctx, uri)),
    vscode.commands.registerCommand(COMMANDS.revealRoute, (...[file, line]: RevealRouteArgs) => revealRoute(file, line)),
    vscode.commands.registerCommand(COMMANDS.checkHelmChart, (uri?: vscode.Uri) => checkHelmChartCommand(ctx, uri)),
    vscode.commands.registerCommand(COMMANDS.loadClusterSchemas, () => loadClusterSchemasCommand(ctx)),
    vscode.commands.registerCommand(COMMANDS.showSchemaSources, () => schemaSources.showList()),
    schemaSources,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('spkRoutes.kubectl.context')) void loadCachedSchemas(ctx).catch((error) => output.error(`Cached schemas: ${String(error)}`));
    }),
    vscode.commands.registerCommand(COMMANDS.showRoutingChanges, () => showRoutingChanges(ctx)),
    vscode.commands.registerCommand(COMMANDS.refreshRoutingChanges, () => refreshRoutingChanges(ctx)),
    vscode.commands.registerCommand(COMMANDS.showClusterRoutes, () => showClusterRoutes(ctx)),
  );
  await client.start();
  // Offline: the cached CRDs of the configured (or last loaded) context, without kubectl.
  void loadCachedSchemas(ctx).catch((error) => output.error(`Cached schemas: ${String(error)}`));
  void ctx.routeTable.refresh();
  return ctx;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
