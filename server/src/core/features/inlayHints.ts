// The address range of a route's destination, shown after its prefixLen (or after the destination
// when prefixLen is on another line before it): `10.20.0.0 – 10.20.255.255`.
import { formatAddress, isPrefixLen, maxPrefix, networkAddress, parseIp } from '../net/index.js';
import { specOf } from '../resources/resource.js';
import type { FileModel } from '../workspace/fileModel.js';
import type { Position } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { getPair } from '../yaml/tree.js';

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
    const spec = specOf(resource);
    const destination = spec && getPair(spec, 'destination')?.value;
    const prefix = spec && getPair(spec, 'prefixLen')?.value;
    if (destination?.type !== 'scalar' || prefix?.type !== 'scalar' || typeof destination.value !== 'string') return;
    const parsed = parseIp(destination.value);
    if (!parsed.ok || !isPrefixLen(prefix.value, parsed.address.family)) return;
    const { family } = parsed.address;
    const network = networkAddress(parsed.address, prefix.value);
    const last = network.value | ((1n << BigInt(maxPrefix(family) - prefix.value)) - 1n);
    const anchor = prefix.end >= destination.end ? prefix : destination;
    const position = new LineIndex(doc.analysis.text).position(anchor.end);
    const line = position.line + doc.line;
    if (line < fromLine || line > toLine) return;
    const label = prefix.value === 0 ? 'every address (default route)' : `${network.text} – ${formatAddress(last, family)}`;
    hints.push({ position: { line, character: position.character }, label });
  });
  return hints;
}
