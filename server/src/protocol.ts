// What the client and the language server say to each other, typed once for both: the custom
// requests, their plain wire types and the ids of every command the extension contributes.
// Self-contained on purpose: it imports no core module, so the client (which imports only this,
// `vscode` and `vscode-languageclient`) never bundles the analysis, and the core's own types can
// change without changing the wire. The server converts core results to these in `lsp/convert.ts`.
//
// Every line on the wire is 0-based, as in LSP. Only strings, numbers, booleans, nulls and arrays
// (in plain objects): no optional fields in results, `null` for "none".
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

// ---- Commands ---------------------------------------------------------------------------------

/** Every command the extension contributes (package.json `contributes.commands`, in its order). */
export const COMMANDS = {
  /** SPK: Simulate Route… (asks for the destination). */
  simulate: 'spkRoutes.simulate',
  /** SPK: Show Route Table. */
  showRouteTable: 'spkRoutes.showRouteTable',
  /** Refresh of the Route Table view. */
  refreshRouteTable: 'spkRoutes.refreshRouteTable',
  /** Clear of the Simulations view. */
  clearSimulations: 'spkRoutes.clearSimulations',
  /** SPK: Apply Routes to Cluster; argument: the file's `vscode.Uri` (explorer menu), optional. */
  applyRoutes: 'spkRoutes.applyRoutes',
  /** A route's CodeLens: the simulator on the route's prefix; argument: `SimulateRouteArgs`. */
  simulateRoute: 'spkRoutes.simulateRoute',
  /** Opens a route's file at its line; arguments: `RevealRouteArgs`. */
  revealRoute: 'spkRoutes.revealRoute',
  /** SPK: Check Rendered Helm Chart; argument: a file's `vscode.Uri` (explorer menu), optional. */
  checkHelmChart: 'spkRoutes.checkHelmChart',
  /** SPK: Load Schemas from Cluster (kubectl, trust-gated): the context's CRDs, cached per context. */
  loadClusterSchemas: 'spkRoutes.loadClusterSchemas',
  /** Click of the schema sources status bar item: every CRD in use and where it comes from. */
  showSchemaSources: 'spkRoutes.showSchemaSources',
  /** SPK: Show Routing Changes… (against git HEAD, another revision or the cluster). */
  showRoutingChanges: 'spkRoutes.showRoutingChanges',
  /** Refresh of the Routing Changes view (the last comparison again). */
  refreshRoutingChanges: 'spkRoutes.refreshRoutingChanges',
  /** SPK: Show Cluster Routes (the live cluster's tables, conditions and drift). */
  showClusterRoutes: 'spkRoutes.showClusterRoutes',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export interface SimulateRouteArgs {
  destination: string;
  prefixLen: number;
  namespace: string;
  /** A route of a BNK 2.4 Infra: the Infra's name (its table is its own). */
  infra?: string;
}

/** The arguments of `COMMANDS.revealRoute`: a file URI and its 0-based line. */
export type RevealRouteArgs = [file: string, line: number];

// ---- Routes -----------------------------------------------------------------------------------

export type WireOutcome = 'connected' | 'forwarded' | 'unresolved' | 'blackhole' | 'no-route';

/** The resource that holds a route (a static route, or a VLAN's connected network). */
export interface WireRoute {
  /** The resource's kind, e.g. `F5SPKStaticRoute`, `F5SPKVlan`. */
  kind: string;
  name: string;
  namespace: string;
  /** URI of the file. */
  file: string;
  /** 0-based line of the resource's first key in its file. */
  line: number;
  /** The route's network, canonical text, e.g. `10.20.0.0`. */
  destination: string;
  prefixLen: number;
  /** An Infra route's `name` (the line is then the route's list item). */
  routeName?: string;
  /** An Infra range pool's network: how its prefix length was inferred. */
  inferred?: string;
}

/** Where traffic to one destination goes from one namespace, on the TMM replicas in `replicas`. */
export interface WireHop {
  /** The destination, canonical text. */
  destination: string;
  namespace: string;
  /** From a BNK 2.4 Infra's own table (never merged with the namespace's F5SPK table): the Infra's name. */
  infra?: string;
  /** From a scope's table (a folder marked `.spk-scope`): the folder's URI. */
  scope?: string;
  /** 1-based TMM replicas this answer holds for, ascending; replicas that answer alike share one hop. */
  replicas: number[];
  /** The namespace's number of TMM replicas. */
  replicaCount: number;
  outcome: WireOutcome;
  /** The longest match; null for `no-route`. */
  route: WireRoute | null;
  /** The gateway (the destination itself when connected); null when dropped or without a route. */
  nextHop: string | null;
  /** The egress VLAN or VXLAN (its name inside TMM); null over the pod interface or when none is reached. */
  vlan: string | null;
  interface: 'vlan' | 'vxlan' | 'pod' | null;
  /** What the source addresses are: the egress VLAN's self IP (`self-ip`, `automap`), a SNAT pool's address, or the original source (`none`). */
  source: 'self-ip' | 'automap' | 'snatpool' | 'none';
  /** The source address per replica, in `replicas` order; null where the resources give none. */
  sourceAddresses: (string | null)[];
  /** Per replica, every address a SNAT pool list offers of the destination's family. */
  sourceCandidates: string[][];
  sourcePool?: string;
  /** When the namespace's egresses translate differently: each one's sources. */
  sourcesByEgress?: { egress: string; appNamespaces: string[]; source: WireHop['source']; sourceAddresses: (string | null)[]; sourcePool?: string }[];
}

/** One entry of a namespace's effective route table. */
export interface WireRouteRow {
  /** The prefix, canonical CIDR text, e.g. `10.20.0.0/16`. */
  prefix: string;
  type: 'connected' | 'static' | 'blackhole';
  /** 1-based TMM replicas the row holds for. */
  replicas: number[];
  /** The gateway of a static route; null for connected networks and blackholes. */
  nextHop: string | null;
  /** Egress VLAN: the connected network's, or the one the gateway is reached on; null when unresolved. */
  vlan: string | null;
  interface: 'vlan' | 'vxlan' | 'pod' | null;
  sourceAddresses: string[];
  /** False when another route of the same prefix is used instead. */
  active: boolean;
  route: WireRoute;
}

export interface WireNamespaceRoutes {
  namespace: string;
  /** A BNK 2.4 Infra's own table: the Infra's name. */
  infra?: string;
  /** A scope's table (a folder marked `.spk-scope`): the folder's URI. */
  scope?: string;
  /** The namespace's number of TMM replicas: the longest self-IP list of its VLANs, at least 1. */
  replicaCount: number;
  /** Sorted by family, network, then prefix length. */
  routes: WireRouteRow[];
}

// ---- spk/simulate -----------------------------------------------------------------------------

export interface SimulateParams {
  destination: string;
  /** One namespace, or every namespace of the workspace when absent. */
  namespace?: string;
}

/** One hop per namespace asked, or why the destination cannot be looked up. */
export type SimulateResult = { hops: WireHop[] } | { error: string };

export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('spk/simulate');

// ---- spk/checkDestination --------------------------------------------------------------------

export interface CheckDestinationParams {
  /** What the user typed so far. */
  destination: string;
}

export interface CheckDestinationResult {
  /** Why it is not an address to simulate; null when it is, or when it is empty. */
  problem: string | null;
}

export const CheckDestinationRequest = new RequestType<CheckDestinationParams, CheckDestinationResult, void>('spk/checkDestination');

// ---- spk/routeTable ---------------------------------------------------------------------------

export interface RouteTableParams {
  /** One namespace, or every namespace of the workspace when absent. */
  namespace?: string;
}

export interface RouteTableResult {
  tables: WireNamespaceRoutes[];
}

export const RouteTableRequest = new RequestType<RouteTableParams, RouteTableResult, void>('spk/routeTable');

// ---- spk/manifests ----------------------------------------------------------------------------

export interface ManifestsParams {
  /** An open document (the server reads its current text) or a file of the workspace. */
  uri: string;
  /** Only the documents that overlap these 0-based lines, both included. */
  lines?: { from: number; to: number };
}

/** One key or list item of a document and its line, for the cluster's errors about a field. */
export interface WireFieldLine {
  /** e.g. `['spec', 'destination']`, `['spec', 'selfip_v4s', 0]`; `[]` is the whole object. */
  path: (string | number)[];
  /** 0-based line in the file of the key (or the list item). */
  line: number;
}

/** An SPK document of a file, as the object to send to a cluster (or why it is not sent). */
export interface WireManifest {
  /** Empty when the document could not be read as an SPK resource. */
  apiVersion: string;
  kind: string;
  /** `?` when the document could not be read. */
  name: string;
  /** The namespace written in the document; null when none is. */
  namespace: string | null;
  /** 0-based lines of the document in its file, first and last. */
  line: number;
  endLine: number;
  /** What is sent: our JSON of the object as we read it. Empty when refused. */
  body: string;
  /** Why the document is not sent (its line and the words shown); null when it is sent. */
  refusal: { line: number; message: string } | null;
  /** The object's keys and list items with their lines, the root (`[]`) first. */
  fieldLines: WireFieldLine[];
}

/** The SPK documents of a file, or why the server cannot say (the file is neither open nor known). */
export type ManifestsResult = { manifests: WireManifest[] } | { error: string };

export const ManifestsRequest = new RequestType<ManifestsParams, ManifestsResult, void>('spk/manifests');

// ---- spk/helmCheck ----------------------------------------------------------------------------

export interface HelmCheckParams {
  /** A file of the chart (its Chart.yaml, values.yaml, a template): the chart above it is rendered. */
  uri: string;
  /** The helm binary (`spkRoutes.helm.path`, machine-scoped); the client asks only in a trusted workspace. */
  helmPath: string;
  /** How long helm may take. */
  timeoutMs: number;
}

/** A finding of the rendered chart, on a template file. */
export interface WireChartDiagnostic {
  /** 0-based; when not `mapped`, the start of the document's first mapped line (else of the file). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  /** Whether the range is the template's own; otherwise the message quotes the rendered line. */
  mapped: boolean;
}

export interface WireChartFile {
  /** A template of the chart (or its Chart.yaml, for what is in no section of the output). */
  uri: string;
  diagnostics: WireChartDiagnostic[];
}

/**
 * The rendered chart's findings: `chart` is the chart folder's URI (without a final `/`), `files`
 * only those with findings; or why helm could not render it.
 */
export type HelmCheckResult = { chart: string; files: WireChartFile[]; warnings: string } | { error: string };

export const HelmCheckRequest = new RequestType<HelmCheckParams, HelmCheckResult, void>('spk/helmCheck');

// ---- spk/setClusterSchemas --------------------------------------------------------------------

export interface SetClusterSchemasParams {
  /** The kubeconfig context they were read from. */
  context: string;
  /** When kubectl answered (ISO 8601). */
  readAt: string;
  /** The context's CustomResourceDefinition objects (of the SPK groups), as JSON values. Empty: forget the cluster's. */
  crds: unknown[];
}

/**
 * How many of the CRDs the server uses (those it can read), and why the others are left out. The
 * server then governs by them (over the workspace's), forgets the previous context's and republishes
 * the affected files.
 */
export interface SetClusterSchemasResult {
  used: number;
  /** One line per CRD left out: `<name>: <why>`. */
  skipped: string[];
}

export const SetClusterSchemasRequest = new RequestType<SetClusterSchemasParams, SetClusterSchemasResult, void>('spk/setClusterSchemas');

// ---- spk/schemaSources (server → client) -----------------------------------------------------

/** One CRD version in use, and where it was read. */
export interface WireSchemaSource {
  origin: 'cluster' | 'workspace';
  /** `f5-spk-staticroutes.k8s.f5net.com`. */
  crdName: string;
  version: string;
  /** The kinds and apiVersions it governs, e.g. `F5SPKStaticRoute k8s.f5net.com/v1`. */
  kinds: string[];
  /** A workspace CRD's file (URI) and its 1-based line; null for a cluster's. */
  uri: string | null;
  line: number | null;
  /** A cluster CRD's context and when it was read (ISO 8601); null for a workspace's. */
  context: string | null;
  readAt: string | null;
  /** As hovers and diagnostics say it: `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:12`. */
  label: string;
}

export interface SchemaSourcesParams {
  /** Most important first: the cluster's, then the workspace's. */
  sources: WireSchemaSource[];
  /** Whether every other SPK kind and version keeps the bundled schema. */
  bundled: boolean;
}

/** Sent once the server has started and again whenever the schemas in use change. */
export const SchemaSourcesNotification = new NotificationType<SchemaSourcesParams>('spk/schemaSources');
// ---- spk/routingChanges -----------------------------------------------------------------------

/** Objects of a cluster (or any set of objects), each as kubectl's JSON gives it: read as a route set of their own. */
export interface DocumentsSide {
  documents: unknown[];
}

export interface RoutingChangesParams {
  /**
   * The OLD side: the workspace folders' YAML files at a git revision (read by the server with git,
   * as `spk-route diff --base`; the client asks only in a trusted workspace), or a set of objects.
   */
  base: { git: string } | DocumentsSide;
  /** The NEW side: the workspace as the server holds it (unsaved edits included) when absent. */
  target?: DocumentsSide;
}

/** Where an answer's route is written (a cluster object: a `spk-cluster:` URI, line 0). */
export interface WireChangeRoute {
  kind: string;
  name: string;
  namespace: string;
  /** URI of the file. */
  file: string;
  /** 0-based line of the resource (of an Infra route: its list item). */
  line: number;
  /** An Infra route's `name`; null for other kinds. */
  routeName: string | null;
}

/** What the addresses of a change do on one side. */
export interface WireChangeAnswer {
  outcome: WireOutcome;
  /** The gateway; null where each address is its own next hop, dropped or without a route. */
  nextHop: string | null;
  vlan: string | null;
  interface: 'vlan' | 'vxlan' | 'pod' | null;
  route: WireChangeRoute | null;
  /** `→ 10.10.0.1 on external (route-a)`, as the CLI prints it. */
  text: string;
}

/** One group of changed destinations of a table, on the replicas in `replicas`. */
export interface WireRouteChange {
  namespace: string;
  /** A BNK 2.4 Infra's own table: the Infra's name; null otherwise. */
  infra: string | null;
  /** A scope's table (a folder marked `.spk-scope`): the folder's URI; null otherwise. */
  scope: string | null;
  /** 1-based TMM replicas, ascending. */
  replicas: number[];
  replicaCount: number;
  /** Disjoint CIDR prefixes, IPv4 first. */
  prefixes: string[];
  before: WireChangeAnswer;
  after: WireChangeAnswer;
  /** `10.20.0.0/16  → 10.10.0.1 on external (route-a)  ⇒  → 10.10.255.252 on external (route-b)`. */
  summary: string;
  /** The CLI's line: the table and replicas, then the summary (control characters escaped). */
  line: string;
}

/** The changes, in the CLI's order; or why the base cannot be read (not a repository, an unknown revision). */
export type RoutingChangesResult = { changes: WireRouteChange[]; warnings: string[] } | { error: string };

export const RoutingChangesRequest = new RequestType<RoutingChangesParams, RoutingChangesResult, void>('spk/routingChanges');

// ---- spk/documentTables -----------------------------------------------------------------------

/** The route tables of a set of objects (a cluster's), built as the workspace's are. */
export const DocumentTablesRequest = new RequestType<DocumentsSide, RouteTableResult, void>('spk/documentTables');

// ---- spk/workspaceManifests -------------------------------------------------------------------

export interface WireFileManifests {
  uri: string;
  manifests: WireManifest[];
}

/** Every SPK document of the workspace (open documents as they are), as `spk/manifests` gives a file's. */
export const WorkspaceManifestsRequest = new RequestType<Record<string, never>, { files: WireFileManifests[] }, void>('spk/workspaceManifests');
