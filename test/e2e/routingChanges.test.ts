// E2E: SPK: Show Routing Changes… in a real VS Code on a git repository made from examples/: a route
// added to event1/routes.yaml (unsaved) against HEAD. The Routing Changes view shows the namespace
// and the one group of changed destinations in the CLI diff's words, the route that now answers them
// has a marker saying what they did before, and the group opens that route.
// Run: node --import tsx --test test/e2e/routingChanges.test.ts   (or: node scripts/test.mjs e2e)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildExtension, REPO_ROOT, tempCopy } from '../../scripts/vscode/codeServer.js';
import { DETOUR_ROUTE } from '../support/spkYaml.js';
import { launchVsCode, poll, type VsCode } from './workbench.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const SEED = 'event1-static-route-10-10-20.0';

describe('e2e: routing changes', { timeout: 300_000 }, () => {
  let vs: VsCode | undefined;
  let folder: string;

  before(async () => {
    buildExtension();
    folder = tempCopy(EXAMPLES);
    vs = await launchVsCode({ folder, runName: 'routing-changes', settings: { 'files.autoSave': 'off' } });
  });

  after(async () => {
    await vs?.stop();
    process.stdout.write(`output: ${vs?.outputDir ?? '-'}\n`);
  });

  test('an unsaved route against HEAD: the view\'s group, the marker on the route, and the group opens it', { timeout: 180_000 }, async () => {
    assert.ok(vs);
    const page = vs.page;
    await vs.openFile('event1/routes.yaml');
    await vs.waitForExtensionActive();
    // The folder becomes a repository with the examples committed (the server runs git when asked).
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: folder, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'examples');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(DETOUR_ROUTE);
    await poll('the route typed into routes.yaml', () => vs!.editorText(), (t) => t.includes('name: detour'));

    await vs.runCommand('SPK: Show Routing Changes…');
    const pickRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*HEAD\s*$/ }) }).first();
    await pickRow.waitFor({ state: 'visible', timeout: 30_000 });
    await pickRow.click();

    const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Routing Changes/ }) }).first();
    const rows = () => pane.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => [(e.querySelector('.label-name')?.textContent ?? '').replace(/\s+/g, ' ').trim(), (e.querySelector('.label-description')?.textContent ?? '').trim()]));
    const summary = `10.20.128.0/17 → 10.10.255.252 on external (${SEED}) ⇒ → 10.10.0.1 on external (detour)`;
    const tree = await poll('the group in the Routing Changes view', rows, (r) => r.some(([label]) => label === summary));
    assert.deepEqual(tree.slice(0, 2), [['namespace event1', '1 change'], [summary, '']]);
    await vs.screenshot('routing-changes-view');

    // The marker on the route that now answers those destinations, beside the server's lens on that line (` | ` between).
    await vs.goTo(44, 1);
    const lenses = await poll('the marker on the detour route', async () => (await vs!.codeLenses()).flatMap((t) => t.split(/\s+\|\s+/)), (l) => l.some((t) => t.startsWith('changes ')), 90_000);
    assert.ok(lenses.includes(`changes 10.20.128.0/17: was → 10.10.255.252 on external (${SEED}) (against git HEAD)`), lenses.join('\n'));

    // The group opens the route: the cursor goes to its document's line.
    await vs.goTo(1, 1);
    await pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: '10.20.128.0/17' }) }).first().click();
    const status = page.locator('.statusbar-item[id="status.editor.selection"]');
    await poll('the cursor on the detour route', () => status.innerText(), (t) => /^Ln (\d+)/.test(t) && Number(/^Ln (\d+)/.exec(t)![1]) > 1);
    const line = Number(/^Ln (\d+)/.exec(await status.innerText())![1]);
    await vs.screenshot('routing-changes-opened');
    // The file's lines, then `---`, then the detour's first key: where the server says it is in the unsaved text.
    const lines = readFileSync(path.join(EXAMPLES, 'event1', 'routes.yaml'), 'utf8').split('\n').length - 1;
    assert.equal(line, lines + 2, 'the cursor is on the detour route\'s first line');
  });
});
