// The outline: each SPK resource as `Kind name`, with its spec fields as children.
import type { FileModel } from '../workspace/fileModel.js';
import { shiftRange, type Range } from '../types.js';
import { LineIndex } from '../yaml/lineIndex.js';
import { getPair, keyText, type YNode } from '../yaml/tree.js';

export interface SymbolNode {
  name: string;
  detail?: string;
  kind: 'resource' | 'field' | 'list' | 'map';
  range: Range;
  selectionRange: Range;
  children: SymbolNode[];
}

export function documentSymbols(file: FileModel): SymbolNode[] {
  const out: SymbolNode[] = [];
  for (const doc of file.documents) {
    const resource = doc.analysis.resource;
    if (!resource) continue;
    const lines = new LineIndex(doc.analysis.text);
    const range = (node: { start: number; end: number }) => shiftRange(lines.range(node.start, node.end), doc.line);
    const metadata = getPair(resource.root, 'metadata')?.value;
    const nameNode = metadata?.type === 'map' ? getPair(metadata, 'name')?.value : undefined;
    const specPair = getPair(resource.root, 'spec');
    const children = specPair?.value.type === 'map'
      ? specPair.value.pairs.map((pair) => ({
          name: keyText(pair),
          detail: summary(pair.value),
          kind: pair.value.type === 'seq' ? 'list' as const : pair.value.type === 'map' ? 'map' as const : 'field' as const,
          range: range({ start: pair.key.start, end: Math.max(pair.key.end, pair.value.end) }),
          selectionRange: range(pair.key),
          children: [],
        }))
      : [];
    out.push({
      name: `${resource.kind} ${resource.name ?? '(unnamed)'}`,
      detail: resource.namespace ? `namespace ${resource.namespace}` : undefined,
      kind: 'resource',
      range: range(resource.root),
      selectionRange: range(nameNode ?? getPair(resource.root, 'kind')!.value),
      children,
    });
  }
  return out;
}

function summary(node: YNode): string {
  if (node.type === 'scalar') return node.source;
  if (node.type === 'seq') return node.items.map((item) => (item.type === 'scalar' ? item.source : '…')).join(', ');
  return '';
}
