// What the LSP benchmarks share: the peer's schema, the measurements over real LSP, the table of ratios.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../test/support/lspClient.js';

export const PEER = join(__dirname, '..', 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

export interface Figures {
  openMs: number;
  editMs: number;
  completionMs: number;
  peakMb: number;
  diagnostics: number;
}

function loadSchema(name: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', 'schemas', name), 'utf8'));
  delete schema.$schema;
  delete schema.$id;
  return schema;
}

/** The same rules as ours, as one JSON Schema that yaml-language-server can apply to every document. */
export function peerSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    if: { properties: { kind: { const: 'F5SPKVlan' } } },
    then: loadSchema('k8s.f5net.com_v1_F5SPKVlan.json'),
    else: loadSchema('k8s.f5net.com_v1_F5SPKStaticRoute.json'),
  };
}

/**
 * Our bundled schemas of the given files (under `schemas/`), each applied to the documents of its
 * kind; documents of other kinds (ConfigMaps, Deployments…) are not constrained.
 */
export function peerSchemaOf(files: readonly string[]): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    allOf: files.map((file) => {
      const schema = loadSchema(file);
      const kind = ((schema.properties as Record<string, { const?: string }>).kind!).const;
      return { if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: schema };
    }),
  };
}

/** A process's peak resident memory (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export async function measure(name: string, client: LspClient, uri: string, text: string): Promise<Figures> {
  let started = performance.now();
  const first = await client.open(uri, text);
  const openMs = performance.now() - started;

  // Edit one route at a time, three times: its prefixLen becomes a word (which both servers report)
  // and back. The median is the steady state of editing; the first edit after opening is warming up.
  const lines = text.split('\n');
  const editTimes: number[] = [];
  let from = Math.floor(lines.length / 2);
  for (let i = 0; i < 3; i++) {
    const line = lines.findIndex((l, n) => n > from && l === '  prefixLen: 24');
    from = line + 1;
    const range = { start: { line, character: 13 }, end: { line, character: lines[line]!.length } };
    started = performance.now();
    let after = await client.change(uri, 'twenty-four', range);
    // A server may publish stale diagnostics first; wait for the ones that include the new error.
    while (!after.some((d) => d.range.start.line === line)) after = (await client.nextDiagnostics(uri)).diagnostics;
    editTimes.push(performance.now() - started);
  }
  const editMs = editTimes.sort((a, b) => a - b)[1]!;

  // Completion where a field is missing: the `type` line of a route in the middle, emptied.
  const typeLine = lines.findIndex((l, i) => i > lines.length / 2 && l === '  type: gateway');
  await client.change(uri, '  ', { start: { line: typeLine, character: 0 }, end: { line: typeLine, character: lines[typeLine]!.length } });
  const timings: number[] = [];
  let labels: string[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    labels = (await client.completion(uri, { line: typeLine, character: 2 })).map((c) => c.label);
    timings.push(performance.now() - started);
  }
  const completionMs = Math.min(...timings);
  const peakMb = peakRssMb(client.process.pid!);
  console.log(`  ${name}: ${first.length} diagnostics on open; completion offered [${labels.slice(0, 6).join(', ')}]`);
  return { openMs, editMs, completionMs, peakMb, diagnostics: first.length };
}

/** yaml-language-server with our schemas for every YAML file, as a user would configure it. */
export async function startPeer(schemaFile: string, rootUri?: string): Promise<LspClient> {
  const peer = await LspClient.start({ serverPath: PEER, ...(rootUri ? { rootUri } : {}) });
  const yaml = { validate: true, completion: true, hover: true, schemaStore: { enable: false }, schemas: { [pathToFileURL(schemaFile).href]: ['*.yaml'] } };
  peer.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'yaml' ? yaml : {})));
  await peer.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { yaml } });
  return peer;
}

/** The table of figures and ratios, with each target. */
export function printRatios(our: Figures, their: Figures, targets: { open: number; edit: number; completion: number; memory: number }): void {
  const rows: [string, number, number, number][] = [
    ['open → first diagnostics (ms)', our.openMs, their.openMs, targets.open],
    ['edit one document → diagnostics (ms, median of 3)', our.editMs, their.editMs, targets.edit],
    ['completion (ms, best of 5)', our.completionMs, their.completionMs, targets.completion],
    ['peak memory (MB RSS)', our.peakMb, their.peakMb, targets.memory],
  ];
  console.log('\n| measure | spk-routes | yaml-language-server | ratio | target | |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const [label, a, b, target] of rows) {
    const ratio = a / b;
    console.log(`| ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${ratio.toFixed(3)}× | ≤ ${target}× | ${ratio <= target ? 'PASS' : 'FAIL'} |`);
  }
}
