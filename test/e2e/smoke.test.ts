// E2E smoke test: a real VS Code (code-server + Chromium) loads the extension from this repo.
// Run: node --import tsx --test test/e2e/smoke.test.ts   (or: node scripts/test.mjs e2e)
// The first run installs code-server and Chromium (scripts/vscode/install.sh, ~2 min, cached).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildExtension, REPO_ROOT, tempCopy } from '../../scripts/vscode/codeServer.js';
import { launchVsCode, type VsCode } from './workbench.js';

const FIXTURE = path.join(__dirname, 'fixtures', 'smoke');
const FILE = 'static-route.yaml';

describe('e2e smoke: VS Code with spk-routes', { timeout: 240_000 }, () => {
  let vs: VsCode | undefined;
  const t0 = Date.now();
  const timings: Record<string, number> = {};

  before(async () => {
    buildExtension();
    timings.build = Date.now() - t0;
    const tLaunch = Date.now();
    vs = await launchVsCode({ folder: tempCopy(FIXTURE), runName: 'smoke' });
    timings.launchToWorkbench = Date.now() - tLaunch;
    timings.serverListening = vs.timings.serverMs;
    timings.pageToWorkbench = vs.timings.workbenchMs;
    timings.launchStart = tLaunch;
  });

  after(async () => {
    await vs?.stop();
    timings.total = Date.now() - t0;
    const { launchStart, ...shown } = timings;
    void launchStart;
    process.stdout.write(`e2e smoke timings (ms): ${JSON.stringify(shown)}\noutput: ${vs?.outputDir ?? '-'}\n`);
  });

  test('the workbench loads with the folder open and the extension under development', async () => {
    assert.ok(vs);
    assert.match(await vs.page.title(), /\[Extension Development Host\]/);
    await vs.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${FILE}"]`).waitFor({ timeout: 15_000 });
  });

  test('opens the YAML file from the Explorer', async () => {
    assert.ok(vs);
    await vs.openFileFromExplorer(FILE);
    assert.match(await vs.editorText(), /kind: F5SPKStaticRoute/);
    await vs.page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'YAML' }).waitFor({ timeout: 10_000 });
  });

  test('the extension activates and starts its language server', async () => {
    assert.ok(vs);
    await vs.waitForExtensionActive();
    timings.launchToExtensionActive = Date.now() - timings.launchStart!;
    // activate() created the LanguageClient: its output channel is listed in the Output view...
    assert.ok((await vs.outputChannels()).includes('SPK Routes'), 'Output view lists the "SPK Routes" channel');
    // ...and client.start() spawned dist/server.js under code-server.
    const serverJs = path.join(REPO_ROOT, 'dist', 'server.js');
    const deadline = Date.now() + 15_000;
    while (!vs.server.processes().some((p) => p.cmdline.includes(serverJs)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(vs.server.processes().some((p) => p.cmdline.includes(serverJs)), `${serverJs} runs`);
    timings.launchToLanguageServer = Date.now() - timings.launchStart!;
  });

  test('screenshot of the workbench with the file open', async () => {
    assert.ok(vs);
    await vs.openFile(FILE); // Quick Open; focuses the editor again
    const file = await vs.screenshot('yaml-open');
    process.stdout.write(`screenshot: ${file}\n`);
  });
});
