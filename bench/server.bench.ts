// The language server against yaml-language-server on one large file of route CRs, over real LSP.
// Run: npm run bench (or: node --import tsx bench/server.bench.ts). Prints figures and ratios.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/support/lspClient.js';
import { measure, peerSchema, printRatios, startPeer } from './lspMeasure.js';
import { generateRouteManifests } from './routeManifests.js';

const ROUTES = 10_000;

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

    const peer = await startPeer(schemaFile);
    const their = await measure('yaml-language-server', peer, uri, text);
    await peer.stop();

    printRatios(our, their, { open: 0.25, edit: 0.05, completion: 0.1, memory: 0.5 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
