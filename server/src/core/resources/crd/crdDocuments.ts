// The CustomResourceDefinition documents of a file: found by apiVersion apiextensions.k8s.io/v1 and
// kind CustomResourceDefinition in any document of any file, read with readCrd, each version placed
// at the line of its openAPIV3Schema. A file is read again only where a document's text changed.
import { parseYaml } from '../../yaml/parseYaml.js';
import { LineIndex } from '../../yaml/lineIndex.js';
import { splitDocuments } from '../../yaml/splitDocuments.js';
import { getPair, getValue, toJS, type YNode } from '../../yaml/tree.js';
import type { PlacedCrd } from '../schemaSources.js';
import { CRD_KIND, isCrdDocument, readCrd, type CrdDefinition } from './crd.js';

/** A cheap test that a text may hold a CRD; texts failing it are not parsed. */
export const CRD_HINT = new RegExp(`\\b${CRD_KIND}\\b`);

interface Read {
  crd?: CrdDefinition;
  /** Why a CRD document cannot be used. */
  problem?: string;
  /** 0-based line in the document of each version's openAPIV3Schema. */
  lines: Record<string, number>;
}

/** CRDs found in one document, with the problems of those that cannot be used. */
export interface FoundCrds {
  crds: PlacedCrd[];
  problems: { line: number; message: string }[];
}

/** Reads the CRDs of files, caching each document's reading by its text. */
export class CrdReader {
  private cache = new Map<string, Read | null>();
  /** CRDs by their content: a comment or a blank line more is the same CRD (nothing is re-checked). */
  private byValue = new Map<string, CrdDefinition | string>();

  read(uri: string, text: string): FoundCrds {
    const found: FoundCrds = { crds: [], problems: [] };
    if (!CRD_HINT.test(text)) return found;
    const next = new Map<string, Read | null>();
    for (const chunk of splitDocuments(text)) {
      if (!CRD_HINT.test(chunk.text)) continue;
      let read = next.get(chunk.text) ?? this.cache.get(chunk.text);
      if (read === undefined) read = readDocument(chunk.text, this.byValue);
      next.set(chunk.text, read);
      if (!read) continue;
      if (read.problem) found.problems.push({ line: chunk.line + 1, message: read.problem });
      if (!read.crd) continue;
      const lines = Object.fromEntries(Object.entries(read.lines).map(([v, l]) => [v, chunk.line + l + 1]));
      found.crds.push({ crd: read.crd, uri, lines });
      for (const problem of read.crd.problems) found.problems.push({ line: chunk.line + 1, message: `${read.crd.name}: ${problem}` });
    }
    // The cache holds the documents of the files read last; one file's reading must not evict another's.
    for (const [key, value] of next) this.cache.set(key, value);
    if (this.cache.size > 2000) this.cache = next;
    if (this.byValue.size > 2000) this.byValue.clear();
    return found;
  }
}

function readDocument(text: string, byValue: Map<string, CrdDefinition | string>): Read | null {
  const { root, errors } = parseYaml(text);
  if (!root || root.type !== 'map') return null;
  const value = toJS(root);
  if (!isCrdDocument(value)) return null;
  if (errors.length) return { problem: `the CRD does not parse: ${errors[0]!.message}`, lines: {} };
  const fingerprint = JSON.stringify(value);
  let crd = byValue.get(fingerprint);
  if (crd === undefined) byValue.set(fingerprint, (crd = readCrd(value)));
  if (typeof crd === 'string') return { problem: crd, lines: {} };
  const index = new LineIndex(text);
  const lines: Record<string, number> = {};
  const versions = getValue(getValue(root, 'spec'), 'versions');
  if (versions?.type === 'seq') {
    for (const item of versions.items) {
      const name = getValue(item, 'name');
      const schema = getValue(item, 'schema');
      const key = schema?.type === 'map' ? getPair(schema, 'openAPIV3Schema')?.key : undefined;
      if (name?.type === 'scalar' && typeof name.value === 'string') lines[name.value] = index.position((key ?? (item as YNode)).start).line;
    }
  }
  return { crd, lines };
}
