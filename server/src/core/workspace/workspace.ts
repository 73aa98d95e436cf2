// Every YAML file of the workspace, and from them one routing table per namespace. A namespace's
// table, and its cross-file checks, are rebuilt only when one of its resources changed or moved.
// A scope (a folder the user marks as one deployment, see `setScopes`) has tables of its own: its
// resources share tables only with each other, so alternatives kept side by side never conflict.
import { parseIp } from '../net/index.js';
import type { DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import { FileModel, type FileDocument, type PreparedText } from './fileModel.js';
import type { ResourceRole } from '../resources/kinds.js';
import { isTemplated } from '../yaml/templates.js';
import { lookupRoute, type Hop } from '../routing/lookup.js';
import { resourceFacts, type ResourceFacts } from '../routing/routeFacts.js';
import { buildRouteTable, routeEntries, updateRouteTable, type RouteEntry, type RouteTable } from '../routing/table.js';
import { checkRouteTable, checkRouteTableAfter, type PlacedDiagnostic, type TableChecks } from '../diagnostics/tableChecks.js';
import { checkVlanSet } from '../diagnostics/vlanSetChecks.js';
import { checkEgressSet, vlanFactsOf } from '../diagnostics/egressSetChecks.js';
import { sameTranslation, translationsOf, type SourceTranslation } from '../routing/source.js';
import type { Diagnostic } from '../diagnostics/rules.js';
import { readRouteTest } from '../routeTests/read.js';
import { runRouteTest, type RouteTestRun } from '../routeTests/run.js';
import { SchemaRegistry, type PlacedCrd } from '../resources/schemaSources.js';
import { CrdReader } from '../resources/crd/crdDocuments.js';

/** One resource where it stands now: its file, its document (whose line an edit above moves), its analysis. */
interface Placement {
  uri: string;
  document: FileDocument;
  /** The document's line when the placement was last grouped: a move re-checks what its findings show. */
  line: number;
  analysis: DocumentAnalysis;
  /** The table it joins (a RouteTest: reads), and its resource's role. */
  key: string;
  role: ResourceRole;
  /** The workspace's grouping it was made in (see `Workspace.groupings`). */
  grouping: number;
  /** Its routes and connected networks, once asked for. */
  entries?: RouteEntry[];
}

/** A file's resources by the table they join (never a RouteTest), made once per list of documents. */
interface FileParts {
  documents: readonly FileDocument[];
  grouping: number;
  byKey: Map<string, Placement[]>;
  /** The tables its resources join or (a RouteTest) read. */
  keys: string[];
}

interface NamespaceState {
  /** The grouping the state was last checked against. */
  grouping: Map<string, Placement[][]>;
  /** Each file's placements in the table, in file order. */
  parts: Placement[][];
  placements: Placement[];
  /** The placements of VLANs and VXLANs, of egresses, of SNAT pools. */
  vlans: Placement[];
  egresses: Placement[];
  snatpools: Placement[];
  table: RouteTable;
  /** Whether any resource but an Infra is in the namespace (else it has no F5SPK table to show). */
  hasSpk: boolean;
  /** Each Infra's own table, by Infra name (copies of one Infra share one), in name order. */
  infraTables: RouteTable[];
  /** The table's cross-file checks, computed when first asked for. */
  diagnostics?: PlacedDiagnostic[];
  /** The F5SPK table's route checks, once computed: the next state's checks start from them. */
  routeChecks?: TableChecks;
  /** When the table was patched (not built): the checks to start from and the prefixes changed since. */
  patchedFrom?: { checks: TableChecks; changedKeys: Set<string> };
}

export const DEFAULT_NAMESPACE = 'default';

/** Files of a table that may change before it is asked for again and still have it patched. */
const PATCHED_FILE_CHANGES = 2;

const factsCache = new WeakMap<DocumentAnalysis, ResourceFacts>();

function factsOf(analysis: DocumentAnalysis): ResourceFacts {
  let facts = analysis.facts ?? factsCache.get(analysis);
  if (!facts) factsCache.set(analysis, (facts = resourceFacts(analysis.resource!, analysis.text)));
  return facts;
}

export class Workspace {
  private readonly files = new Map<string, FileModel>();
  private readonly namespaceStates = new Map<string, NamespaceState>();
  private grouped: Map<string, Placement[][]> | undefined;
  /** Each file's resources by table, kept until its documents or the grouping change. */
  private readonly fileParts = new Map<string, FileParts>();
  /** The placement last made for a document, reused while it stands at the same line in the same table. */
  private readonly placementOf = new WeakMap<FileDocument, Placement>();
  /** The files with a resource in each namespace, kept up to date by every change (no regrouping). */
  private readonly filesByNamespace = new Map<string, Set<string>>();
  private readonly checks: boolean;
  /** The schema sources: CRDs of the cluster and of the files, then the bundled schemas. */
  readonly schemas: SchemaRegistry;
  private readonly crdReader = new CrdReader();
  /** CRD documents of a file that cannot be used, with why (1-based lines). */
  private readonly crdProblems = new Map<string, { line: number; message: string }[]>();
  /** Scope folders (URIs without a trailing slash), longest first. */
  private scopes: string[] = [];
  /** Per table, the files changed since its state was last made (see `noteChange`). */
  private readonly changedFiles = new Map<string, number>();
  /** Counts the changes of scopes and default namespace, which move files to other tables. */
  private groupings = 0;

  /**
   * `checks: false` is the routes-only mode of one-shot commands (simulate, table): documents are
   * read for their resources and routes, and no diagnostics are computed. `schemas`: the schema
   * sources to use (default: a registry with the bundled schemas).
   */
  constructor(private defaultNamespace = DEFAULT_NAMESPACE, options: { checks?: boolean; schemas?: SchemaRegistry } = {}) {
    this.checks = options.checks ?? true;
    this.schemas = options.schemas ?? new SchemaRegistry();
  }

  setDefaultNamespace(namespace: string): void {
    if (namespace === this.defaultNamespace) return;
    this.defaultNamespace = namespace;
    this.regroup();
  }

  /**
   * The folders that are scopes of their own (each holds a `.spk-scope` marker): a file's resources
   * join the tables of the innermost scope folder that contains it, or the workspace's. Returns
   * every file when the scopes change (all tables may), else none.
   */
  setScopes(folders: Iterable<string>): string[] {
    const next = [...new Set([...folders].map((f) => f.replace(/\/+$/, '')))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (next.length === this.scopes.length && next.every((f, i) => f === this.scopes[i])) return [];
    this.scopes = next;
    this.regroup();
    return this.uris();
  }

  /** The scope folder of a file, or undefined for the workspace's own. */
  scopeOf(uri: string): string | undefined {
    return this.scopes.find((folder) => uri.startsWith(`${folder}/`));
  }

  private regroup(): void {
    this.groupings++;
    this.grouped = undefined;
    this.filesByNamespace.clear();
    for (const uri of this.files.keys()) this.index(uri, [], this.keysOf(uri));
  }

  /**
   * The analyses `setFile(uri, text)` will need, made one document per step (a caller that lets
   * other work run between steps then blocks for no whole file); hand the result to `setFile`.
   */
  prepareFile(uri: string, text: string): Generator<PreparedText, PreparedText | undefined> {
    return FileModel.prepare(this.files.get(uri), text, { checks: this.checks, schemas: this.schemas });
  }

  /**
   * Sets a file's text; returns the files whose diagnostics the change may touch (see `affected`).
   * `prepared`: from `prepareFile` (used when the file and the schemas are as they were then).
   */
  setFile(uri: string, text: string, prepared?: PreparedText): string[] {
    const before = this.keysOf(uri);
    // A file's CRDs are read first: its own documents are checked against them.
    const kinds = this.readCrds(uri, text);
    const model = this.files.get(uri);
    if (model) model.update(text, prepared);
    else this.files.set(uri, new FileModel(text, { checks: this.checks, schemas: this.schemas }, prepared));
    this.grouped = undefined;
    return this.withKinds(this.affected(uri, before), kinds);
  }

  /** Forgets a file; returns the files whose diagnostics that may touch. */
  removeFile(uri: string): string[] {
    const before = this.keysOf(uri);
    if (this.files.delete(uri)) this.grouped = undefined;
    this.fileParts.delete(uri);
    this.crdProblems.delete(uri);
    return this.withKinds(this.affected(uri, before), this.schemas.setSource(`workspace:${uri}`, 'workspace', []));
  }

  /**
   * CRDs of a file that is not itself checked (the CLI's `--crds PATH`), as a workspace source;
   * returns the files whose diagnostics that may touch.
   */
  setCrdFile(uri: string, text: string): string[] {
    return this.refreshKinds(this.readCrds(uri, text));
  }

  /** The CRDs read from a cluster context, over the workspace's; an empty list forgets them. */
  setClusterCrds(context: string, crds: PlacedCrd[]): string[] {
    return this.refreshKinds(this.schemas.setSource(`cluster:${context}`, 'cluster', crds, context));
  }

  /** The CRD documents of a file that cannot be used, and the problems of those that can (1-based lines). */
  crdProblemsOf(uri: string): readonly { line: number; message: string }[] {
    return this.crdProblems.get(uri) ?? [];
  }

  /** Reads the CRDs of a file into the schema sources; returns the kinds whose schema may have changed. */
  private readCrds(uri: string, text: string): Set<string> {
    const found = this.crdReader.read(uri, text);
    if (found.problems.length) this.crdProblems.set(uri, found.problems);
    else this.crdProblems.delete(uri);
    return this.schemas.setSource(`workspace:${uri}`, 'workspace', found.crds);
  }

  /** The affected files of a change, and when CRDs changed, every file with a document of their kinds. */
  private withKinds(affected: string[], kinds: ReadonlySet<string>): string[] {
    return kinds.size ? [...new Set([...affected, ...this.refreshKinds(kinds)])] : affected;
  }

  /** Analyses again every document of the kinds (their schema changed); returns the files that touches. */
  private refreshKinds(kinds: ReadonlySet<string>): string[] {
    if (kinds.size === 0) return [];
    const out = new Set<string>();
    for (const [uri, model] of this.files) {
      if (!model.hasKinds(kinds)) continue;
      // The tables the file is in now, as the index holds them.
      const before = [...this.filesByNamespace].filter(([, files]) => files.has(uri)).map(([key]) => key);
      if (!model.refresh(kinds)) continue;
      this.grouped = undefined;
      for (const affected of this.affected(uri, before)) out.add(affected);
    }
    return [...out];
  }

  /** The file and every file that shares a table with it, before or after a change. */
  private affected(uri: string, keysBefore: string[]): string[] {
    const after = this.keysOf(uri);
    this.index(uri, keysBefore, after);
    for (const key of new Set([...keysBefore, ...after])) this.noteChange(key);
    return [...new Set([uri, ...this.urisIn([...keysBefore, ...after])])];
  }

  /**
   * A table whose files change one after the other before it is asked for again (a branch switch,
   * a search and replace) will be built again, not patched: its state goes now, so the old
   * placements are not kept beside the new ones until then.
   */
  private noteChange(key: string): void {
    const count = (this.changedFiles.get(key) ?? 0) + 1;
    this.changedFiles.set(key, count);
    if (count > PATCHED_FILE_CHANGES) this.namespaceStates.delete(key);
  }

  private index(uri: string, before: readonly string[], after: readonly string[]): void {
    for (const namespace of before) {
      if (after.includes(namespace)) continue;
      const files = this.filesByNamespace.get(namespace);
      files?.delete(uri);
      if (files?.size === 0) this.filesByNamespace.delete(namespace);
    }
    for (const namespace of after) {
      let files = this.filesByNamespace.get(namespace);
      if (!files) this.filesByNamespace.set(namespace, (files = new Set()));
      files.add(uri);
    }
  }

  file(uri: string): FileModel | undefined {
    return this.files.get(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** The namespace a resource's table is; undefined when a template fills it in (it joins no table). */
  namespaceOf(analysis: DocumentAnalysis): string | undefined {
    // A RouteTest is in the namespace it tests (spec.namespace), so that a change there reaches it.
    const resource = analysis.resource;
    const namespace = resource?.role === 'routeTest' ? readRouteTest(resource).namespace : resource?.namespace;
    if (namespace === undefined) return this.defaultNamespace;
    return isTemplated(namespace) ? undefined : namespace;
  }

  /** Every namespace with a resource, in any scope. */
  namespaces(): string[] {
    return [...new Set([...this.placementsByNamespace().keys()].map((key) => splitKey(key).namespace))].sort();
  }

  /** Namespaces with a resource in the file. */
  namespacesOf(uri: string): string[] {
    return [...new Set(this.keysOf(uri).map((key) => splitKey(key).namespace))];
  }

  /** The tables (namespace and scope) the file's resources join. */
  private keysOf(uri: string): string[] {
    return this.partsOf(uri)?.keys ?? [];
  }

  /**
   * A file's resources by table. Asked several times per change of a file: kept until its
   * documents, the scopes or the default namespace change; a document that stays where it was
   * keeps its placement (and so its routes).
   */
  private partsOf(uri: string): FileParts | undefined {
    const model = this.files.get(uri);
    if (!model) return undefined;
    const cached = this.fileParts.get(uri);
    if (cached && cached.documents === model.documents && cached.grouping === this.groupings) return cached;
    const scope = this.scopeOf(uri);
    const byKey = new Map<string, Placement[]>();
    const keys = new Set<string>();
    // Most documents of a file are in one table: the last one's list is at hand.
    let lastKey: string | undefined;
    let lastList: Placement[] | undefined;
    // Tables with a document that moved: their placements stand, but their findings are looked at again.
    const moved = new Set<string>();
    const documents = model.documents;
    for (let i = 0; i < documents.length; i++) {
      const doc = documents[i]!;
      const analysis = doc.analysis;
      const resource = analysis.resource;
      if (!resource) continue;
      let placement = this.placementOf.get(doc);
      if (!placement || placement.grouping !== this.groupings || placement.analysis !== analysis || placement.uri !== uri) {
        const namespace = this.namespaceOf(analysis);
        if (namespace === undefined) continue;
        placement = { uri, document: doc, line: doc.line, analysis, key: tableKey(namespace, scope), role: resource.role, grouping: this.groupings };
        this.placementOf.set(doc, placement);
      } else if (placement.line !== doc.line) {
        placement.line = doc.line;
        moved.add(placement.key);
      }
      const key = placement.key;
      if (key !== lastKey) {
        keys.add(key);
        lastKey = key;
        lastList = byKey.get(key);
        if (!lastList) byKey.set(key, (lastList = []));
      }
      // A RouteTest joins no table: it only reads one.
      if (placement.role !== 'routeTest') lastList!.push(placement);
    }
    for (const [key, list] of byKey) if (!list.length) byKey.delete(key);
    // A table whose part of the file is as it was keeps the same list: its state stands.
    for (const [key, list] of byKey) {
      const before = cached?.byKey.get(key);
      if (before && !moved.has(key) && before.length === list.length && before.every((p, i) => p === list[i])) byKey.set(key, before);
    }
    const parts: FileParts = { documents: model.documents, grouping: this.groupings, byKey, keys: [...keys] };
    this.fileParts.set(uri, parts);
    return parts;
  }

  /** Files with a resource in any of the tables (a namespace, in a scope when it has one). */
  urisIn(keys: Iterable<string>): string[] {
    const uris = new Set<string>();
    for (const key of keys) for (const uri of this.filesByNamespace.get(key) ?? []) uris.add(uri);
    return [...uris];
  }

  /**
   * Every table, in namespace order, the workspace's before its scopes': a namespace's F5SPK table
   * (when it has a resource other than an Infra), then each of its Infras' own tables. `namespace`:
   * that namespace's only, in every scope.
   */
  tables(namespace?: string): RouteTable[] {
    const keys = [...this.placementsByNamespace().keys()]
      .map((key) => ({ key, ...splitKey(key) }))
      .filter((k) => namespace === undefined || k.namespace === namespace)
      .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : (a.scope ?? '') < (b.scope ?? '') ? -1 : 1));
    if (namespace !== undefined && !keys.length) keys.push({ key: namespace, namespace, scope: undefined });
    return keys.flatMap(({ key }) => this.tablesOf(key));
  }

  /** The namespace's F5SPK table in the workspace's own scope (an Infra's routes are never in it), or one Infra's own table. */
  table(namespace: string, infra?: string): RouteTable {
    const state = this.state(namespace);
    if (infra === undefined) return state.table;
    return state.infraTables.find((t) => t.infra === infra) ?? buildRouteTable(namespace, [], undefined, infra);
  }

  private tablesOf(key: string): RouteTable[] {
    const state = this.state(key);
    return [...(state.hasSpk || !state.infraTables.length ? [state.table] : []), ...state.infraTables];
  }

  /** The routes that the file's resources add, with the table they are in. */
  routesOf(uri: string): { table: RouteTable; entry: RouteEntry }[] {
    return this.keysOf(uri).flatMap((key) => {
      const state = this.state(key);
      return [state.table, ...state.infraTables].flatMap((table) => table.entries.filter((entry) => entry.resource.uri === uri).map((entry) => ({ table, entry })));
    });
  }

  /** The file's own diagnostics and those of the route tables it takes part in. */
  diagnostics(uri: string): Diagnostic[] {
    const model = this.files.get(uri);
    if (!model || !this.checks) return [];
    const out = model.diagnostics();
    for (const key of this.keysOf(uri)) {
      const state = this.state(key);
      state.diagnostics ??= namespaceChecks(state, splitKey(key).namespace);
      for (const placed of state.diagnostics) if (placed.uri === uri) out.push(placed.diagnostic);
    }
    for (const run of this.routeTests(uri)) out.push(...run.diagnostics);
    return out;
  }

  /**
   * The file's RouteTests, each run against the table of the namespace it tests in the file's scope
   * (its F5SPK table, or for a namespace with only Infras its first Infra's), again only when that
   * table changed.
   */
  routeTests(uri: string): RouteTestRun[] {
    const model = this.files.get(uri);
    if (!model || !this.checks) return [];
    const scope = this.scopeOf(uri);
    const out: RouteTestRun[] = [];
    for (const doc of model.documents) {
      if (doc.analysis.resource?.role !== 'routeTest') continue;
      const namespace = this.namespaceOf(doc.analysis);
      if (namespace !== undefined) out.push(runRouteTest(doc.analysis, this.tablesOf(tableKey(namespace, scope))[0]!, doc.line));
    }
    return out;
  }

  /** Where traffic to `destination` goes, from one namespace or from each. Throws on a bad address. */
  simulate(destination: string, namespace?: string): Hop[] {
    return this.simulateAll([destination], namespace);
  }

  /** Many destinations, destination by destination, each from one namespace or from each. */
  simulateAll(destinations: readonly string[], namespace?: string): Hop[] {
    const tables = this.tables(namespace);
    const hops: Hop[] = [];
    for (const destination of destinations) {
      const parsed = parseIp(destination.trim());
      if (!parsed.ok) throw new RangeError(parsed.reason);
      for (const table of tables) hops.push(...lookupRoute(table, parsed.address));
    }
    return hops;
  }

  /** Each table's placements, as a list of each file's, in file order. */
  private placementsByNamespace(): Map<string, Placement[][]> {
    if (this.grouped) return this.grouped;
    const grouped = new Map<string, Placement[][]>();
    for (const uri of this.files.keys()) {
      for (const [key, list] of this.partsOf(uri)!.byKey) {
        const parts = grouped.get(key);
        if (parts) parts.push(list);
        else grouped.set(key, [list]);
      }
    }
    for (const key of this.namespaceStates.keys()) if (!grouped.has(key)) this.namespaceStates.delete(key);
    return (this.grouped = grouped);
  }

  /** A table's state by its key (a namespace, with its scope when it has one). */
  private state(key: string): NamespaceState {
    const grouped = this.placementsByNamespace();
    const cached = this.namespaceStates.get(key);
    // Checked once per regrouping: until a file changes, the state stands.
    if (cached && cached.grouping === grouped) return cached;
    this.changedFiles.delete(key);
    const { namespace, scope } = splitKey(key);
    const parts = grouped.get(key) ?? [];
    if (cached && sameParts(cached.parts, parts)) {
      cached.grouping = grouped;
      return cached;
    }
    const placements: Placement[] = [];
    const entries: RouteEntry[] = [];
    const vlans: Placement[] = [];
    const egresses: Placement[] = [];
    const snatpools: Placement[] = [];
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const p = part[i]!;
        placements.push(p);
        const role = p.role;
        if (role === 'staticRoute' || role === 'vlan' || role === 'vxlan') {
          const own = (p.entries ??= entriesOf(p, namespace));
          for (let j = 0; j < own.length; j++) entries.push(own[j]!);
          if (role !== 'staticRoute') vlans.push(p);
        } else if (role === 'egress') egresses.push(p);
        else if (role === 'snatpool') snatpools.push(p);
      }
    }
    const translations = translationsOf(egresses.map((p) => p.analysis.resource!), snatpools.map((p) => p.analysis.resource!));
    // An edit of a few routes patches the table and re-checks only their prefixes (issue 15).
    const patch = cached && patchOf(cached, placements, entries, translations);
    const table = patch?.table ?? buildRouteTable(namespace, entries, translations, undefined, scope);
    // BNK 2.4 in GatewaySettings mode ignores the F5SPK kinds: each Infra routes on its own (seen).
    const byInfra = new Map<string, Placement[]>();
    for (const p of placements) {
      if (p.role !== 'infra') continue;
      const resource = p.analysis.resource!;
      const name = resource.name ?? '(unnamed)';
      byInfra.set(name, [...(byInfra.get(name) ?? []), p]);
    }
    const infraTables = [...byInfra.keys()].sort().map((name) => buildRouteTable(namespace, byInfra.get(name)!.flatMap((p) => entriesOf(p, namespace)), undefined, name, scope));
    const hasSpk = placements.some((p) => p.role !== 'infra');
    const state: NamespaceState = { grouping: grouped, parts, placements, vlans, egresses, snatpools, table, hasSpk, infraTables };
    const startFrom = cached?.routeChecks ?? cached?.patchedFrom?.checks;
    if (patch && startFrom) {
      const changedKeys = new Set(cached!.routeChecks ? [] : cached!.patchedFrom!.changedKeys);
      for (const k of patch.changedKeys) changedKeys.add(k);
      state.patchedFrom = { checks: startFrom, changedKeys };
    }
    this.namespaceStates.set(key, state);
    return state;
  }
}

