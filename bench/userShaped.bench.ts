// The language server against yaml-language-server on a user's route file inside the workspace
// folder the client opens (so the server's folder scan and the editor's didOpen meet the same 2 MB
// file): 10,000 routes in one namespace, quoted values, 20% IPv6 (see userShaped.ts). Real LSP.
// Run: npm run bench -- userShaped. Prints figures and ratios.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/support/lspClient.js';
import { measure, peerSchema, printRatios, startPeer } from './lspMeasure.js';
import { generateUserRoutes } from './userShaped.js';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spk-bench-user-'));
  try {
    const text = generateUserRoutes();
    const file = join(dir, 'routes.yaml');
    // The peer's schema lies outside the workspace folder, so neither server scans it.
    const schemaDir = mkdtempSync(join(tmpdir(), 'spk-bench-schema-'));
    const schemaFile = join(schemaDir, 'spk.schema.json');
    writeFileSync(file, text);
    writeFileSync(schemaFile, JSON.stringify(peerSchema()));
    const rootUri = pathToFileURL(dir).href;
    const uri = pathToFileURL(file).href;
    console.log(`10,000 route CRs in one namespace, ${(text.length / 1e6).toFixed(2)} MB, quoted values, 20% IPv6 with host bits; the file inside the workspace folder`);

    const ours = await LspClient.start({ rootUri });
    const our = await measure('spk-routes', ours, uri, text);
    await ours.stop();

    const peer = await startPeer(schemaFile, rootUri);
    const their = await measure('yaml-language-server', peer, uri, text);
    await peer.stop();
    rmSync(schemaDir, { recursive: true, force: true });

    printRatios(our, their, { open: 0.15, edit: 0.02, completion: 0.1, memory: 0.35 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
