// E2E features: the extension's features through the real VS Code UI, the way a person uses them.
// Steps 1-8: one VS Code (code-server + Chromium) on a temp copy of examples/. Steps 9-10: a second
// VS Code on another copy, with kubectl pointed at a real Kubernetes API server (scripts/cluster/
// apiserver.ts, started before it and stopped after it).
// Run: node --import tsx --test test/e2e/features.test.ts   (or: node scripts/test.mjs e2e)
//
// Each step is its own test and ends with a screenshot named after it (…-FAILED.png when it
// failed) in test-output/e2e/<time>-features/; some steps add screenshots of intermediate states.
// Assertions are on text the UI shows (Problems view, squiggles, hover, suggest widget, CodeLens,
// inlay hints, quick input, tree views, notifications), never on the extension's internals.
//
// Two things of the harness's VS Code that a person's VS Code does not do:
// - Notification toasts are never shown: the workbench suppresses them when the smoke-test driver
//   is enabled (which loading the extension from the repo needs). Notifications are read from the
//   notification center (the bell), where they are listed all the same.
// - spkRoutes.kubectl.path is machine-scoped, and the workbench is a remote window: the setting is
//   read from the remote (machine) settings only, not from user or workspace settings. Step 8 sets
//   it there (launch option machineSettings) and also puts a different path in the workspace's
//   .vscode/settings.json, which must be ignored.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { installCrds, KUBECTL, startApiServer, type ApiServer } from '../../scripts/cluster/apiserver.js';
import { crdsToYaml, generateCrds } from '../../scripts/cluster/crds.js';
import { buildExtension, REPO_ROOT, tempCopy } from '../../scripts/vscode/codeServer.js';
import { launchVsCode, type Problem, type VsCode } from './workbench.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** spkRoutes.kubectl.path in the remote (machine) settings: no such binary. */
const MACHINE_KUBECTL = '/nonexistent/spk-e2e-machine/kubectl';
/** The same setting in the workspace's .vscode/settings.json: must be ignored (machine scope). */
const WORKSPACE_KUBECTL = '/nonexistent/spk-e2e-workspace/kubectl';

/** Generous for a busy 2-core machine; passing runs return as soon as the condition holds. */
const WAIT_MS = 30_000;
const STEP_TIMEOUT_MS = 120_000;

/** SPK_E2E_TRACE=1: print how long each wait took. */
const TRACE = process.env.SPK_E2E_TRACE === '1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads `read()` until `ok` holds for what it returns; fails after timeoutMs with what was last seen.
 * A read that throws counts as not yet (the UI may be between states).
 */
async function poll<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      const value = await read();
      last = { value };
      if (ok(value)) {
        if (TRACE) process.stderr.write(`[features] ${Date.now() - started} ms: ${what}\n`);
        return value;
      }
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const seen = 'value' in last ? JSON.stringify(last.value, null, 1)?.slice(0, 3000) : String(last.error);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await sleep(250);
  }
}

/** 1-based number of the first line of `text` matching `pattern` (after line `after`). */
function lineOf(text: string, pattern: RegExp, after = 0): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  throw new Error(`no line matches ${pattern} (after line ${after})`);
}

