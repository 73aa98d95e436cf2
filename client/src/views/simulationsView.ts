// "Simulations": the last lookups, newest first, each with its facts and a link to the matched route.
import * as vscode from 'vscode';
import { COMMANDS, type RevealRouteArgs, type WireHop as Hop } from '../../../server/src/protocol.js';
import { hopDetails, hopSummary } from './viewText.js';

const KEEP = 20;

type Node = { hop: Hop; id: number } | { parent: { hop: Hop; id: number }; index: number };

export class SimulationsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private lookups: { hop: Hop; id: number }[] = [];
  private nextId = 1;
  readonly view: vscode.TreeView<Node>;

  constructor() {
    this.view = vscode.window.createTreeView('spkRoutes.simulations', { treeDataProvider: this, showCollapseAll: true });
  }

  /** Adds lookups at the top, expands the newest and brings the view into sight. */
  async add(hops: Hop[]): Promise<void> {
    const added = hops.map((hop) => ({ hop, id: this.nextId++ }));
    this.lookups = [...added.reverse(), ...this.lookups].slice(0, KEEP);
    this.changed.fire(undefined);
    const newest = this.lookups[0];
    if (newest) await this.view.reveal(newest, { expand: true, focus: false, select: true });
  }

  clear(): void {
    this.lookups = [];
    this.changed.fire(undefined);
  }

  get hops(): Hop[] {
    return this.lookups.map((l) => l.hop);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.lookups;
    if ('hop' in node) return hopDetails(node.hop).map((_, index) => ({ parent: node, index }));
    return [];
  }

  getParent(node: Node): Node | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('hop' in node) {
      const summary = hopSummary(node.hop);
      const item = new vscode.TreeItem(summary.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `lookup-${node.id}`;
      item.description = summary.description;
      item.iconPath = new vscode.ThemeIcon(node.hop.outcome === 'forwarded' || node.hop.outcome === 'connected' ? 'arrow-right' : 'warning');
      return item;
    }
    const line = hopDetails(node.parent.hop)[node.index]!;
    const item = new vscode.TreeItem(line.label, vscode.TreeItemCollapsibleState.None);
    item.id = `lookup-${node.parent.id}-${node.index}`;
    item.description = line.description;
    const route = node.parent.hop.route;
    if (line.label === 'Route' && route) {
      item.command = { title: 'Open route', command: COMMANDS.revealRoute, arguments: [route.file, route.line] satisfies RevealRouteArgs };
      item.tooltip = 'Open the route';
    }
    return item;
  }
}
