// E2E: SPK: Check Rendered Helm Chart in a real VS Code, with the real helm (scripts/helm/build-helm.sh)
// as the machine-scoped spkRoutes.helm.path: the fixture chart is rendered and what only its values
// show lands on the template lines in the Problems view, from the "spk-routes helm" source.
// Run: node --import tsx --test test/e2e/helm.test.ts   (or: node scripts/test.mjs e2e)
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureHelmBinary } from '../../scripts/helm/helm.js';
import { buildExtension, REPO_ROOT, tempCopy } from '../../scripts/vscode/codeServer.js';
import { launchVsCode, poll, type Problem, type VsCode } from './workbench.js';

const CHARTS = path.join(REPO_ROOT, 'test', 'fixtures', 'helm');
describe('e2e: SPK: Check Rendered Helm Chart', { timeout: 300_000 }, () => {
  let vs: VsCode | undefined;

  before(async () => {
    const helm = ensureHelmBinary();
    buildExtension();
    vs = await launchVsCode({ folder: tempCopy(CHARTS), runName: 'helm', machineSettings: { 'spkRoutes.helm.path': helm } });
  });

  after(async () => {
    await vs?.stop();
    process.stdout.write(`output: ${vs?.outputDir ?? '-'}\n`);
  });

  test('the rendered chart\'s findings are on the template lines, with the source spk-routes helm', { timeout: 180_000 }, async () => {
    assert.ok(vs);
    await vs.openFile('spk-egress/templates/routes.yaml');
    await vs.waitForExtensionActive();
    await vs.runCommand('SPK: Check Rendered Helm Chart');
    const helmProblems = (ps: Problem[]) => ps.filter((p) => p.source === 'spk-routes helm');
    const problems = await poll('the rendered chart\'s three findings in the Problems view', async () => {
      const rows = await vs!.problems({ min: 3, timeoutMs: 5_000 });
      return helmProblems(rows);
    }, (ps) => ps.length >= 3, 90_000);
    const seen = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code}`).sort();
    assert.deepEqual(seen, ['routes.yaml:11:12 error invalid-address', 'routes.yaml:19:16 warning destination-host-bits', 'snatpool.yaml:2:1 error wrong-type']);
    const snat = problems.find((p) => p.code === 'wrong-type')!;
    assert.match(snat.message, /^in rendered line "- 10\.10\.5\.3" \(not mapped to a template line\): spec\.addressList\[1\] must be a list/);
    await vs.screenshot('helm-check-problems');
  });
});
