// `spk-route simulate` output for many destinations. What follows the destination on a line depends
// only on the matched route, so it is built once per route, encoded once, and copied; IPv4 and IPv6
// destinations go through the engine's parsers and lookups; lines are written straight into large
// buffers. A million answers cost about as much as reading the routes.
import { formatIPv6, parseIp, parseIPv4, parseIPv6 } from '../core/net/index.js';
import { describeHop, hopVia } from '../core/routing/lookup.js';
import type { RouteEntry, RouteTable } from '../core/routing/table.js';
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

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
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
  // Per table: the bytes before the destination, and per matched route the bytes after it.
  // Text output escapes what comes from the YAML (names, file names), see core/safeText.ts.
  const heads = tables.map((t) => (json ? '{"destination":"' : `${escapeControls(t.namespace)}\t`));
  // Namespaces are ASCII when valid; an invalid one is still written correctly, as UTF-8.
  const asciiHeads = heads.map((h) => /^[\x00-\x7f]*$/.test(h));
  // Per table, the tail of each route by its id; the last slot is for no route.
  const memos = tables.map((t) => new Array<Buffer | undefined>(t.entries.length + 1));
  const tail = (index: number, entry: RouteEntry | undefined, destination: string): Buffer => {
    const slot = entry ? entry.id : memos[index]!.length - 1;
    let found = memos[index]![slot];
    if (!found) {
      const hop = hopVia(tables[index]!, entry, destination);
      if (hop.route) hop.route.file = displayPath(hop.route.file);
      if (json) {
        const { destination: _d, ...fields } = hop;
        found = Buffer.from(`",${JSON.stringify(fields).slice(1)}`);
      } else {
        found = Buffer.from(`${escapeControls(describeHop(hop).slice(destination.length))}${hop.route ? `\t${escapeControls(hop.route.file)}:${hop.route.line}` : ''}\n`);
      }
      // A connected route's next hop is the destination itself: those JSON tails are not shared.
      if (entry?.kind !== 'connected' || !json) memos[index]![slot] = found;
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
      const entry = v4 !== undefined ? tables[i]!.best.lookupV4(v4) : tables[i]!.best.lookupV6(v6!);
      if (json && !first) out.ascii(',\n');
      first = false;
      if (asciiHeads[i]) out.ascii(heads[i]!);
      else out.bytes(Buffer.from(heads[i]!));
      out.ascii(destination);
      out.bytes(tail(i, entry, destination));
    }
  }
  if (json) out.ascii('\n]\n');
  out.end();
}
