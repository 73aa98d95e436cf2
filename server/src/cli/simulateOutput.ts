// `spk-route simulate` output for many destinations. What follows the destination on a line depends
// only on the matched route, so it is built once per route, encoded once, and copied; IPv4 and IPv6
// destinations go through the engine's parsers and lookups; lines are written straight into large
// buffers. A million answers cost about as much as reading the routes.
import { formatIPv6, parseIp, parseIPv4, parseIPv6 } from '../core/net/index.js';
import { describeHop, hopsVia } from '../core/routing/lookup.js';
import { tableLabel, type RouteEntry, type RouteTable } from '../core/routing/table.js';
import { escapeControls } from '../core/safeText.js';

const BUFFER_SIZE = 4 * 1024 * 1024;

/** Fills one buffer and hands it to `flush` whenever it is full (the writer must copy or write it at once). */
class Output {
  private buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;

  constructor(private readonly flush: (bytes: Buffer) => void) {}

  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    this.end();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
  }

  end(): void {
    if (this.used) this.flush(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Any text, as UTF-8 (a native copy: the parts after the destination). */
  text(text: string): void {
    this.room(text.length * 3);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** ASCII text (addresses, punctuation), copied character by character. */
  ascii(text: string): void {
    this.room(text.length);
    const buffer = this.buffer;
    let used = this.used;
    for (let i = 0; i < text.length; i++) buffer[used++] = text.charCodeAt(i);
    this.used = used;
  }

}

/** Writes the answers through `write`, which must be synchronous (it gets the same buffer again). */
export function simulateOutput(tables: readonly RouteTable[], destinations: Iterable<string>, json: boolean, displayPath: (uri: string) => string, write: (bytes: Buffer) => void): void {
  const out = new Output(write);
  // Per table: the bytes before the destination, and per combination of matched routes (one per
  // replica class) the text after it, one part per answer.
  // Text output escapes what comes from the YAML (names, file names), see core/safeText.ts.
  const heads = tables.map((t) => (json ? '{"destination":"' : `${escapeControls(tableLabel(t, displayPath))}\t`));
  // Namespaces are ASCII when valid; an invalid one is still written correctly, as UTF-8.
  const asciiHeads = heads.map((h) => /^[\x00-\x7f]*$/.test(h));
  // Per table, the tails by matched route ids; with one replica class, an array by the route's id.
  const single = tables.map((t) => (t.classes.length === 1 ? new Array<string[] | undefined>(t.idCount + 1) : undefined));
  const combined = tables.map(() => new Map<string, string[]>());
  // The matched routes of the destination at hand, one per replica class (filled in place).
  const matchesOf = tables.map((t) => new Array<RouteEntry | undefined>(t.classes.length));
  const tail = (index: number, matches: (RouteEntry | undefined)[], destination: string, family: 4 | 6): string[] => {
    const table = tables[index]!;
    const slots = single[index];
    const key = slots ? (matches[0] ? matches[0].id : table.idCount) : matches.map((m) => (m ? m.id : -1)).join(',');
    let found = slots ? slots[key as number] : combined[index]!.get(key as string);
    if (!found) {
      found = hopsVia(table, [...matches], destination, family).map((hop) => {
        if (hop.route) hop.route.file = displayPath(hop.route.file);
        if (hop.scope !== undefined) hop.scope = displayPath(hop.scope);
        if (json) {
          const { destination: _d, ...fields } = hop;
          return `",${JSON.stringify(fields).slice(1)}`;
        }
        return `${escapeControls(describeHop(hop).slice(destination.length))}${hop.route ? `\t${escapeControls(hop.route.file)}:${hop.route.line}` : ''}\n`;
      });
      // A connected route's next hop is the destination itself: those JSON tails are not shared.
      if (!json || !matches.some((m) => m?.kind === 'connected')) {
        if (slots) slots[key as number] = found;
        else combined[index]!.set(key as string, found);
      }
    }
    return found;
  };
  if (json) out.ascii('[\n');
  let first = true;
  for (const raw of destinations) {
    const v4 = parseIPv4(raw);
    let destination = raw;
    let v6: Uint32Array | undefined;
    if (v4 === undefined) {
      v6 = parseIPv6(raw);
      if (!v6) {
        // Not a strict literal: the address module says why (or reads a form the engine does not).
        const parsed = parseIp(raw);
        if (!parsed.ok) throw new RangeError(parsed.reason);
        v6 = parseIPv6(parsed.address.family === 6 ? raw.toLowerCase() : raw);
        if (!v6) throw new RangeError(`"${raw}" is not an address the simulator can look up`);
      }
      destination = formatIPv6(v6);
    }
    for (let i = 0; i < tables.length; i++) {
      const classes = tables[i]!.classes;
      const matches = matchesOf[i]!;
      for (let c = 0; c < classes.length; c++) matches[c] = v4 !== undefined ? classes[c]!.best.lookupV4(v4) : classes[c]!.best.lookupV6(v6!);
      for (const part of tail(i, matches, destination, v4 !== undefined ? 4 : 6)) {
        if (json && !first) out.ascii(',\n');
        first = false;
        if (asciiHeads[i]) out.ascii(heads[i]!);
        else out.text(heads[i]!);
        out.ascii(destination);
        out.text(part);
      }
    }
  }
  if (json) out.ascii('\n]\n');
  out.end();
}
