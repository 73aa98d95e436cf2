// `spk-route simulate` output for many destinations: what follows the destination in a line depends
// only on the matched route, so it is built once per route and reused, and IPv4 destinations go
// through the engine's parser and integer lookup. A million answers take about a second.
import { formatAddress, parseIp } from '../core/address.js';
import { describeHop, hopVia, type Hop } from '../core/routing/lookup.js';
import { parseIPv4 } from '../core/routing/lpm.js';
import type { RouteEntry, RouteTable } from '../core/routing/table.js';

const CHUNK = 50_000;

interface Template {
  /** The text line after the destination. */
  text: string;
  /** JSON fields after destination and namespace (for connected routes, after nextHop). */
  json: string;
}

export function simulateOutput(tables: readonly RouteTable[], destinations: readonly string[], json: boolean, displayPath: (uri: string) => string): string[] {
  const memos = tables.map(() => new Map<RouteEntry | undefined, Template>());
  const namespaceJson = tables.map((t) => JSON.stringify(t.namespace));
  const chunks: string[] = [];
  let lines: string[] = [];
  const template = (index: number, entry: RouteEntry | undefined, destination: string): Template => {
    let found = memos[index]!.get(entry);
    if (!found) {
      const hop: Hop = hopVia(tables[index]!, entry, destination);
      if (hop.route) hop.route.file = displayPath(hop.route.file);
      const rest = describeHop(hop).slice(destination.length);
      const { destination: _d, namespace: _n, ...fields } = hop;
      if (hop.outcome === 'connected') fields.nextHop = null;
      found = {
        text: `${rest}${hop.route ? `\t${hop.route.file}:${hop.route.line}` : ''}`,
        json: JSON.stringify(fields).slice(1),
      };
      memos[index]!.set(entry, found);
    }
    return found;
  };
  for (const raw of destinations) {
    const v4 = parseIPv4(raw);
    let destination = raw;
    let v6: string | undefined;
    if (v4 === undefined) {
      const parsed = parseIp(raw);
      if (!parsed.ok) throw new RangeError(parsed.reason);
      destination = v6 = formatAddress(parsed.address.value, parsed.address.family);
    }
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i]!;
      const entry = v4 !== undefined ? table.best.lookupV4(v4) : table.best.lookup(v6!);
      const t = template(i, entry, destination);
      if (!json) {
        lines.push(`${table.namespace}\t${destination}${t.text}`);
      } else {
        const connected = entry?.kind === 'connected' ? t.json.replace('"nextHop":null', `"nextHop":${JSON.stringify(destination)}`) : t.json;
        lines.push(`{"destination":${JSON.stringify(destination)},"namespace":${namespaceJson[i]},${connected}`);
      }
      if (lines.length >= CHUNK) {
        chunks.push(`${json ? (chunks.length ? ',\n' : '[\n') : ''}${lines.join(json ? ',\n' : '\n')}${json ? '' : '\n'}`);
        lines = [];
      }
    }
  }
  if (lines.length || !chunks.length) chunks.push(`${json ? (chunks.length ? ',\n' : '[\n') : ''}${lines.join(json ? ',\n' : '\n')}${json || !lines.length ? '' : '\n'}`);
  if (json) chunks.push('\n]\n');
  return chunks;
}
