// The SPK documents of a file's text, read by the core here in this process: for the CLI's `plan`
// and `apply` and for tests. The extension asks the language server instead (`spk/manifests`), so
// that its bundle carries no analysis: see manifestDoc.ts.
import { manifests, type ManifestOptions } from '../../../server/src/core/features/manifests.js';
import { FileModel } from '../../../server/src/core/workspace/fileModel.js';
import { manifestDoc, type ManifestDoc } from './manifestDoc.js';

export type { ManifestDoc } from './manifestDoc.js';

/**
 * SPK documents of a file; with `lines` (0-based), only those that overlap the selected lines;
 * `chartTemplate`: the file is a Helm chart's template, nothing of it is sent.
 */
export function spkDocuments(uri: string, text: string, lines?: { from: number; to: number }, options: ManifestOptions = {}): ManifestDoc[] {
  // The core's Manifest has the wire's shape (the server copies it field by field, lsp/convert.ts).
  return manifests(new FileModel(text), lines, options).map((manifest) => manifestDoc(uri, manifest));
}
