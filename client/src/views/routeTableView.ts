// "Route Table": each namespace's table, connected and static, sorted by prefix, each entry
// revealing its source line.
import * as vscode from 'vscode';
import { COMMANDS, RouteTableRequest, type RevealRouteArgs, type WireNamespaceRoutes, type WireRouteRow } from '../../../server/src/protocol.js';
import type { LanguageClient } from 'vscode-languageclient/node';
import { routeDescription, tableName } from './viewText.js';

type Node = { table: WireNamespaceRoutes } | { row: WireRouteRow; namespace: string; replicaCount: number };

export class RouteTableView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tables: WireNamespaceRoutes[] = [];
  readonly view: vscode.TreeView<Node>;

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView('spkRoutes.routeTable', { treeDataProvider: this, showCollapseAll: true });
  }

  async refresh(): Promise<WireNamespaceRoutes[]> {
    const result = await this.client.sendRequest(RouteTableRequest, {});
    this.tables = result.tables;
    this.changed.fire(undefined);
    return this.tables;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.tables.map((table) => ({ table }));
    if ('table' in node) return node.table.routes.map((row) => ({ row, namespace: tableName(node.table), replicaCount: node.table.replicaCount }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('table' in node) {
      const item = new vscode.TreeItem(`namespace ${tableName(node.table)}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.table.routes.length} routes`;
      item.id = `ns-${node.table.namespace}-${node.table.infra ?? ''}-${node.table.scope ?? ''}`;
      return item;
    }
    const { row } = node;
    const item = new vscode.TreeItem(row.prefix, vscode.TreeItemCollapsibleState.None);
    item.id = `route-${node.namespace}-${row.prefix}-${row.route.file}-${row.route.line}-${row.replicas.join('.')}`;
    item.description = routeDescription(row, node.replicaCount);
    item.tooltip = `${row.route.kind} ${row.route.namespace}/${row.route.name}\n${row.route.file}:${row.route.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(!row.active || (row.type === 'static' && !row.vlan && row.interface !== 'pod') ? 'warning' : row.type === 'connected' ? 'plug' : 'arrow-right');
    item.command = { title: 'Open', command: COMMANDS.revealRoute, arguments: [row.route.file, row.route.line] satisfies RevealRouteArgs };
    return item;
  }
}
