// Finds the SPK resource and the node under a position of a file, for the position-based features.
import type { DocumentAnalysis } from '../diagnostics/analyzeDocument.js';
import type { SpkResource } from '../resources/resource.js';
import type { FileModel } from '../workspace/fileModel.js';
import type { Position } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { nodeAt, type NodeHit } from '../yaml/tree.js';

export interface ResourceContext {
  analysis: DocumentAnalysis;
  resource: SpkResource;
  lines: LineIndex;
  /** Lines of the file before the document. */
  lineOffset: number;
  hit?: NodeHit;
}

export function resourceAt(file: FileModel, position: Position): ResourceContext | undefined {
  const found = file.documentAt(position);
  const resource = found?.document.analysis.resource;
  if (!found || !resource) return undefined;
  const lines = new LineIndex(found.document.analysis.text);
  const offset = lines.offset(found.position);
  return { analysis: found.document.analysis, resource, lines, lineOffset: found.document.line, hit: nodeAt(resource.root, offset) };
}
