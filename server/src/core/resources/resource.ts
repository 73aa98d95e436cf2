import type { ResourceRole } from './kinds.js';
import type { KindSchema } from './schemas.js';
import { getValue, type YMap } from '../yaml/tree.js';
import { parseYaml } from '../yaml/parseYaml.js';

/** A recognised SPK resource: its schema and its located tree. Offsets are in its document's text. */
export interface SpkResource {
  apiVersion: string;
  kind: string;
  role: ResourceRole;
  schema: KindSchema;
  readonly root: YMap;
  /** `metadata.name` / `metadata.namespace` when they are strings. */
  name?: string;
  namespace?: string;
}

/**
 * A resource read from a document, whose tree can be let go once its facts are read: most resources
 * of a workspace are routes in files nobody opens, and their trees would be most of the server's
 * memory. A feature that asks for the tree again gets it parsed again from the same text.
 */
export class DocumentResource implements SpkResource {
  private tree: YMap | undefined;
  /** The text the tree was parsed from (templates masked), while the tree is let go. */
  private parsedText: string | undefined;

  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    readonly role: ResourceRole,
    readonly schema: KindSchema,
    root: YMap,
    readonly name: string | undefined,
    readonly namespace: string | undefined,
  ) {
    this.tree = root;
  }

  get root(): YMap {
    if (this.tree) return this.tree;
    const { root } = parseYaml(this.parsedText!);
    // The same text parses to the same tree: a map, since it was one.
    if (root?.type !== 'map') throw new Error(`the document of ${this.kind} ${this.name ?? ''} no longer parses to a map`);
    return (this.tree = root);
  }

  /** Lets the tree go; `parsedText` is the text it was parsed from. */
  releaseTree(parsedText: string): void {
    this.tree = undefined;
    this.parsedText = parsedText;
  }
}

export function specOf(resource: SpkResource): YMap | undefined {
  const spec = getValue(resource.root, 'spec');
  return spec?.type === 'map' ? spec : undefined;
}
