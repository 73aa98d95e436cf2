// Checks the harness's UI helpers against VS Code's built-in language features (JSON, TypeScript,
// merge conflicts, word completion), so they are known to work before our features use them.
// Run: node --import tsx --test test/e2e/harness.test.ts   (or: node scripts/test.mjs e2e)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tempFolder } from '../../scripts/vscode/codeServer.js';
import { launchVsCode, type VsCode } from './workbench.js';

// Written at run time: a tracked file with conflict markers or a TS error would upset other tools.
const FILES: Record<string, string> = {
  'routes.yaml': 'routes:\n  - name: default\n    gateway: 10.0.0.1\n    destination: 0.0.0.0/0\n',
  'bad.json': '{\n  "a": 1\n  "b": 2\n}\n',
  'typo.ts': 'const answer = 42;\nfunction greet(name: string) { return name; }\nconsol.log(greet("x"), answer);\n',
  'conflict.yaml': 'routes:\n<<<<<<< HEAD\n  - name: a\n=======\n  - name: b\n>>>>>>> other\n',
};

describe('e2e harness helpers (built-in language features)', { timeout: 300_000 }, () => {
  let vs: VsCode | undefined;
  const t0 = Date.now();

  before(async () => {
    vs = await launchVsCode({ folder: tempFolder(FILES), runName: 'harness', extensionPath: null });
  });

  after(async () => {
    await vs?.stop();
    process.stdout.write(`harness helpers: ${Date.now() - t0} ms, output ${vs?.outputDir ?? '-'}\n`);
  });

  test('paletteCommands lists matching commands', async () => {
    assert.ok(vs);
    assert.ok((await vs.paletteCommands('Developer: Show Running')).includes('Developer: Show Running Extensions'));
  });

  test('openFile (Quick Open) and editorText', async () => {
    assert.ok(vs);
    await vs.openFile('routes.yaml');
    assert.match(await vs.editorText(), /gateway: 10\.0\.0\.1/);
  });

  test('completions: word-based suggestions in YAML', async () => {
    assert.ok(vs);
    const labels = await vs.completions(2, 5);
    assert.ok(labels.includes('gateway') && labels.includes('destination'), labels.join(', '));
  });

  test('problems: a JSON syntax error, with position and source', async () => {
    assert.ok(vs);
    await vs.openFileFromExplorer('bad.json');
    const problems = await vs.problems({ min: 1 });
    const p = problems.find((x) => x.file === 'bad.json');
    assert.ok(p, JSON.stringify(problems));
    assert.equal(p.severity, 'error');
    assert.equal(p.message, 'Expected comma');
    assert.equal(p.source, 'json');
    assert.deepEqual([p.line, p.column], [3, 3]);
  });

  test('hover: shows the diagnostic under the cursor', async () => {
    assert.ok(vs);
    assert.match(await vs.hover(3, 3), /Expected comma/);
  });

  test('codeLenses: merge-conflict actions', async () => {
    assert.ok(vs);
    await vs.openFile('conflict.yaml');
    const lenses = (await vs.codeLenses(20_000)).join(' ');
    assert.match(lenses, /Accept Current Change/);
    assert.match(lenses, /Accept Incoming Change/);
  });

  test('hover and quick fix in TypeScript', async () => {
    assert.ok(vs);
    await vs.openFile('typo.ts');
    assert.match(await vs.hover(1, 8, 30_000), /const answer: 42/);
    assert.ok((await vs.quickFixes(3, 3, 30_000)).includes("Change spelling to 'console'"));
    await vs.applyQuickFix(3, 3, "Change spelling to 'console'");
    assert.match(await vs.editorText(), /^console\.log/m);
    await vs.screenshot('quick-fix-applied');
  });

  test('outputChannels lists the built-in channels', async () => {
    assert.ok(vs);
    assert.ok((await vs.outputChannels()).includes('Extension Host (Remote)'));
  });
});