/** A table's key: its namespace, and its scope folder when it is not the workspace's. */
function tableKey(namespace: string, scope: string | undefined): string {
  return scope === undefined ? namespace : `${namespace}\u0000${scope}`;
}

function splitKey(key: string): { namespace: string; scope: string | undefined } {
  const at = key.indexOf('\u0000');
  return at < 0 ? { namespace: key, scope: undefined } : { namespace: key.slice(0, at), scope: key.slice(at + 1) };
}

/** A namespace's cross-file checks: its route table, its VLANs and VXLANs, its egresses and SNAT pools. */
function namespaceChecks(state: NamespaceState, namespace: string): PlacedDiagnostic[] {
  const placed = (placements: readonly Placement[]) => placements.map((p) => ({ uri: p.uri, line: p.document.line, text: p.analysis.text, resource: p.analysis.resource! }));
  const vlans = placed(state.vlans);
  state.routeChecks = checkRouteTableAfter(state.table, state.patchedFrom);
  state.patchedFrom = undefined;
  return [
    ...state.routeChecks.diagnostics,
    ...state.infraTables.flatMap(checkRouteTable),
    ...checkVlanSet(vlans, namespace),
    ...checkEgressSet({ namespace, ...vlanFactsOf(vlans), egresses: placed(state.egresses), snatpools: placed(state.snatpools) }),
  ];
}

