// The address range of a route's destination, shown after its prefixLen (or after the destination
// when prefixLen is on another line before it): `10.20.0.0 – 10.20.255.255`.
import { formatAddress, isPrefixLen, maxPrefix, networkAddress } from '../net/index.js';
import { readStaticRoute } from '../resources/readers.js';
import type { FileModel } from '../workspace/fileModel.js';
import type { Position } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';

export interface InlayHintInfo {
  position: Position;
  label: string;
}

export function inlayHints(file: FileModel, fromLine: number, toLine: number): InlayHintInfo[] {
  const hints: InlayHintInfo[] = [];
  file.documents.forEach((doc, index) => {
    const nextLine = file.documents[index + 1]?.line ?? Infinity;
    const resource = doc.analysis.resource;
    if (doc.line > toLine || nextLine < fromLine || resource?.role !== 'staticRoute') return;
    const { destination, prefixLen } = readStaticRoute(resource);
    const address = destination?.address;
    const length = prefixLen?.value;
    if (!address || !isPrefixLen(length, address.family)) return;
    const { family } = address;
    const network = networkAddress(address, length);
    const last = network.value | ((1n << BigInt(maxPrefix(family) - length)) - 1n);
    const anchor = prefixLen!.node.end >= destination!.node.end ? prefixLen!.node : destination!.node;
    const position = new LineIndex(doc.analysis.text).position(anchor.end);
    const line = position.line + doc.line;
    if (line < fromLine || line > toLine) return;
    const label = length === 0 ? 'every address (default route)' : `${network.text} – ${formatAddress(last, family)}`;
    hints.push({ position: { line, character: position.character }, label });
  });
  return hints;
}
