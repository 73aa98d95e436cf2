// node/helm.ts without helm: which folders are charts, which chart a file renders with, the
// arguments given to helm, and `# Source:` paths that cannot lead out of the chart.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chartOfTemplateFile, chartsOf, chartToRender, helmTemplate, templateArgs, templatePath } from '../../server/src/node/helm.js';

let root = '';
const at = (...parts: string[]) => join(root, ...parts);

before(() => {
  root = mkdtempSync(join(tmpdir(), 'spk-charts-'));
  for (const folder of ['app/templates/net', 'app/charts/sub/templates', 'loose/templates']) mkdirSync(at(folder), { recursive: true });
  writeFileSync(at('app', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  writeFileSync(at('app', 'values.yaml'), 'a: 1\n');
  writeFileSync(at('app', 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
  for (const file of ['app/templates/r.yaml', 'app/templates/net/v.yaml', 'app/charts/sub/templates/s.yaml', 'loose/templates/x.yaml']) writeFileSync(at(file), 'a: 1\n');
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('charts on disk', () => {
  test('a template belongs to the innermost chart whose templates/ holds it', () => {
    assert.equal(chartOfTemplateFile(at('app/templates/r.yaml')), at('app'));
    assert.equal(chartOfTemplateFile(at('app/templates/net/v.yaml')), at('app'));
    assert.equal(chartOfTemplateFile(at('app/charts/sub/templates/s.yaml')), at('app/charts/sub'));
    assert.equal(chartOfTemplateFile(at('loose/templates/x.yaml')), undefined);
    assert.equal(chartOfTemplateFile(at('app/values.yaml')), undefined);
  });

  test('the chart to render: the nearest above, or the parent of a subchart', () => {
    assert.equal(chartToRender(at('app/values.yaml')), at('app'));
    assert.equal(chartToRender(at('app/templates/net/v.yaml')), at('app'));
    assert.equal(chartToRender(at('app/charts/sub/templates/s.yaml')), at('app'));
    assert.equal(chartToRender(at('loose/templates/x.yaml')), undefined);
  });

  test('the charts of a set of files: no subchart on its own', () => {
    assert.deepEqual(chartsOf([at('app/Chart.yaml'), at('app/charts/sub/Chart.yaml'), at('app/charts/sub/templates/s.yaml')]), [at('app')]);
    assert.deepEqual(chartsOf([at('app/templates/r.yaml')]), [at('app')]);
    assert.deepEqual(chartsOf([at('loose/templates/x.yaml')]), []);
  });

  test('helm template arguments: the release name, the chart, its values.yaml when it has one, the namespace', () => {
    assert.deepEqual(templateArgs(at('app'), { namespace: 'spk' }), ['template', 'release-name', at('app'), '--values', at('app', 'values.yaml'), '--namespace', 'spk']);
    assert.deepEqual(templateArgs(at('app/charts/sub')), ['template', 'release-name', at('app/charts/sub')]);
  });

  test('a # Source: path stays in its chart', () => {
    assert.equal(templatePath(at('app'), 'templates/r.yaml'), at('app', 'templates', 'r.yaml'));
    assert.equal(templatePath(at('app'), '../../etc/passwd'), undefined);
    assert.equal(templatePath(at('app'), '/etc/passwd'), undefined);
    assert.equal(templatePath(at('app'), 'templates//r.yaml'), undefined);
  });

  test('a helm that is not there: a clear error', async () => {
    await assert.rejects(helmTemplate(at('app'), { path: at('no-helm') }), { failure: 'missing', message: `helm was not found at "${at('no-helm')}"` });
    await assert.rejects(helmTemplate(at('app'), { path: at('app', 'values.yaml') }), { failure: 'missing', message: `helm at "${at('app', 'values.yaml')}" cannot be run (permission denied)` });
  });

  /** A stand-in for helm: a shell script. */
  const fakeHelm = (name: string, script: string) => {
    writeFileSync(at(name), `#!/bin/sh\n${script}\n`);
    chmodSync(at(name), 0o755);
    return at(name);
  };

  test('too slow, too much output, a failure: each said as it is', async () => {
    await assert.rejects(helmTemplate(at('app'), { path: fakeHelm('slow', 'exec sleep 5'), timeoutMs: 200 }), { failure: 'timeout', message: 'helm template did not finish within 200 ms' });
    await assert.rejects(helmTemplate(at('app'), { path: fakeHelm('big', 'head -c 3000000 /dev/zero'), maxOutputBytes: 1024 * 1024 }), { failure: 'too-large', message: 'helm template wrote more than 1 MB; nothing was checked' });
    const failing = fakeHelm('failing', 'echo "Error: template: app/templates/r.yaml:3:7: bad" >&2\necho >&2\necho "Use --debug flag to render out invalid YAML" >&2\nexit 1');
    await assert.rejects(helmTemplate(at('app'), { path: failing }), { failure: 'failed', message: 'helm could not render the chart: template: app/templates/r.yaml:3:7: bad' });
    const { stdout, warnings } = await helmTemplate(at('app'), { path: fakeHelm('ok', 'echo "walk.go: a warning" >&2\nprintf -- "---\\n# Source: app/templates/r.yaml\\na: 1\\n"') });
    assert.equal(stdout, '---\n# Source: app/templates/r.yaml\na: 1\n');
    assert.equal(warnings, 'walk.go: a warning');
  });
});
