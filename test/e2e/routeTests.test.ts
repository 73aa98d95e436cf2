// E2E: route tests (issue 13) in a real VS Code on a copy of examples/: the CodeLens above
// event1/routes.test.yaml says all 8 expectations pass; a route added in routes.yaml (unsaved) makes
// one fail, and the lens and the Problems view say so at once.
// Run: node --import tsx --test test/e2e/routeTests.test.ts   (or: node scripts/test.mjs e2e)
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildExtension, REPO_ROOT, tempCopy } from '../../scripts/vscode/codeServer.js';
import { DETOUR_ROUTE } from '../support/spkYaml.js';
import { launchVsCode, poll, type VsCode } from './workbench.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
describe('e2e: route tests', { timeout: 300_000 }, () => {
  let vs: VsCode | undefined;

  before(async () => {
    buildExtension();
    // Off (the desktop default): the edit stays unsaved, the server works from the open document.
    vs = await launchVsCode({ folder: tempCopy(EXAMPLES), runName: 'route-tests', settings: { 'files.autoSave': 'off' } });
  });

  after(async () => {
    await vs?.stop();
    process.stdout.write(`output: ${vs?.outputDir ?? '-'}\n`);
  });

  /** CodeLens texts of the editor group whose active tab is `file`. */
  async function lensesOf(file: string): Promise<string[]> {
    const group = vs!.page.locator('.editor-group-container').filter({ has: vs!.page.locator(`.tab.active[aria-label*="${file}"]`) }).first();
    return (await group.locator('.monaco-editor .codelens-decoration').allInnerTexts()).map((s) => s.replace(/\u00a0/g, ' ').trim()).filter(Boolean);
  }

  test('the CodeLens on routes.test.yaml: ✓ 8 passed; a route added in routes.yaml makes one fail', { timeout: 180_000 }, async () => {
    assert.ok(vs);
    const page = vs.page;
    await vs.openFile('event1/routes.test.yaml');
    await vs.waitForExtensionActive();
    await poll('the lens "✓ 8 passed"', () => lensesOf('routes.test.yaml'), (l) => l.includes('✓ 8 passed'));
    await vs.screenshot('route-tests-passed');

    // routes.yaml beside it: a more specific route for half of the seed's prefix, to the default gateway.
    await vs.runCommand('View: Split Editor Right');
    await vs.openFile('event1/routes.yaml');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(DETOUR_ROUTE);
    await poll('the route typed into routes.yaml', () => vs!.editorText(), (t) => t.includes('name: detour'));
    await poll('the lens "✗ 1 of 8 failed"', () => lensesOf('routes.test.yaml'), (l) => l.includes('✗ 1 of 8 failed'));
    const problems = await poll('the failing expectation in the Problems view', () => vs!.problems({ min: 1, timeoutMs: 5_000 }), (ps) => ps.some((p) => p.code === 'route-test-failed'));
    const failed = problems.find((p) => p.code === 'route-test-failed')!;
    assert.deepEqual([failed.severity, failed.file, failed.line, failed.column], ['error', 'routes.test.yaml', 16, 20]);
    assert.match(failed.message, /^expected nextHop 10\.10\.255\.252, vlan external: 10\.20\.128\.0\/17 goes → 10\.10\.0\.1 on external via detour/);
    await vs.screenshot('route-tests-failed');
  });
});
