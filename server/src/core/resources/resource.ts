import type { ResourceRole } from './kinds.js';
import type { KindSchema } from './schemas.js';
import { getValue, type YMap } from '../yaml/tree.js';

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

export function specOf(resource: SpkResource): YMap | undefined {
  const spec = getValue(resource.root, 'spec');
  return spec?.type === 'map' ? spec : undefined;
}
