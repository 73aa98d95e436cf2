// The SPK resources of a file, as the objects to send: only SPK kinds, each as our own JSON
// serialisation of the object we checked (never its source text, which kubectl would split and
// parse in its own way), with where it stands so that the server's answers land on the right lines.
// A document we cannot read unambiguously is listed as refused and never sent.
import { FileModel, type FileDocument } from '../../../server/src/core/workspace/fileModel.js';
import type { Diagnostic } from '../../../server/src/core/diagnostics/rules.js';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex.js';
import { getPair, toJS, type YNode, type YPair, type YScalar } from '../../../server/src/core/yaml/tree.js';

export interface ManifestDoc {
  uri: string;
  /** 0-based lines of the document in its file, first and last. */
  line: number;
  endLine: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** What is sent: the object as we read it, in JSON. Empty when the document is refused. */
  body: string;
  /** Why the document is not sent: the first problem that makes its reading uncertain. */
  refusal?: { line: number; message: string };
  /** The file line of a field, e.g. ['spec', 'destination'], for the server's errors. */
  lineOf(path: readonly (string | number)[]): number;
}

/** Diagnostics after which what we read is not certainly what the cluster would get. */
const REFUSING_CODES = new Set(['yaml-syntax', 'ambiguous-yaml', 'unknown-api-version', 'missing-name', 'invalid-name', 'invalid-namespace', 'document-too-large']);

/** SPK documents of a file; with `lines`, only those that overlap the selected lines. */
export function spkDocuments(uri: string, text: string, lines?: { from: number; to: number }): ManifestDoc[] {
  const model = new FileModel(text);
  const docs: ManifestDoc[] = [];
  model.documents.forEach((doc, index) => {
    // Documents of other kinds have no analysis text: they are never sent.
    if (!doc.analysis.text) return;
    const docLines = new LineIndex(doc.analysis.text);
    const endLine = (model.documents[index + 1]?.line ?? doc.line + docLines.lineCount) - 1;
    if (lines && (endLine < lines.from || doc.line > lines.to)) return;
    const refusing = [...doc.analysis.diagnostics, ...doc.placement].filter((d) => REFUSING_CODES.has(d.code) && d.severity === 'error');
    const resource = doc.analysis.resource;
    const base = { uri, line: doc.line, endLine };
    if (!resource) {
      // An SPK kind that could not be read at all (it does not parse, or its apiVersion is unknown).
      const first = refusing[0] ?? doc.analysis.diagnostics[0];
      docs.push({
        ...base,
        apiVersion: '',
        kind: /^kind:[ \t]*["']?(\w+)/m.exec(doc.analysis.text)?.[1] ?? 'document',
        name: '?',
        body: '',
        refusal: refusal(doc, first, 'it could not be read as an SPK resource'),
        lineOf: () => doc.line,
      });
      return;
    }
    const root = resource.root;
    const lineOf = (path: readonly (string | number)[]) => {
      // The key (or list item) of the deepest part of the path that exists.
      let node: YNode = root;
      let at: { start: number } = root;
      for (const step of path) {
        if (typeof step === 'number' && node.type === 'seq' && node.items[step]) at = node = node.items[step]!;
        else if (typeof step === 'string' && node.type === 'map' && getPair(node, step)) {
          const pair: YPair = getPair(node, step)!;
          at = pair.key;
          node = pair.value;
        } else break;
      }
      return doc.line + docLines.position(at.start).line;
    };
    const unsendable = nonFiniteNumber(root);
    docs.push({
      ...base,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      name: resource.name ?? '',
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
      body: refusing.length || unsendable ? '' : JSON.stringify(toJS(root)),
      ...(refusing.length ? { refusal: refusal(doc, refusing[0], '') } : {}),
      ...(!refusing.length && unsendable ? { refusal: { line: doc.line + docLines.position(unsendable.start).line, message: `not sent: the number ${unsendable.source} has no JSON form` } } : {}),
      lineOf,
    });
  });
  return docs;
}

function refusal(doc: FileDocument, diagnostic: Diagnostic | undefined, fallback: string): { line: number; message: string } {
  return diagnostic
    ? { line: doc.line + diagnostic.range.start.line, message: `not sent: ${diagnostic.message} (${diagnostic.code})` }
    : { line: doc.line, message: `not sent: ${fallback}` };
}

/** A number that JSON cannot write (Infinity, NaN: `1e400`, `.nan`), which would be sent as null. */
function nonFiniteNumber(root: YNode): YScalar | undefined {
  const stack: YNode[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'scalar') {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) return node;
    } else if (node.type === 'seq') for (const item of node.items) stack.push(item);
    else for (const pair of node.pairs) stack.push(pair.value);
  }
  return undefined;
}
