// Route tables straight from YAML texts, for one-shot use (the CLI's simulate and table): each
// document is parsed, recognised and reduced to its routes, and its tree is dropped at once. No
// diagnostics are computed; the language server and `lint` use the Workspace instead.
import { recognizeResource } from '../resources/recognize.js';
import { isSpkKind, SPK_KIND_HINT } from '../resources/kinds.js';
import { parseYaml } from '../yaml/parseYaml.js';
import { splitDocuments } from '../yaml/splitDocuments.js';
import { getValue } from '../yaml/tree.js';
import { resourceFacts } from './routeFacts.js';
import { buildRouteTable, routeEntries, type RouteEntry, type RouteTable } from './table.js';

export function loadRouteTables(files: Iterable<{ uri: string; text: string }>, defaultNamespace: string): Map<string, RouteTable> {
  const byNamespace = new Map<string, RouteEntry[]>();
  for (const { uri, text } of files) {
    for (const chunk of splitDocuments(text)) {
      if (!SPK_KIND_HINT.test(chunk.text)) continue;
      const { root } = parseYaml(chunk.text);
      const kind = root?.type === 'map' ? getValue(root, 'kind') : undefined;
      if (root?.type !== 'map' || kind?.type !== 'scalar' || !isSpkKind(kind.value)) continue;
      const { resource } = recognizeResource(root, kind.value);
      if (!resource || (resource.role !== 'staticRoute' && resource.role !== 'vlan')) continue;
      const namespace = resource.namespace ?? defaultNamespace;
      let entries = byNamespace.get(namespace);
      if (!entries) byNamespace.set(namespace, (entries = []));
      for (const entry of routeEntries(resource, resourceFacts(resource, chunk.text), uri, chunk.line, namespace)) entries.push(entry);
    }
  }
  const tables = new Map<string, RouteTable>();
  for (const namespace of [...byNamespace.keys()].sort()) tables.set(namespace, buildRouteTable(namespace, byNamespace.get(namespace)!));
  return tables;
}
