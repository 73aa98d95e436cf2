// "Routing Changes": what the working copy does to traffic against a base (git HEAD, another
// revision, the cluster) — one entry per table (namespace, Infra, scope), one per group of changed
// destinations under it, in the CLI diff's words; each group opens the route that answers now (its
// children: the route before and after). And a marker (a CodeLens) on each route that now answers
// changed destinations, saying what they did before; a file's markers go when it is edited, all of
// them when the view shows another comparison.
import * as vscode from 'vscode';
import { COMMANDS, type RevealRouteArgs, type WireChangeAnswer, type WireRouteChange } from '../../../server/src/protocol.js';
import { changeMarker, changeTableName } from './viewText.js';

type Node = { table: string; label: string; changes: WireRouteChange[] } | { change: WireRouteChange; id: string } | { side: 'before' | 'after'; change: WireRouteChange; id: string };

/** The route of an answer when it is in a file the editor can open. */
function openable(answer: WireChangeAnswer): WireChangeAnswer['route'] {
  return answer.route && answer.route.file.startsWith('file:') ? answer.route : null;
}

export class RoutingChangesView implements vscode.TreeDataProvider<Node>, vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private groups: Node[] = [];
  private changes: WireRouteChange[] = [];
  /** Files edited since the comparison: their markers' lines may be wrong, so they have none. */
  private readonly edited = new Set<string>();
  readonly view: vscode.TreeView<Node>;
  readonly disposables: vscode.Disposable[];
  /** What the view compares against, e.g. `git HEAD`, `cluster spk-test`. */
  base = '';

  constructor() {
    this.view = vscode.window.createTreeView('spkRoutes.routingChanges', { treeDataProvider: this, showCollapseAll: true });
    this.disposables = [
      this.view,
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, this),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const uri = event.document.uri.toString();
        if (event.contentChanges.length && !this.edited.has(uri) && this.changes.some((c) => openable(c.after)?.file === uri)) {
          this.edited.add(uri);
          this.lensesChanged.fire();
        }
      }),
    ];
  }

  /** Shows a new comparison (and its markers), replacing the last one. */
  show(base: string, changes: WireRouteChange[]): void {
    this.base = base;
    this.changes = changes;
    this.edited.clear();
    const tables = new Map<string, { table: string; label: string; changes: WireRouteChange[] }>();
    for (const change of changes) {
      const label = changeTableName(change);
      const table = `${change.namespace}\u0000${change.infra ?? ''}\u0000${change.scope ?? ''}\u0000${label}`;
      let node = tables.get(table);
      if (!node) tables.set(table, (node = { table, label, changes: [] }));
      node.changes.push(change);
    }
    this.groups = [...tables.values()];
    this.view.message = changes.length ? `Against ${base}: ${changes.length} change${changes.length === 1 ? '' : 's'} of traffic` : `Against ${base}: no traffic changes.`;
    this.changed.fire(undefined);
    this.lensesChanged.fire();
  }

  get shown(): WireRouteChange[] {
    return this.changes;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    if ('table' in node) return node.changes.map((change, i) => ({ change, id: `${node.table}\u0000${i}` }));
    if (!('side' in node)) return (['before', 'after'] as const).map((side) => ({ side, change: node.change, id: `${node.id}\u0000${side}` }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('table' in node) {
      const item = new vscode.TreeItem(`namespace ${node.label}`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `changes-${node.table}`;
      item.description = `${node.changes.length} change${node.changes.length === 1 ? '' : 's'}`;
      return item;
    }
    if (!('side' in node)) {
      const item = new vscode.TreeItem(node.change.summary, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `change-${node.id}`;
      item.tooltip = node.change.line;
      item.iconPath = new vscode.ThemeIcon('diff-modified');
      const route = openable(node.change.after) ?? openable(node.change.before);
      if (route) item.command = { title: 'Open route', command: COMMANDS.revealRoute, arguments: [route.file, route.line] satisfies RevealRouteArgs };
      return item;
    }
    const answer = node.change[node.side];
    const item = new vscode.TreeItem(node.side === 'before' ? `was ${answer.text}` : `now ${answer.text}`, vscode.TreeItemCollapsibleState.None);
    item.id = `change-${node.id}`;
    const route = node.side === 'after' ? openable(answer) : null; // a route of the base: its line is the base's, not the file's now
    if (answer.route) item.tooltip = `${answer.route.kind} ${answer.route.namespace}/${answer.route.name}${node.side === 'before' ? ` in ${this.base}` : ''}`;
    if (route) item.command = { title: 'Open route', command: COMMANDS.revealRoute, arguments: [route.file, route.line] satisfies RevealRouteArgs };
    return item;
  }

  /** On each route that now answers changed destinations: what they did before. */
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const uri = document.uri.toString();
    if (this.edited.has(uri)) return [];
    return this.changes.flatMap((change) => {
      const route = openable(change.after);
      if (!route || route.file !== uri || route.line >= document.lineCount) return [];
      const range = new vscode.Range(route.line, 0, route.line, 0);
      return [new vscode.CodeLens(range, { title: changeMarker(change, this.base), command: '' })];
    });
  }
}