/**
 * The table of `cached` patched to `entries` (updateRouteTable), when only a few static routes came
 * or went and the source-address translations are the same; else undefined (build it). What came
 * and went is what lies between the placements both lists start and end with (the same objects):
 * an edit touches a few documents, and those around it keep their placements.
 */
function patchOf(cached: NamespaceState, placements: readonly Placement[], entries: RouteEntry[], translations: SourceTranslation[]): { table: RouteTable; changedKeys: Set<string> } | undefined {
  const previous = cached.table;
  if (translations.length !== previous.translations.length || translations.some((t, i) => !sameTranslation(t, previous.translations[i]!))) return undefined;
  const before = cached.placements;
  let start = 0;
  while (start < before.length && start < placements.length && before[start] === placements[start]) start++;
  let end = 0;
  while (end < before.length - start && end < placements.length - start && before[before.length - 1 - end] === placements[placements.length - 1 - end]) end++;
  const removed: RouteEntry[] = [];
  const added: RouteEntry[] = [];
  for (let i = start; i < before.length - end; i++) removed.push(...(before[i]!.entries ?? []));
  for (let i = start; i < placements.length - end; i++) added.push(...(placements[i]!.entries ?? []));
  if (added.length + removed.length > 64) return undefined;
  return updateRouteTable(previous, entries, added, removed);
}

function entriesOf(placement: Placement, namespace: string): RouteEntry[] {
  return routeEntries(placement.analysis.resource!, factsOf(placement.analysis), placement.uri, placement.document, namespace);
}

function sameParts(a: readonly Placement[][], b: readonly Placement[][]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
