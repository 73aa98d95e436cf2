// The language server against yaml-language-server on one large file of route CRs, over real LSP.
// Run: npm run bench (or: node --import tsx bench/server.bench.ts). Prints figures and ratios.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../test/support/lspClient.js';
import { generateRouteManifests } from './routeManifests.js';

const ROUTES = 10_000;
const PEER = join(__dirname, '..', 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

interface Figures {
  openMs: number;
  editMs: number;
  completionMs: number;
  peakMb: number;
  diagnostics: number;
}

/** The same rules as ours, as one JSON Schema that yaml-language-server can apply to every document. */
function peerSchema(): object {
  const load = (name: string) => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'schemas', name), 'utf8'));
    delete schema.$schema;
    delete schema.$id;
    return schema;
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    if: { properties: { kind: { const: 'F5SPKVlan' } } },
    then: load('k8s.f5net.com_v1_F5SPKVlan.json'),
    else: load('k8s.f5net.com_v1_F5SPKStaticRoute.json'),
  };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function measure(name: string, client: LspClient, uri: string, text: string): Promise<Figures> {
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spk-bench-'));
  try {
    const text = generateRouteManifests({ routes: ROUTES, invalidShare: 0.05, namespaces: 20 });
    const file = join(dir, 'routes.yaml');
    const schemaFile = join(dir, 'spk.schema.json');
    writeFileSync(file, text);
    writeFileSync(schemaFile, JSON.stringify(peerSchema()));
    const uri = pathToFileURL(file).href;
    console.log(`${ROUTES.toLocaleString('en-US')} route CRs, ${(text.length / 1e6).toFixed(2)} MB, 5% with a mistake`);

    const ours = await LspClient.start();
    const our = await measure('spk-routes', ours, uri, text);
    await ours.stop();

    const peer = await LspClient.start({ serverPath: PEER });
    const yaml = { validate: true, completion: true, hover: true, schemaStore: { enable: false }, schemas: { [pathToFileURL(schemaFile).href]: ['*.yaml'] } };
    peer.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'yaml' ? yaml : {})));
    await peer.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { yaml } });
    const their = await measure('yaml-language-server', peer, uri, text);
    await peer.stop();

    const rows: [string, number, number, number, string][] = [
      ['open → first diagnostics (ms)', our.openMs, their.openMs, 0.25, 'ms'],
      ['edit one document → diagnostics (ms, median of 3)', our.editMs, their.editMs, 0.05, 'ms'],
      ['completion (ms, best of 5)', our.completionMs, their.completionMs, 0.1, 'ms'],
      ['peak memory (MB RSS)', our.peakMb, their.peakMb, 0.5, 'MB'],
    ];
    console.log('\n| measure | spk-routes | yaml-language-server | ratio | target | |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const [label, a, b, target] of rows) {
      const ratio = a / b;
      console.log(`| ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${ratio.toFixed(3)}× | ≤ ${target}× | ${ratio <= target ? 'PASS' : 'FAIL'} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
