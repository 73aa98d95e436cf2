// The one object that commands and views share: the language client, the views, the output channel.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SimulationsView } from './views/simulationsView.js';
import type { RouteTableView } from './views/routeTableView.js';
import type { RoutingChangesView } from './views/routingChangesView.js';
import type { ClusterRoutesView } from './views/clusterRoutesView.js';

export interface ExtensionContext {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  /** The dry run's server errors, on the lines they concern. */
  clusterDiagnostics: vscode.DiagnosticCollection;
  /** The rendered Helm chart's findings, on its template files. */
  helmDiagnostics: vscode.DiagnosticCollection;
  simulations: SimulationsView;
  routeTable: RouteTableView;
  routingChanges: RoutingChangesView;
  clusterRoutes: ClusterRoutesView;
  /** What Show Routing Changes last compared with (its view's refresh compares again). */
  lastRoutingBase?: { git: string } | { cluster: true };
}
