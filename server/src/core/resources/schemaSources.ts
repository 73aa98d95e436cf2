// Where a document's schema comes from, in order of precedence: CRDs loaded from a cluster, then
// CustomResourceDefinition documents of the workspace (or files given to the CLI), then the bundled
// schemas. A CRD governs exactly the (group, version, kind) it serves; other versions and kinds keep
// the bundled schema. Only SPK kinds (kinds.ts) are governed: other kinds get no checks at all.
import type { ValidateFunction } from 'ajv';
import { isSpkResourceKind, KIND_ROLES } from './kinds.js';
import { apiVersionsOf, findSchema, type KindSchema } from './schemas.js';
import { readCrd, type CrdDefinition, type CrdVersion } from './crd/crd.js';

/** What recognition asks of the schema sources. */
export interface SchemaLookup {
  lookup(apiVersion: unknown, kind: string): KindSchema | undefined;
  apiVersionsOf(kind: string): string[];
}

export type SchemaOrigin = 'cluster' | 'workspace';

/** A CRD as one source holds it: where it was read. */
export interface PlacedCrd {
  crd: CrdDefinition;
  /** The file (workspace) or cluster context it was read from. */
  uri?: string;
  /** 1-based line of the version's `openAPIV3Schema` (or of the document) in that file. */
  lines?: Record<string, number>;
  /** When it was read from the cluster (ISO 8601). */
  readAt?: string;
}

export interface CrdSchemaSource {
  origin: SchemaOrigin;
  crdName: string;
  version: string;
  uri?: string;
  line?: number;
  context?: string;
  readAt?: string;
}

/** A KindSchema served by a CRD: checked by its own validator, not by ajv. */
export interface CrdKindSchema extends KindSchema {
  source: CrdSchemaSource;
  /** `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:12`. */
  label: string;
  crd: CrdVersion;
}

export function isCrdSchema(schema: KindSchema): schema is CrdKindSchema {
  return 'crd' in schema && (schema as CrdKindSchema).crd !== undefined;
}

const ACCEPT_ALL = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;

/** What every CRD-sourced message and hover says: `schema: CRD f5-spk-staticroutes.k8s.f5net.com v1, crds/spk.yaml:12`. */
export function sourceLabel(source: CrdSchemaSource, describeUri: (uri: string) => string = defaultUriLabel): string {
  const where = source.origin === 'cluster'
    ? `cluster ${source.context ?? ''}${source.readAt ? ` (read ${source.readAt})` : ''}`.trimEnd()
    : source.uri ? `${describeUri(source.uri)}${source.line ? `:${source.line}` : ''}` : '';
  return `schema: CRD ${source.crdName} ${source.version}${where ? `, ${where}` : ''}`;
}

function defaultUriLabel(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : uri;
}

/**
 * The CRDs read from a cluster as a source holds them (each with the time it was read); those that
 * cannot be used are in `skipped` (`<name>: <why>`).
 */
export function clusterCrds(docs: readonly unknown[], readAt: string): { crds: PlacedCrd[]; skipped: string[] } {
  const crds: PlacedCrd[] = [];
  const skipped: string[] = [];
  for (const doc of docs) {
    const crd = readCrd(doc);
    if (typeof crd !== 'string') crds.push({ crd, readAt });
    else skipped.push(`${String((doc as { metadata?: { name?: unknown } } | null)?.metadata?.name ?? '(no name)')}: ${crd}`);
  }
  return { crds, skipped };
}

/** A CRD version in use: where it comes from, how messages name it, and what it governs. */
export interface CrdInUse {
  source: CrdSchemaSource;
  label: string;
  /** `F5SPKStaticRoute k8s.f5net.com/v1`, sorted. */
  kinds: string[];
}

/** One line per source in use, for the output channel and `lint --list-schemas`-like summaries. */
export interface SchemaSourceSummary {
  label: string;
  kinds: string[];
}

/**
 * The schemas in use. `bundled: false` (the CLI's `--no-bundled-schemas`): a kind at a version no
 * CRD serves is still read for its routes, but its schema is not checked.
 */
export class SchemaRegistry implements SchemaLookup {
  private readonly sources = new Map<string, { origin: SchemaOrigin; crds: PlacedCrd[]; context?: string }>();
  /** (apiVersion, kind) → schema, rebuilt when a source changes. */
  private index: Map<string, CrdKindSchema> | undefined;
  private readonly bundledOff = new Map<string, KindSchema>();
  private uriLabel: (uri: string) => string = defaultUriLabel;
  /** Bumped by every change: analyses made under another generation may be stale. */
  generation = 0;
  /** Called after the sources changed (the LSP lists them in its output channel). */
  onChange: (() => void) | undefined;

  constructor(readonly options: { bundled?: boolean } = {}) {}

  /** How messages name a file (the LSP: relative to the workspace folder; the CLI: to the current folder). */
  set describeUri(label: (uri: string) => string) {
    this.uriLabel = label;
    this.index = undefined;
    this.generation++;
  }
  get describeUri(): (uri: string) => string {
    return this.uriLabel;
  }

