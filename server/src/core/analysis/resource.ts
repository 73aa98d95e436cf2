import type { ResourceRole } from '../kinds.js';
import type { KindSchema } from '../schemas.js';
import { getValue, scalarAt, type YMap, type YScalar } from '../yaml/tree.js';

/** A recognised SPK resource: its schema and its located tree. Offsets are in its document's text. */
export interface SpkResource {
  apiVersion: string;
  kind: string;
  role: ResourceRole;
  schema: KindSchema;
  root: YMap;
  /** `metadata.name` / `metadata.namespace` when they are strings. */
  name?: string;
  namespace?: string;
}

export function stringScalar(node: YMap | undefined, path: readonly (string | number)[]): YScalar | undefined {
  const scalar = scalarAt(node, path);
  return typeof scalar?.value === 'string' ? scalar : undefined;
}

export function specOf(resource: SpkResource): YMap | undefined {
  const spec = getValue(resource.root, 'spec');
  return spec?.type === 'map' ? spec : undefined;
}
