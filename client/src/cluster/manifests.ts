// The SPK resources of a file, as the documents to send: only SPK kinds, each with its own text and
// where it stands, so that the server's answers can be put back on the right lines.
import { FileModel } from '../../../server/src/core/fileModel.js';
import { LineIndex } from '../../../server/src/core/yaml/lineIndex.js';
import { getPair, type YNode, type YPair } from '../../../server/src/core/yaml/tree.js';

export interface ManifestDoc {
  uri: string;
  /** 0-based lines of the document in its file, first and last. */
  line: number;
  endLine: number;
  text: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The file line of a field, e.g. ['spec', 'destination'], for the server's errors. */
  lineOf(path: readonly (string | number)[]): number;
}

/** SPK documents of a file; with `lines`, only those that overlap the selected lines. */
export function spkDocuments(uri: string, text: string, lines?: { from: number; to: number }): ManifestDoc[] {
  const model = new FileModel(text);
  const docs: ManifestDoc[] = [];
  model.documents.forEach((doc, index) => {
    const resource = doc.analysis.resource;
    if (!resource) return;
    const docLines = new LineIndex(doc.analysis.text);
    const endLine = (model.documents[index + 1]?.line ?? doc.line + docLines.lineCount) - 1;
    if (lines && (endLine < lines.from || doc.line > lines.to)) return;
    const root = resource.root;
    docs.push({
      uri,
      line: doc.line,
      endLine,
      text: doc.analysis.text,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      name: resource.name ?? '',
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
      lineOf(path) {
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
      },
    });
  });
  return docs;
}