  get bundled(): boolean {
    return this.options.bundled !== false;
  }

  /**
   * Sets the CRDs of one source (`workspace:<uri>`, `cluster:<context>`); returns the kinds whose
   * schema may have changed (empty when nothing did).
   */
  setSource(key: string, origin: SchemaOrigin, crds: PlacedCrd[], context?: string): Set<string> {
    const before = this.sources.get(key);
    if (!before && crds.length === 0) return new Set();
    const kinds = new Set<string>([...(before?.crds ?? []), ...crds].map((c) => c.crd.kind));
    if (before && sameCrds(before.crds, crds)) return new Set();
    if (crds.length === 0) this.sources.delete(key);
    else this.sources.set(key, { origin, crds, ...(context ? { context } : {}) });
    this.index = undefined;
    this.generation++;
    this.onChange?.();
    return kinds;
  }

  /** The schema of a document: a CRD's, else the bundled one (or, without bundled schemas, one that checks nothing). */
  lookup(apiVersion: unknown, kind: string): KindSchema | undefined {
    if (typeof apiVersion === 'string') {
      const crd = this.crdIndex().get(`${apiVersion}\u0000${kind}`);
      if (crd) return crd;
    }
    const bundled = findSchema(apiVersion, kind);
    if (!bundled || this.bundled) return bundled;
    let off = this.bundledOff.get(`${bundled.apiVersion}\u0000${kind}`);
    if (!off) this.bundledOff.set(`${bundled.apiVersion}\u0000${kind}`, (off = { ...bundled, schema: {}, validate: () => ACCEPT_ALL }));
    return off;
  }

  /** Every apiVersion a kind is known at: the CRDs' and the bundled ones. */
  apiVersionsOf(kind: string): string[] {
    const versions = new Set<string>();
    for (const schema of this.crdIndex().values()) if (schema.kind === kind) versions.add(schema.apiVersion);
    for (const v of apiVersionsOf(kind)) versions.add(v);
    return [...versions];
  }

  /** Whether any CRD is in use. */
  hasCrds(): boolean {
    return this.sources.size > 0;
  }

  /** The sources in use, most important first, with the kinds each one governs. */
  summary(): SchemaSourceSummary[] {
    const out: SchemaSourceSummary[] = this.crdsInUse().map(({ label, kinds }) => ({ label, kinds }));
    out.push({ label: this.bundled ? 'schema: bundled (every other SPK kind and version)' : 'bundled schemas: off (--no-bundled-schemas)', kinds: [] });
    return out;
  }

  /** Each CRD version that governs a kind, the cluster's first, with the kinds it governs. */
  crdsInUse(): CrdInUse[] {
    const used = new Map<string, CrdInUse>();
    for (const schema of this.crdIndex().values()) {
      let entry = used.get(schema.label);
      if (!entry) used.set(schema.label, (entry = { source: schema.source, label: schema.label, kinds: [] }));
      entry.kinds.push(`${schema.kind} ${schema.apiVersion}`);
    }
    for (const entry of used.values()) entry.kinds.sort();
    return [...used.values()].sort((a, b) => Number(b.source.origin === 'cluster') - Number(a.source.origin === 'cluster'));
  }

  private crdIndex(): Map<string, CrdKindSchema> {
    if (this.index) return this.index;
    const index = new Map<string, CrdKindSchema>();
    // Workspace files in uri order, then clusters over them: the later one wins.
    const ordered = [...this.sources.entries()].sort(([a, x], [b, y]) => (x.origin === y.origin ? (a < b ? 1 : a > b ? -1 : 0) : x.origin === 'cluster' ? 1 : -1));
    for (const [, source] of ordered) {
      for (const placed of source.crds) {
        const role = KIND_ROLES[placed.crd.kind];
        for (const version of placed.crd.versions) {
          if (!role || !isSpkResourceKind(placed.crd.kind, version.apiVersion)) continue;
          const crdSource: CrdSchemaSource = {
            origin: source.origin,
            crdName: placed.crd.name,
            version: version.version,
            ...(placed.uri && source.origin === 'workspace' ? { uri: placed.uri } : {}),
            ...(placed.lines?.[version.version] ? { line: placed.lines[version.version] } : {}),
            ...(source.context ? { context: source.context } : {}),
            ...(placed.readAt ? { readAt: placed.readAt } : {}),
          };
          index.set(`${version.apiVersion}\u0000${placed.crd.kind}`, {
            apiVersion: version.apiVersion,
            kind: placed.crd.kind,
            role,
            schema: version.jsonSchema,
            validate: () => ACCEPT_ALL,
            source: crdSource,
            label: sourceLabel(crdSource, this.describeUri),
            crd: version,
          });
        }
      }
    }
    return (this.index = index);
  }
}

function sameCrds(a: PlacedCrd[], b: PlacedCrd[]): boolean {
  return a.length === b.length && a.every((x, i) => x.crd === b[i]!.crd && x.uri === b[i]!.uri && JSON.stringify(x.lines) === JSON.stringify(b[i]!.lines));
}
