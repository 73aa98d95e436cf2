// An SPK document to send, as the apply path uses it: from the language server's `spk/manifests`
// answer (the extension) or from the core directly (the CLI, through manifests.ts). No core import,
// so the extension's bundle does not carry the analysis.
import type { WireFieldLine, WireManifest } from '../../../server/src/protocol.js';

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

export function manifestDoc(uri: string, manifest: WireManifest): ManifestDoc {
  const { fieldLines } = manifest;
  let byPath: Map<string, number> | undefined;
  return {
    uri,
    line: manifest.line,
    endLine: manifest.endLine,
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    name: manifest.name,
    ...(manifest.namespace ? { namespace: manifest.namespace } : {}),
    body: manifest.body,
    ...(manifest.refusal ? { refusal: { line: manifest.refusal.line, message: manifest.refusal.message } } : {}),
    lineOf: (path) => lineOfField((byPath ??= index(fieldLines)), fieldLines, path),
  };
}

function index(fieldLines: readonly WireFieldLine[]): Map<string, number> {
  const byPath = new Map<string, number>();
  for (const field of fieldLines) {
    const key = JSON.stringify(field.path);
    if (!byPath.has(key)) byPath.set(key, field.line);
  }
  return byPath;
}

/** The line of the deepest part of `path` that the document has; its first line when none. */
function lineOfField(byPath: Map<string, number>, fieldLines: readonly WireFieldLine[], path: readonly (string | number)[]): number {
  for (let length = path.length; length >= 0; length--) {
    const line = byPath.get(JSON.stringify(path.slice(0, length)));
    if (line !== undefined) return line;
  }
  return fieldLines[0]?.line ?? 0;
}
