// Core shapes to LSP shapes and to our protocol's wire types. The core already uses LSP's
// coordinates; this adds the protocol's enums, and copies core results field by field into the wire
// types of protocol.ts, so the core's own types can change without changing the wire.
import {
  CodeAction,
  CodeActionKind,
  type CodeLens,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
} from 'vscode-languageserver/node';
import type { QuickFixAction } from '../core/features/codeActions.js';
import type { Lens } from '../core/features/codeLens.js';
import type { CompletionEntry } from '../core/features/completion.js';
import type { HoverResult } from '../core/features/hover.js';
import type { InlayHintInfo } from '../core/features/inlayHints.js';
import type { SymbolNode } from '../core/features/symbols.js';
import { DIAGNOSTIC_SOURCE, type Diagnostic } from '../core/diagnostics/rules.js';
import { type Severity } from '../core/types.js';
import type { Manifest } from '../core/features/manifests.js';
import type { Hop, RouteRef } from '../core/routing/lookup.js';
import { changeSummary, describeAnswer, formatChange, type DiffAnswer, type RouteChange } from '../core/routing/diff.js';
import type { RouteRow } from '../core/routing/routeRows.js';
import type { RouteTable } from '../core/routing/table.js';
import { COMMANDS, type SimulateRouteArgs, type WireChangeAnswer, type WireHop, type WireManifest, type WireNamespaceRoutes, type WireRoute, type WireRouteChange, type WireRouteRow } from '../protocol.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: Diagnostic, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: diagnostic.range,
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  if (diagnostic.related) {
    out.relatedInformation = diagnostic.related.map((r) => ({ location: { uri: r.uri ?? uri, range: r.range }, message: r.message }));
  }
  return out;
}

export function toCodeAction(action: QuickFixAction, uri: string): CodeAction {
  return {
    title: action.fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    diagnostics: [toLspDiagnostic(action.diagnostic, uri)],
    edit: { changes: { [uri]: action.fix.edits } },
  };
}

export function toCompletionItem(entry: CompletionEntry): CompletionItem {
  return {
    label: entry.label,
    kind: entry.kind === 'field' ? CompletionItemKind.Property : entry.kind === 'snippet' ? CompletionItemKind.Snippet : CompletionItemKind.Value,
    detail: entry.detail,
    documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range: entry.range, newText: entry.insertText },
    sortText: entry.sortText,
  };
}

export function toDocumentSymbol(node: SymbolNode): DocumentSymbol {
  return {
    name: node.name,
    detail: node.detail,
    kind: node.kind === 'resource' ? SymbolKind.Object : node.kind === 'list' ? SymbolKind.Array : node.kind === 'map' ? SymbolKind.Namespace : SymbolKind.Field,
    range: node.range,
    selectionRange: node.selectionRange,
    children: node.children.map(toDocumentSymbol),
  };
}

export function toHover(result: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range };
}

/** A lens at the start of its line; a route's lens runs the client's simulate command on the route. */
export function toCodeLens(lens: Lens): CodeLens {
  const range = { start: { line: lens.line, character: 0 }, end: { line: lens.line, character: 0 } };
  return { range, command: { title: lens.title, command: lens.simulate ? COMMANDS.simulateRoute : '', arguments: lens.simulate ? [lens.simulate satisfies SimulateRouteArgs] : [] } };
}

export function toInlayHint(hint: InlayHintInfo): InlayHint {
  return { position: hint.position, label: hint.label, paddingLeft: true };
}

/** The core's `RouteRef` has the CLI's 1-based line (its output's format); the wire's is 0-based. */
export function toWireRoute(ref: RouteRef): WireRoute {
  const wire: WireRoute = { kind: ref.kind, name: ref.name, namespace: ref.namespace, file: ref.file, line: ref.line - 1, destination: ref.destination, prefixLen: ref.prefixLen };
  if (ref.routeName !== undefined) wire.routeName = ref.routeName;
  if (ref.inferred !== undefined) wire.inferred = ref.inferred;
  return wire;
}

export function toWireHop(hop: Hop): WireHop {
  const wire: WireHop = {
    destination: hop.destination,
    namespace: hop.namespace,
    ...(hop.infra !== undefined ? { infra: hop.infra } : {}),
    ...(hop.scope !== undefined ? { scope: hop.scope } : {}),
    replicas: [...hop.replicas],
    replicaCount: hop.replicaCount,
    outcome: hop.outcome,
    route: hop.route ? toWireRoute(hop.route) : null,
    nextHop: hop.nextHop,
    vlan: hop.vlan,
    interface: hop.interface,
    source: hop.source,
    sourceAddresses: [...hop.sourceAddresses],
    sourceCandidates: hop.sourceCandidates.map((c) => [...c]),
  };
  if (hop.sourcePool !== undefined) wire.sourcePool = hop.sourcePool;
  if (hop.sourcesByEgress) wire.sourcesByEgress = hop.sourcesByEgress.map((e) => ({ ...e, appNamespaces: [...e.appNamespaces], sourceAddresses: [...e.sourceAddresses] }));
  return wire;
}

export function toWireRouteRow(row: RouteRow): WireRouteRow {
  return {
    prefix: row.prefix,
    type: row.type,
    replicas: [...row.replicas],
    nextHop: row.nextHop,
    vlan: row.vlan,
    interface: row.interface,
    sourceAddresses: [...row.sourceAddresses],
    active: row.active,
    route: toWireRoute(row.route),
  };
}

export function toWireManifest(manifest: Manifest): WireManifest {
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    name: manifest.name,
    namespace: manifest.namespace,
    line: manifest.line,
    endLine: manifest.endLine,
    body: manifest.body,
    refusal: manifest.refusal && { line: manifest.refusal.line, message: manifest.refusal.message },
    fieldLines: manifest.fieldLines.map((field) => ({ path: [...field.path], line: field.line })),
  };
}

/** A table with its rows (`routeRows(table)`, computed by the caller), as `spk/routeTable` answers. */
export function toWireNamespaceRoutes(table: RouteTable, rows: readonly RouteRow[]): WireNamespaceRoutes {
  return {
    namespace: table.namespace,
    ...(table.infra !== undefined ? { infra: table.infra } : {}),
    ...(table.scope !== undefined ? { scope: table.scope } : {}),
    replicaCount: table.replicaCount,
    routes: rows.map(toWireRouteRow),
  };
}

function toWireChangeAnswer(answer: DiffAnswer): WireChangeAnswer {
  const route = answer.route && { kind: answer.route.kind, name: answer.route.name, namespace: answer.route.namespace, file: answer.route.file, line: answer.route.line - 1, routeName: answer.route.routeName ?? null };
  return { outcome: answer.outcome, nextHop: answer.nextHop, vlan: answer.vlan, interface: answer.interface, route, text: describeAnswer(answer) };
}

/** A routing diff's group; `summary` and `line` are the CLI's words (core/routing/diff.ts). */
export function toWireRouteChange(change: RouteChange): WireRouteChange {
  return {
    namespace: change.namespace,
    infra: change.infra ?? null,
    scope: change.scope ?? null,
    replicas: [...change.replicas],
    replicaCount: change.replicaCount,
    prefixes: [...change.prefixes],
    before: toWireChangeAnswer(change.before),
    after: toWireChangeAnswer(change.after),
    summary: changeSummary(change),
    line: formatChange(change),
  };
}
