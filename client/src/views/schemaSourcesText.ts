// Words for the schema sources in use (spk/schemaSources): the status bar item, its tooltip and the
// output channel. Pure: no editor imports.
import type { SchemaSourcesParams, WireSchemaSource } from '../../../server/src/protocol.js';

/** `2026-12-01 10:00 UTC` for `2026-12-01T10:00:00.000Z`; other text as it is. */
export function readTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** `SPK schemas: cluster prod (read 2026-12-01 10:00 UTC), 2 workspace CRDs, bundled`. */
export function schemaStatusText(params: SchemaSourcesParams): string {
  const parts: string[] = [];
  const clusters = new Map<string, string | null>();
  for (const s of params.sources) if (s.origin === 'cluster' && s.context !== null) clusters.set(s.context, s.readAt);
  for (const [context, readAt] of clusters) parts.push(`cluster ${context}${readAt ? ` (read ${readTime(readAt)})` : ''}`);
  const workspace = new Set(params.sources.filter((s) => s.origin === 'workspace').map((s) => s.crdName)).size;
  if (workspace) parts.push(`${workspace} workspace CRD${workspace === 1 ? '' : 's'}`);
  parts.push(params.bundled ? 'bundled' : 'bundled off');
  return `SPK schemas: ${parts.join(', ')}`;
}

/** Where one CRD comes from: `crds/spk.yaml:12` or `cluster prod, read 2026-12-01 10:00 UTC`. */
export function sourceWhere(source: WireSchemaSource, describeUri: (uri: string) => string): string {
  if (source.origin === 'cluster') return `cluster ${source.context ?? '?'}${source.readAt ? `, read ${readTime(source.readAt)}` : ''}`;
  return source.uri ? `${describeUri(source.uri)}${source.line !== null ? `:${source.line}` : ''}` : 'workspace';
}

/** One line per CRD in use, then the bundled schemas: for the tooltip, the output channel and the list. */
export function schemaSourceLines(params: SchemaSourcesParams, describeUri: (uri: string) => string): string[] {
  const lines = params.sources.map((s) => `CRD ${s.crdName} ${s.version} (${sourceWhere(s, describeUri)}): ${s.kinds.join(', ')}`);
  lines.push(params.bundled ? 'bundled schemas: every other SPK kind and version' : 'bundled schemas: off');
  return lines;
}
