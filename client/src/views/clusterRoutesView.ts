// "Cluster Routes": the live cluster's route table per namespace, built by the language server from
// the cluster's objects with the same model as the workspace's, each route with its resource's
// status.conditions (Programmed, Accepted: status, reason, message), and the drift between the
// workspace and the cluster (only in the cluster, only in the workspace, different).
import * as vscode from 'vscode';
import { COMMANDS, type RevealRouteArgs, type WireNamespaceRoutes, type WireRouteRow } from '../../../server/src/protocol.js';
import { conditionsOf, conditionText, objectKey, type ClusterObject, type Condition, type Drift } from '../cluster/clusterRoutes.js';
import { routeDescription, tableName } from './viewText.js';

type Node =
  | { table: WireNamespaceRoutes }
  | { row: WireRouteRow; replicaCount: number; conditions: Condition[]; id: string }
  | { condition: Condition; id: string }
  | { drift: Drift[] }
  | { entry: Drift; id: string };

const MARK: Record<Drift['mark'], string> = { 'only-in-cluster': 'only in cluster', 'only-in-workspace': 'only in workspace', different: 'different' };

export class ClusterRoutesView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tables: WireNamespaceRoutes[] = [];
  private conditions = new Map<string, Condition[]>();
  private drift: Drift[] = [];
  readonly view: vscode.TreeView<Node>;

  constructor() {
    this.view = vscode.window.createTreeView('spkRoutes.clusterRoutes', { treeDataProvider: this, showCollapseAll: true });
  }

  show(context: string, tables: WireNamespaceRoutes[], objects: readonly ClusterObject[], drift: Drift[]): void {
    this.tables = tables;
    this.conditions = new Map(objects.map((o) => [objectKey(o.kind, o.metadata.namespace, o.metadata.name), conditionsOf(o)]));
    this.drift = drift;
    this.view.message = `Context ${context}: ${objects.length} SPK resource${objects.length === 1 ? '' : 's'}${drift.length ? `, ${drift.length} drifted from the workspace` : ', as in the workspace'}`;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return [...(this.drift.length ? [{ drift: this.drift }] : []), ...this.tables.map((table) => ({ table }))];
    if ('table' in node) {
      return node.table.routes.map((row, i) => ({ row, replicaCount: node.table.replicaCount, conditions: this.conditions.get(objectKey(row.route.kind, row.route.namespace, row.route.name)) ?? [], id: `${tableName(node.table)}-${i}` }));
    }
    if ('row' in node) return node.conditions.map((condition, i) => ({ condition, id: `${node.id}-${i}` }));
    if ('drift' in node) return node.drift.map((entry, i) => ({ entry, id: `drift-${i}` }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('table' in node) {
      const item = new vscode.TreeItem(`namespace ${tableName(node.table)}`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `cluster-ns-${tableName(node.table)}`;
      item.description = `${node.table.routes.length} routes`;
      return item;
    }
    if ('row' in node) {
      const programmed = node.conditions.find((c) => c.type === 'Programmed');
      const item = new vscode.TreeItem(node.row.prefix, node.conditions.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `cluster-route-${node.id}`;
      item.description = `${routeDescription(node.row, node.replicaCount)} · ${programmed ? `Programmed=${programmed.status}` : 'no Programmed condition'}`;
      item.tooltip = `${node.row.route.kind} ${node.row.route.namespace}/${node.row.route.name}${node.conditions.map((c) => `\n${conditionText(c)}`).join('')}`;
      item.iconPath = new vscode.ThemeIcon(programmed?.status === 'True' ? 'pass' : programmed ? 'error' : 'circle-outline');
      return item;
    }
    if ('condition' in node) {
      const item = new vscode.TreeItem(`${node.condition.type}=${node.condition.status}`, vscode.TreeItemCollapsibleState.None);
      item.id = `cluster-condition-${node.id}`;
      item.description = [node.condition.reason, node.condition.message].filter(Boolean).join(': ');
      return item;
    }
    if ('drift' in node) {
      const item = new vscode.TreeItem('Drift from the workspace', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'cluster-drift';
      item.description = `${node.drift.length}`;
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(`${entry.kind} ${entry.namespace}/${entry.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = `cluster-${node.id}`;
    item.description = entry.mark === 'different' ? `different: ${entry.fields.join(', ')}` : MARK[entry.mark];
    item.iconPath = new vscode.ThemeIcon(entry.mark === 'only-in-cluster' ? 'cloud' : entry.mark === 'only-in-workspace' ? 'file-add' : 'diff-modified');
    if (entry.uri !== undefined && entry.line !== undefined) item.command = { title: 'Open', command: COMMANDS.revealRoute, arguments: [entry.uri, entry.line] satisfies RevealRouteArgs };
    return item;
  }
}