/** 1-based column of `needle` on 1-based line `line` of `text`. */
function columnOf(text: string, line: number, needle: string): number {
  const index = text.split('\n')[line - 1]!.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not on line ${line}`);
  return index + 1;
}

let built = false;
/** Bundles the extension once for the file (each describe launches its own VS Code on dist/). */
function ensureBuilt(): void {
  if (!built) buildExtension();
  built = true;
}

/**
 * Steps of a describe block that drives one VS Code (`vs()`, launched in its before hook): each step
 * is its own test, timed into `timings`, ending with a screenshot named after it (…-FAILED.png
 * when it failed) filed under the step in `screenshots`.
 */
function steps(vs: () => VsCode | undefined, timings: Record<string, number>, screenshots: Record<string, string[]>) {
  let currentStep = '';

  function step(name: string, run: (vs: VsCode) => Promise<void>): void {
    test(name, { timeout: STEP_TIMEOUT_MS }, async () => {
      const v = vs();
      assert.ok(v, 'VS Code did not start (see the before hook)');
      currentStep = name;
      const started = Date.now();
      let failed = false;
      try {
        await hideNotificationCenter();
        await v.dismiss();
        await run(v);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        timings[name] = Date.now() - started;
        await shot(failed ? `${slug(name)}-FAILED` : slug(name));
      }
    });
  }

  function slug(name: string): string {
    return name.replace(/^(\d+)\.?\s*/, 'step$1-').replace(/[^\w-]+/g, '-').replace(/-+$/, '').slice(0, 60);
  }

  /** Saves a screenshot and files it under the current step. */
  async function shot(name: string): Promise<void> {
    const file = await vs()?.screenshot(name).catch(() => undefined);
    if (file) (screenshots[currentStep] ??= []).push(path.relative(REPO_ROOT, file));
  }

  /** Messages listed in the notification center (the workbench shows no toasts here: see the top). */
  async function notificationCenter(): Promise<string[]> {
    const center = vs()!.page.locator('.notifications-center');
    if (!(await center.isVisible())) await vs()!.runCommand('Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 10_000 });
    return (await center.locator('.notification-list-item-message').allInnerTexts()).map((s) => s.trim());
  }

  async function hideNotificationCenter(): Promise<void> {
    if (await vs()!.page.locator('.notifications-center').isVisible()) await vs()!.runCommand('Notifications: Hide Notifications');
  }

  return { step, shot, notificationCenter, hideNotificationCenter };
}

describe('e2e features: spk-routes through the VS Code UI', { timeout: 420_000 }, () => {
  let vs: VsCode | undefined;
  let folder = '';
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const screenshots: Record<string, string[]> = {};
  const { step, shot, notificationCenter } = steps(() => vs, timings, screenshots);

  const read = (relative: string) => readFileSync(path.join(folder, relative), 'utf8');

  before(async () => {
    ensureBuilt();
    timings.build = Date.now() - t0;
    folder = tempCopy(EXAMPLES);
    mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'spkRoutes.kubectl.path': WORKSPACE_KUBECTL }, null, 2));
    const tLaunch = Date.now();
    vs = await launchVsCode({
      folder,
      runName: 'features',
      // VS Code for the Web saves after 1 s by default; off (the desktop default), an edit stays
      // unsaved, which shows the language server working from open documents, and Revert undoes it.
      settings: { 'files.autoSave': 'off' },
      machineSettings: { 'spkRoutes.kubectl.path': MACHINE_KUBECTL },
    });
    timings.launchToWorkbench = Date.now() - tLaunch;
    // The extension activates when a YAML file is opened (onLanguage:yaml): step 1 waits for it.
  });

  after(async () => {
    await vs?.stop();
    timings.total = Date.now() - t0;
    process.stdout.write(`e2e features timings (ms): ${JSON.stringify(timings, null, 1)}\n`);
    process.stdout.write(`screenshots: ${JSON.stringify(screenshots, null, 1)}\noutput: ${vs?.outputDir ?? '-'}\n`);
  });

  // ---------------------------------------------------------------------------------------------
  // UI readers this file needs beyond the harness.

  const problemsPanel = () => vs!.page.locator('.markers-panel');
  const problemsFilter = () => vs!.page.locator('.panel .viewpane-filter input, .panel .markers-panel-action-filter input').first();

  const problemRows = () => vs!.problemRows();

  /** Types `text` into the Problems view's filter box (opening the view) and waits for the rows to satisfy `ok`. */
  async function filteredProblems(text: string, ok: (problems: Problem[]) => boolean, what: string): Promise<Problem[]> {
    if (!(await problemsPanel().isVisible())) await vs!.problems({ min: 1, timeoutMs: WAIT_MS });
    const filter = problemsFilter();
    if ((await filter.inputValue()) !== text) await filter.fill(text);
    return poll(`Problems view filtered by "${text}" to show ${what}`, problemRows, ok);
  }

  /** Squiggles in the active editor's visible lines: line number and severity (error, warning, info). */
  async function squiggles(): Promise<{ line: number | undefined; severity: string }[]> {
    const editor = vs!.page.locator('.editor-group-container.active .monaco-editor').first();
    const marks = await editor.locator('.view-overlays .cdr[class*="squiggly-"]').evaluateAll((els) =>
      els.map((e) => ({
        top: parseFloat((e.parentElement as unknown as { style: { top: string } }).style.top),
        severity: /squiggly-(\w+)/.exec(e.className)?.[1] ?? '',
      })));
    const numbers = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll((els) =>
      els.map((e) => ({ top: parseFloat((e.parentElement as unknown as { style: { top: string } }).style.top), n: Number(e.textContent) })));
    const byTop = new Map(numbers.map((x) => [x.top, x.n]));
    return marks.map((m) => ({ line: byTop.get(m.top), severity: m.severity }));
  }

  /** Text of the rendered line `line` of the active editor (it must be visible). */
  async function renderedLine(line: number): Promise<string | undefined> {
    const editor = vs!.page.locator('.editor-group-container.active .monaco-editor').first();
    const top = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll(
      (els, n) => els.map((e) => ({ n: Number(e.textContent), top: (e.parentElement as unknown as { style: { top: string } }).style.top })).find((x) => x.n === n)?.top,
      line,
    );
    if (top === undefined) return undefined;
    const texts = await editor.locator('.view-lines .view-line').evaluateAll(
      (els, t) => els.filter((e) => (e as unknown as { style: { top: string } }).style.top === t).map((e) => e.textContent ?? ''),
      top,
    );
    return texts[0]?.replace(/\u00a0/g, ' ');
  }

  /** CodeLens texts of the editor group whose active tab is `file` (it may not be the active group). */
  async function lensesOf(file: string): Promise<string[]> {
    const group = vs!.page.locator('.editor-group-container').filter({ has: vs!.page.locator(`.tab.active[aria-label*="${file}"]`) }).first();
    return (await group.locator('.monaco-editor .codelens-decoration').allInnerTexts()).map((s) => s.replace(/\u00a0/g, ' ').trim()).filter(Boolean);
  }

  /** Puts the keyboard focus in the active editor (after a file was opened from the Explorer, say). */
  async function focusEditor(): Promise<void> {
    const editor = vs!.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await editor.locator('textarea').first().waitFor({ state: 'attached' });
    await poll('the editor to have the keyboard focus', () => editor.evaluate((e) => e.classList.contains('focused')), (f) => f, 10_000);
  }

  /** The Simulations view's tree rows: label, description, expanded state. */
  function simulationsPane(): Locator {
    const page = vs!.page;
    return page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Simulations/ }) }).first();
  }

  async function treeRows(pane: Locator): Promise<{ label: string; description: string; expanded: string | null; level: string | null }[]> {
    return pane.locator('.monaco-list-row').evaluateAll((els) =>
      els
        .map((e) => ({
          index: Number(e.getAttribute('data-index')),
          label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
          expanded: e.getAttribute('aria-expanded'),
          level: e.getAttribute('aria-level'),
        }))
        .sort((a, b) => a.index - b.index)
        .map(({ index, ...row }) => { void index; return row; }));
  }

  // ---------------------------------------------------------------------------------------------

  step('1. lab/mistakes.yaml: Problems lists spk-routes diagnostics at the right lines, squiggles in the editor', async (vs) => {
    const text = read('lab/mistakes.yaml');
    const cidrLine = lineOf(text, /^\s*destination:\s*10\.241\.0\.0\/24\b/);
    const cidrColumn = columnOf(text, cidrLine, '10.241.0.0/24');
    const farLine = lineOf(text, /\bgateway:\s*10\.9\.0\.1\b/);
    const farColumn = columnOf(text, farLine, '10.9.0.1');

    await vs.openFile('lab/mistakes.yaml');
    timings.extensionActivation = await vs.waitForExtensionActive();
    // The status bar counts errors and warnings as soon as diagnostics arrive.
    await poll('the status bar to count the problems', () => vs.page.locator('.statusbar-item[id="status.problems"]').innerText(), (t) => /[1-9]/.test(t));

    // The view filters as it is typed: wait until every row left is the one rule's.
    const cidr = await filteredProblems('destination-cidr', (ps) => ps.length > 0 && ps.every((p) => p.code === 'destination-cidr'), 'the destination-cidr error alone');
    const c = cidr.find((p) => p.code === 'destination-cidr')!;
    assert.equal(c.file, 'mistakes.yaml');
    assert.equal(c.source, 'spk-routes');
    assert.equal(c.severity, 'error');
    assert.equal(c.line, cidrLine, 'destination-cidr is reported on the destination line');
    assert.equal(c.column, cidrColumn, 'destination-cidr starts at the CIDR');
    assert.match(c.message, /10\.241\.0\.0\/24.*CIDR/);

    const unreachable = await filteredProblems('gateway-unreachable', (ps) => ps.every((p) => p.code === 'gateway-unreachable') && ps.some((p) => p.line === farLine), `gateway-unreachable alone, and on line ${farLine}`);
    const u = unreachable.find((p) => p.line === farLine)!;
    assert.equal(u.source, 'spk-routes');
    assert.equal(u.severity, 'warning');
    assert.equal(u.column, farColumn, 'gateway-unreachable starts at the gateway address');
    assert.match(u.message, /gateway 10\.9\.0\.1 is in no VLAN subnet of namespace lab/);
    for (const p of unreachable) assert.equal(p.code, 'gateway-unreachable', 'the filter shows only gateway-unreachable');

    // All of them: every row is spk-routes' and names its rule.
    await problemsFilter().fill('');
    const all = await poll('the Problems view to list many problems again', problemRows, (ps) => ps.length >= 8);
    for (const p of all) {
      assert.equal(p.source, 'spk-routes', `${p.label} comes from spk-routes`);
      assert.match(p.code ?? '', /^[a-z]+(-[a-z0-9]+)*$/, `${p.label} has a rule code`);
    }

    // Squiggles: an error under the CIDR, a warning under the unreachable gateway (scrolled into view).
    await vs.goTo(cidrLine, cidrColumn);
    await poll(`an error squiggle on line ${cidrLine}`, squiggles, (s) => s.some((q) => q.line === cidrLine && q.severity === 'error'));
    await vs.goTo(farLine, farColumn);
    await poll(`a warning squiggle on line ${farLine}`, squiggles, (s) => s.some((q) => q.line === farLine && q.severity === 'warning'));
    await shot('step1-gateway-unreachable-squiggle');
    await vs.goTo(cidrLine, cidrColumn);
    await poll(`an error squiggle on line ${cidrLine}`, squiggles, (s) => s.some((q) => q.line === cidrLine && q.severity === 'error'));
  });

  step('2. hover on the seed route destination in event1/routes.yaml shows the prefix facts', async (vs) => {
    const text = read('event1/routes.yaml');
    const line = lineOf(text, /^\s*destination:\s*10\.20\.0\.0\s*$/);
    const column = columnOf(text, line, '10.20.0.0') + 3;
    await vs.openFile('event1/routes.yaml');
    const expected = ['10.20.0.0/16', '255.255.0.0', '10.20.255.255', '65,534'];
    const hover = await poll('the hover to show the prefix facts', () => vs.hover(line, column), (t) => expected.every((e) => t.includes(e)));
    assert.match(hover, /Netmask\s+255\.255\.0\.0/);
    assert.match(hover, /Broadcast\s+10\.20\.255\.255/);
    assert.match(hover, /Hosts\/Net\s+65,534/);
  });

  step('3. completion inside spec offers the missing field type, with its description', async (vs) => {
    const text = read('event1/routes.yaml');
    const seed = lineOf(text, /^\s*destination:\s*10\.20\.0\.0\s*$/);
    const typeLine = lineOf(text, /^\s*type:\s*gateway\s*$/, seed);
    const gatewayLine = lineOf(text, /^\s*gateway:/, seed);
    assert.equal(gatewayLine, typeLine - 1, 'the seed route has gateway just before type');
    const page = vs.page;

    await vs.openFile('event1/routes.yaml');
    // Remove `type: gateway` from the seed route, then open an empty line in its spec.
    await vs.goTo(typeLine, 3);
    await page.keyboard.press('Control+Shift+K'); // Delete Line
    await poll(`line ${typeLine} to be gone`, () => renderedLine(typeLine), (t) => !/^\s*type:/.test(t ?? ''));
    await vs.goTo(gatewayLine, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await poll(`an empty indented line ${typeLine}`, () => renderedLine(typeLine), (t) => t !== undefined && /^ +$/.test(t));

    await page.keyboard.press('Control+Space');
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: WAIT_MS });
    const labels = await poll('suggestions', async () => (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim()), (l) => l.length > 0);
    assert.ok(labels.includes('type'), `type is offered (got ${labels.join(', ')})`);
    for (const present of ['destination', 'prefixLen', 'gateway']) assert.ok(!labels.includes(present), `${present} (already in spec) is not offered`);
    // The schema's description of the field: the details of the focused suggestion (Ctrl+Space shows them).
    const details = page.locator('.suggest-details-container .suggest-details');
    if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
    const doc = await poll('the description of type', () => details.innerText(), (t) => /Kind of route/.test(t));
    assert.match(doc, /gateway/);
    await shot('step3-suggestions-with-description');

    // Accept it: the value is a choice of the enum, then the line reads `type: gateway` again.
    const focused = await widget.locator('.monaco-list-row.focused .label-name').innerText();
    assert.equal(focused.trim(), 'type');
    await page.keyboard.press('Enter');
    const choices = await poll('the value choices', async () => (await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim()), (l) => l.length > 0);
    assert.deepEqual([...choices].sort(), ['blackhole', 'gateway']);
    await shot('step3-type-value-choices');
    await page.keyboard.press('Enter');
    await poll(`line ${typeLine} to read type: gateway`, () => renderedLine(typeLine), (t) => /^\s+type: gateway\s*$/.test(t ?? ''));
    await vs.runCommand('File: Revert File');
  });

  step('4. CodeLens shows the next hop and follows a VLAN added in another file', async (vs) => {
    const page = vs.page;
    const file = 'via-lab9.yaml';
    const unreachable = 'gateway 10.9.0.1 is on no connected network';
    const reachable = '→ 10.9.0.1 on lab9 (source 10.9.0.10, 10.9.0.11)';

    // A new file in event1, made from the Explorer's context menu.
    await vs.runCommand('View: Show Explorer');
    const folderRow = page.locator('.explorer-folders-view .monaco-list-row[aria-label="event1"]').first();
    await folderRow.waitFor({ state: 'visible', timeout: WAIT_MS });
    const nameBox = page.locator('.explorer-folders-view .monaco-inputbox input');
    const menu = page.locator('.context-view .monaco-menu');
    // Right-click event1, then New File... from the keyboard: a mouse click that lands while the
    // menu is still opening is dropped (seen once in a few runs), a key press is not.
    await poll('the Explorer to ask for the new file\'s name', async () => {
      if (await nameBox.isVisible()) return true;
      if (!(await menu.isVisible())) {
        await folderRow.click({ button: 'right' });
        await menu.waitFor({ state: 'visible', timeout: 5000 });
      }
      await page.keyboard.press('ArrowDown'); // focuses the first item
      const focused = (await menu.locator('.action-item.focused').innerText().catch(() => '')).trim();
      if (!/^New File/.test(focused)) {
        await page.keyboard.press('Escape');
        return false;
      }
      await page.keyboard.press('Enter');
      return nameBox.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    }, (shown) => shown);
    await nameBox.fill(file);
    await page.keyboard.press('Enter');
    await page.locator(`.editor-group-container.active .tab.active[aria-label*="${file}"]`).waitFor({ timeout: WAIT_MS });
    await focusEditor();
    await page.keyboard.insertText([
      'apiVersion: k8s.f5net.com/v1',
      'kind: IngressRouteStaticRoute',
      'metadata: {name: via-lab9, namespace: event1}',
      'spec: {destination: 10.99.0.0, prefixLen: 16, type: gateway, gateway: 10.9.0.1}',
      '',
    ].join('\n'));
    await poll('the route typed into the new file', () => vs.editorText(), (t) => t.includes('gateway: 10.9.0.1}'));
    await poll(`the lens "${unreachable}"`, () => lensesOf(file), (l) => l.includes(unreachable));
    await page.keyboard.press('Control+s');
    await page.locator(`.tab.active.dirty[aria-label*="${file}"]`).waitFor({ state: 'detached', timeout: WAIT_MS });
    await shot('step4-lens-gateway-unreachable');

    // Side by side: the new file on the left, vlans.yaml on the right, where a VLAN is pasted in.
    await vs.runCommand('View: Split Editor Right');
    await vs.openFile('event1/vlans.yaml');
    assert.ok(read('event1/vlans.yaml').endsWith('\n'), 'vlans.yaml ends with a newline: Ctrl+End is at the start of an empty line');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText([
      '---',
      'apiVersion: k8s.f5net.com/v1',
      'kind: IngressRouteVlan',
      'metadata: {name: lab9, namespace: event1}',
      'spec: {name: lab9, interfaces: ["1.3"], selfip_v4s: [10.9.0.10, 10.9.0.11], prefixlen_v4: 24}',
      '',
    ].join('\n'));
    await poll('the VLAN in vlans.yaml', () => vs.editorText(), (t) => t.includes('selfip_v4s: [10.9.0.10, 10.9.0.11], prefixlen_v4: 24}'));
    // Not saved: the language server sees the open document.
    await poll(`the lens of ${file} to become "${reachable}"`, () => lensesOf(file), (l) => l.includes(reachable));
    assert.equal(await page.locator('.tab.active.dirty[aria-label*="vlans.yaml"]').count(), 1, 'vlans.yaml has unsaved changes');
    await shot('step4-lens-after-vlan-added');

    // Undo the VLAN (revert the unsaved edit): the gateway is unreachable again.
    await vs.runCommand('File: Revert File');
    await poll(`the lens of ${file} to return to "${unreachable}"`, () => lensesOf(file), (l) => l.includes(unreachable));
    // Back to one editor group (the right one holds only clean editors now), showing the new file.
    await vs.runCommand('View: Close Editor Group');
    await poll('one editor group', () => page.locator('.editor-group-container').count(), (n) => n === 1);
    assert.deepEqual(await lensesOf(file), [unreachable]);
  });

  step('5. SPK: Simulate Route… validates the address, asks for the namespace, shows the next hop', async (vs) => {
    const page = vs.page;
    const seedName = 'event1-static-route-10-10-20.0';
    await vs.openFile('event1/routes.yaml');
    await vs.runCommand('SPK: Simulate Route…');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'SPK: Simulate Route' }).waitFor({ timeout: WAIT_MS });
    const message = page.locator('.quick-input-widget .quick-input-message');

    await page.keyboard.type('10.20.3');
    const invalid = await poll('the validation message for 10.20.3', () => message.innerText(), (t) => t.includes('"10.20.3"'));
    assert.match(invalid, /octets/, 'the message says what is wrong');
    await shot('step5-invalid-address-message');
    await page.keyboard.type('.4');
    await poll('the validation message to go away', () => message.innerText(), (t) => !t.includes('"10.20.3') && !/octets/.test(t));
    await page.keyboard.press('Enter');

    // Several namespaces in this workspace: a pick (if not, the result comes straight away).
    const rows = simulationsPane();
    const pick = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Simulate 10.20.3.4 from which namespace?' });
    const summary = (r: { label: string }) => r.label === '10.20.3.4 from event1';
    await poll('the namespace pick or the result', async () => (await pick.isVisible()) || (await treeRows(rows).catch(() => [])).some(summary), (x) => x);
    if (await pick.isVisible()) {
      const labels = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
      assert.ok(labels.includes('event1'), `event1 is offered (got ${labels.join(', ')})`);
      // The pick fades in: wait until it is opaque, for a readable screenshot.
      await poll('the pick to finish fading in', () => page.locator('.quick-input-widget').evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { opacity: string } }).getComputedStyle(e).opacity), (o) => o === '1', 5000).catch(() => undefined);
      await shot('step5-namespace-pick');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*event1\s*$/ }) }).first().click();
    }

    const tree = await poll('the lookup in the Simulations view', () => treeRows(rows), (r) => r.some(summary));
    const lookup = tree.find(summary)!;
    assert.equal(lookup.description, '→ 10.10.255.252 on external');
    if (lookup.expanded !== 'true') {
      await rows.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*10\.20\.3\.4 from event1\s*$/ }) }).first().click();
    }
    const details = await poll('the lookup expanded into its facts', () => treeRows(rows), (r) => r.some((x) => x.label === 'Route') && r.some((x) => x.label === 'Egress VLAN'));
    const fact = (label: string) => details.find((x) => x.label === label)?.description ?? '';
    assert.equal(fact('Outcome'), 'forwarded');
    assert.match(fact('Route'), new RegExp(`^10\\.20\\.0\\.0/16 — \\S+ event1/${seedName.replace(/\./g, '\\.')} \\(routes\\.yaml:\\d+\\)$`));
    assert.equal(fact('Next hop'), '10.10.255.252');
    assert.equal(fact('Egress VLAN'), 'external');
    assert.match(fact('Source (self IP)'), /10\.10\.0\.10 \(TMM 1\), 10\.10\.0\.11 \(TMM 2\)/);

    // Widen the side bar so the screenshot shows the descriptions whole, then put it back.
    const sidebar = page.locator('.part.sidebar');
    const box0 = await sidebar.boundingBox();
    if (box0) {
      const y = box0.y + box0.height / 2;
      await page.mouse.move(box0.x + box0.width + 1, y);
      await page.mouse.down();
      await page.mouse.move(box0.x + box0.width + 450, y, { steps: 5 });
      await page.mouse.up();
      await shot('step5-simulations-view-wide');
      const wide = await sidebar.boundingBox();
      if (wide) {
        await page.mouse.move(wide.x + wide.width + 1, y);
        await page.mouse.down();
        await page.mouse.move(box0.x + box0.width, y, { steps: 5 });
        await page.mouse.up();
      }
    }
  });

  step('6. quick fix splits a CIDR destination into destination and prefixLen', async (vs) => {
    const text = read('lab/mistakes.yaml');
    const line = lineOf(text, /^\s*destination:\s*10\.241\.0\.0\/24\b/);
    const column = columnOf(text, line, '10.241.0.0/24') + 2;
    const title = 'Split into destination 10.241.0.0 and prefixLen 24';

    await vs.openFile('lab/mistakes.yaml');
    await filteredProblems('destination-cidr', (ps) => ps.some((p) => p.code === 'destination-cidr' && p.line === line), `destination-cidr on line ${line}`);
    const offered = await vs.quickFixes(line, column, WAIT_MS);
    assert.ok(offered.some((t) => t.includes(title)), `"${title}" is offered (got ${offered.join(' | ')})`);
    await vs.applyQuickFix(line, column, title, WAIT_MS);

    await poll(`line ${line} to read destination: 10.241.0.0`, () => renderedLine(line), (t) => /^\s*destination: 10\.241\.0\.0(\s+#.*)?$/.test(t ?? ''));
    const spec = (await vs.editorText()).split('\n');
    const at = spec.findIndex((l) => /^\s*destination: 10\.241\.0\.0(\s+#.*)?$/.test(l));
    assert.ok(spec.slice(at - 2, at + 4).some((l) => /^\s*prefixLen: 24\s*$/.test(l)), 'prefixLen: 24 is added next to the destination');
    await filteredProblems('destination-cidr', (ps) => !ps.some((p) => p.code === 'destination-cidr'), 'no destination-cidr problem');
    // The route no longer misses its prefixLen either: nothing is reported on its lines now.
    await problemsFilter().fill('');
    const rest = await poll('the other problems to be listed again', problemRows, (ps) => ps.length >= 5 && !ps.some((p) => p.line !== undefined && p.line >= line - 1 && p.line <= line + 1));
    assert.ok(!rest.some((p) => p.code === 'destination-cidr'));
    await poll(`no squiggle on lines ${line - 1}–${line + 1}`, squiggles, (s) => !s.some((q) => q.line !== undefined && q.line >= line - 1 && q.line <= line + 1));
  });

  step('7. inlay hint after prefixLen of the seed route shows its address range', async (vs) => {
    const text = read('event1/routes.yaml');
    const seed = lineOf(text, /^\s*destination:\s*10\.20\.0\.0\s*$/);
    const line = lineOf(text, /^\s*prefixLen:\s*16\s*$/, seed - 1);
    await vs.openFile('event1/routes.yaml');
    await vs.goTo(line, 1);
    const hints = await poll(`the inlay hint on line ${line}`, () => vs.inlayHints(), (h) => h.some((x) => x.line === line && x.text === '10.20.0.0 – 10.20.255.255'));
    assert.ok(hints.filter((x) => x.line === line).length === 1, 'one hint on the prefixLen line');
  });

  step('8. SPK: Apply Routes to Cluster… with kubectl.path at a missing binary says nothing was applied', async (vs) => {
    const page = vs.page;
    await vs.openFile('event1/routes.yaml');
    await vs.runCommand('SPK: Apply Routes to Cluster…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'what to apply?' }).waitFor({ timeout: WAIT_MS });
    const labels = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(labels, ['Current file', 'Every SPK resource in the workspace']);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*Current file\s*$/ }) }).first().click();

    const expected = `SPK: nothing was applied: kubectl not found at "${MACHINE_KUBECTL}"`;
    const messages = await poll('the error notification', notificationCenter, (m) => m.some((x) => x.startsWith(expected)));
    const error = messages.find((x) => x.startsWith(expected))!;
    assert.match(error, /install kubectl \(or oc\) or set spkRoutes\.kubectl\.path/);
    assert.ok(!messages.some((x) => x.includes(WORKSPACE_KUBECTL)), 'the workspace setting (machine scope) is ignored');
    const icon = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'nothing was applied' }).first().locator('.codicon-error');
    assert.ok(await icon.count(), 'it is an error notification');
    // Expand it so the screenshot shows the whole message.
    await page.locator('.notifications-center .notification-list-item').filter({ hasText: 'nothing was applied' }).first().hover();
    await page.locator('.notifications-center .codicon-notifications-expand').first().click({ timeout: 2000 }).catch(() => undefined);
    await shot('step8-notification-center');
  });
});

/**
 * The kubectl that the cluster helpers run (SPK_KUBECTL, else kubectl on PATH: /usr/bin/kubectl
 * here), as the absolute path that spkRoutes.kubectl.path gets, so the extension and the checks
 * talk to the server through the same binary.
 */
function kubectlPath(): string {
  if (KUBECTL.includes('/')) return path.resolve(KUBECTL);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, KUBECTL))) return path.join(dir, KUBECTL);
  }
  throw new Error(`${KUBECTL} is not on PATH (set SPK_KUBECTL)`);
}

// Its own VS Code: spkRoutes.kubectl.path (machine settings) is the real kubectl here, and
// code-server (so the extension host, so kubectl) gets KUBECONFIG pointing at the test API server
// (scripts/cluster/apiserver.ts: a real kube-apiserver with the SPK CRDs; context spk-test, whose
// user may do everything). Nothing else reaches a cluster: the server's kubeconfig is the only one.
describe('e2e features: SPK: Apply Routes to Cluster… against a real API server', { timeout: 40 * 60_000 }, () => {
  let vs: VsCode | undefined;
  let server: ApiServer | undefined;
  let t0 = 0;
  const timings: Record<string, number> = {};
  const screenshots: Record<string, string[]> = {};
  const { step, shot, notificationCenter } = steps(() => vs, timings, screenshots);
  const NS = 'event1';
  const ROUTES = 'ingressroutestaticroutes.k8s.f5net.com';
  const SEED = 'event1-static-route-10-10-20.0';
  const DEFAULT_ROUTE = 'event1-default-route';

  before(async () => {
    t0 = Date.now();
    // The server first (a first build of it on a new machine takes minutes: hence the hook's timeout).
    const tServer = Date.now();
    const crds = generateCrds();
    server = await startApiServer();
    await installCrds(server, crdsToYaml(crds), crds);
    const ns = await server.kubectl(['create', 'namespace', NS]);
    assert.equal(ns.code, 0, `kubectl create namespace ${NS}: ${ns.stderr}`);
    timings.apiServerWithCrds = Date.now() - tServer;

    ensureBuilt();
    const tLaunch = Date.now();
    vs = await launchVsCode({
      folder: tempCopy(EXAMPLES),
      runName: 'features-cluster',
      env: { KUBECONFIG: server.kubeconfig },
      // Machine-scoped settings: read from the remote (machine) settings only (see the top). A
      // generous kubectl timeout: the first call on a busy machine downloads discovery and OpenAPI.
      machineSettings: { 'spkRoutes.kubectl.path': kubectlPath(), 'spkRoutes.kubectl.timeoutSeconds': 120 },
    });
    timings.launchToWorkbench = Date.now() - tLaunch;
  }, { timeout: 30 * 60_000 });

  after(async () => {
    // Both, whatever failed: VS Code first (it may be running kubectl against the server).
    await vs?.stop().catch(() => undefined);
    await server?.stop();
    timings.total = Date.now() - t0;
    process.stdout.write(`e2e features (cluster) timings (ms): ${JSON.stringify(timings, null, 1)}\n`);
    process.stdout.write(`screenshots: ${JSON.stringify(screenshots, null, 1)}\noutput: ${vs?.outputDir ?? '-'}\n`);
  });

  const dialogBox = () => vs!.page.locator('.monaco-dialog-box');

  /** The modal dialog as shown: message, detail (one entry per line) and button labels; undefined when none is open. */
  async function modalDialog(): Promise<{ message: string; detail: string[]; buttons: string[] } | undefined> {
    const box = dialogBox();
    if (!(await box.isVisible())) return undefined;
    const text = async (selector: string) => (await box.locator(selector).first().innerText()).replace(/\u00a0/g, ' ').trim();
    return {
      message: await text('.dialog-message-text'),
      detail: (await text('.dialog-message-detail')).split('\n').map((l) => l.trim()),
      buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((s) => s.trim()).filter(Boolean),
    };
  }

  /** Clicks the dialog's button `label` and waits for the dialog to close. */
  async function pressDialogButton(label: string): Promise<void> {
    await dialogBox().locator('.dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().click();
    await dialogBox().waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  /** Runs the command on event1/routes.yaml, scope "Current file"; returns the dialog once its message is `message`. */
  async function applyCurrentFile(vs: VsCode, message: string | RegExp): Promise<NonNullable<Awaited<ReturnType<typeof modalDialog>>>> {
    const page = vs.page;
    await vs.openFile('event1/routes.yaml');
    await vs.runCommand('SPK: Apply Routes to Cluster…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'what to apply?' }).waitFor({ timeout: WAIT_MS });
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\s*Current file\s*$/ }) }).first().click();
    // kubectl config view, then a server-side dry run per resource: seconds on a busy machine.
    const dialog = await poll(`the dialog "${String(message)}"`, modalDialog, (d) => d !== undefined && (typeof message === 'string' ? d.message === message : message.test(d.message)), 90_000);
    return dialog!;
  }

  interface StoredRoute {
    metadata: { name: string; namespace: string; resourceVersion: string; managedFields?: { manager: string; operation: string }[] };
    spec: Record<string, unknown>;
  }

  /** The routes the server holds in event1, by name (read with the server's kubectl as the admin). */
  async function storedRoutes(): Promise<Map<string, StoredRoute>> {
    const r = await server!.kubectl(['get', ROUTES, '-n', NS, '-o', 'json', '--show-managed-fields']);
    assert.equal(r.code, 0, r.stderr);
    return new Map((JSON.parse(r.stdout) as { items: StoredRoute[] }).items.map((o) => [o.metadata.name, o]));
  }

  let appliedVersions = new Map<string, string>();

  step('9. SPK: Apply Routes to Cluster… confirms with the context, cluster, namespace and plan, then applies to the real API server', async (vs) => {
    const srv = server!;
    assert.match(srv.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await storedRoutes()).size, 0, 'event1 starts without routes');
    await vs.openFile('event1/routes.yaml');
    timings.extensionActivation = await vs.waitForExtensionActive();

    // routes.yaml: two IngressRouteStaticRoutes and a Deployment; only the SPK resources are sent.
    const dialog = await applyCurrentFile(vs, 'Apply 2 resources to context spk-test?');
    await shot('step9-confirmation-dialog');
    for (const line of [
      `Context: ${srv.context}`,
      `Cluster: ${srv.cluster} (${srv.url})`,
      `Namespace: ${NS}`,
      'Dry run (server-side): 2 create, 0 update, 0 unchanged',
      `+ create IngressRouteStaticRoute ${NS}/${DEFAULT_ROUTE}`,
      `+ create IngressRouteStaticRoute ${NS}/${SEED}`,
      // What the apply does to traffic: the namespace has no VLAN in this cluster, so both gateways are on no connected network.
      'Traffic (the cluster now ⇒ after this apply): 2 changes',
      `${NS}  10.20.0.0/16  no route  ⇒  gateway 10.10.255.252 on no connected network (${SEED})`,
    ]) assert.ok(dialog.detail.includes(line), `the detail has the line "${line}" (got ${JSON.stringify(dialog.detail)})`);
    assert.equal(srv.context, 'spk-test');
    assert.ok(!dialog.detail.some((l) => /Deployment|web-tier1/.test(l)), 'the Deployment is not in the plan');
    assert.ok(dialog.buttons.includes('Apply'), `an Apply button (got ${dialog.buttons.join(', ')})`);
    assert.ok(dialog.buttons.includes('Cancel'), `a Cancel button (got ${dialog.buttons.join(', ')})`);
    assert.equal((await storedRoutes()).size, 0, 'the dry run stored nothing');

    await pressDialogButton('Apply');
    const expected = 'SPK: 2 applied, 0 unchanged.';
    await poll(`the notification "${expected}"`, notificationCenter, (m) => m.includes(expected), 90_000);
    await shot('step9-result-notification');

    const routes = await storedRoutes();
    assert.deepEqual([...routes.keys()].sort(), [DEFAULT_ROUTE, SEED]);
    assert.deepEqual(routes.get(DEFAULT_ROUTE)!.spec, { destination: '0.0.0.0', prefixLen: 0, gateway: '10.10.0.1', type: 'gateway' });
    assert.deepEqual(routes.get(SEED)!.spec, { destination: '10.20.0.0', prefixLen: 16, gateway: '10.10.255.252', type: 'gateway' });
    for (const route of routes.values()) {
      assert.equal(route.metadata.namespace, NS);
      assert.deepEqual(route.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`), ['spk-routes/Apply'], `${route.metadata.name} is server-side applied by spk-routes`);
    }
    const deployments = await srv.kubectl(['get', 'deployments', '-n', NS, '-o', 'name']);
    assert.equal(deployments.code, 0, deployments.stderr);
    assert.equal(deployments.stdout.trim(), '', 'the Deployment was not sent');
    appliedVersions = new Map([...routes].map(([name, o]) => [name, o.metadata.resourceVersion]));
  });

  step('10. applied again: the dialog says everything is unchanged, offers no Apply, and the cluster is untouched', async (vs) => {
    assert.equal(appliedVersions.size, 2, 'step 9 applied the routes');
    const dialog = await applyCurrentFile(vs, 'Nothing to apply to spk-test: everything is unchanged.');
    await shot('step10-nothing-to-apply-dialog');
    for (const line of [
      `Context: ${server!.context}`,
      `Namespace: ${NS}`,
      'Dry run (server-side): 0 create, 0 update, 2 unchanged',
      `= unchanged IngressRouteStaticRoute ${NS}/${DEFAULT_ROUTE}`,
      `= unchanged IngressRouteStaticRoute ${NS}/${SEED}`,
    ]) assert.ok(dialog.detail.includes(line), `the detail has the line "${line}" (got ${JSON.stringify(dialog.detail)})`);
    assert.ok(!dialog.buttons.includes('Apply'), `no Apply button (got ${dialog.buttons.join(', ')})`);
    await pressDialogButton(dialog.buttons[0]!);
    const routes = await storedRoutes();
    assert.deepEqual(new Map([...routes].map(([name, o]) => [name, o.metadata.resourceVersion])), appliedVersions, 'nothing was written');
  });
});
