// spk-route lint with schemas from CRDs (issue 14): the CRDs in the linted paths govern their kinds
// automatically, `--crds PATH` adds CRDs from files that are not linted, `--no-bundled-schemas`
// checks only what a CRD serves; a CRD that cannot be used is a warning on stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
let dir: string;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ROUTE = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r1, namespace: spk}
spec:
  destination: 10.0.0.0
  prefixLen: 24
  gateway: 10.0.0.1
  colour: red
`;
const VLAN = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v, namespace: spk}\nspec: {name: ext, tag: 5000}\n';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'spk-cli-crds-'));
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'crds'));
  writeFileSync(join(dir, 'app', 'routes.yaml'), ROUTE);
  writeFileSync(join(dir, 'app', 'vlan.yaml'), VLAN);
  copyFileSync(join(ROOT, 'test', 'fixtures', 'crds', 'spk-staticroute-crd.yaml'), join(dir, 'crds', 'spk.yaml'));
  writeFileSync(join(dir, 'crds', 'broken.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('spk-route lint with CRDs', () => {
  test('without a CRD: the bundled schema', () => {
    const r = cli('lint', 'app');
    assert.match(r.stdout, /^app\/routes\.yaml:8:3: warning unknown-field: unknown field "colour" in spec of F5SPKStaticRoute/m);
  });
  test('--crds FOLDER: the CRD governs its kind, named with its file and line; other kinds keep the bundled schema; a broken CRD is a warning', () => {
    const r = cli('lint', 'app', '--crds', 'crds', '--format', 'json');
    const records = JSON.parse(r.stdout) as { file: string; line: number; code: string; severity: string; message: string }[];
    const colour = records.find((x) => x.message.includes('colour'))!;
    assert.deepEqual([colour.file, colour.line, colour.code, colour.severity], ['app/routes.yaml', 8, 'unknown-field', 'error']);
    assert.match(colour.message, /^spec\.colour: unknown field "spec\.colour" \(schema: CRD f5-spk-staticroutes\.k8s\.f5net\.com v1, crds\/spk\.yaml:\d+\)$/);
    assert.ok(records.some((x) => x.file === 'app/vlan.yaml' && x.code === 'out-of-range' && !x.message.includes('CRD')));
    assert.match(r.stderr, /^spk-route: warning: crds\/broken\.yaml:1: the CRD has no spec\.group or spec\.names\.kind$/m);
    assert.equal(r.code, 1);
  });
  test('CRDs in the linted paths are used without --crds', () => {
    const r = cli('lint', '.');
    assert.match(r.stdout, /app\/routes\.yaml:8:3: error unknown-field: spec\.colour: unknown field "spec\.colour" \(schema: CRD /);
  });
  test('--no-bundled-schemas: only what a CRD serves is checked', () => {
    const r = cli('lint', 'app', '--crds', 'crds/spk.yaml', '--no-bundled-schemas', '--format', 'json');
    const records = JSON.parse(r.stdout) as { file: string; code: string }[];
    assert.deepEqual(records.filter((x) => x.file === 'app/vlan.yaml' && x.code === 'out-of-range'), []);
    assert.ok(records.some((x) => x.file === 'app/routes.yaml' && x.code === 'unknown-field'));
  });
});

describe('the other commands take the same schema options', () => {
  test('spk-route test: --crds reads the CRDs (a broken one is a warning), --no-bundled-schemas is accepted; the tests run as before', () => {
    const tests = join(ROOT, 'test', 'fixtures', 'route-tests');
    const plain = cli('test', tests);
    const r = cli('test', tests, '--crds', 'crds', '--no-bundled-schemas');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, plain.stdout);
    assert.match(r.stdout, /^1 passed, 2 failed \(1 soft\)$/m);
    assert.equal(r.stderr, 'spk-route: warning: crds/broken.yaml:1: the CRD has no spec.group or spec.names.kind\n');
  });
  test('an unknown option is still refused (the schema options are added, not everything)', () => {
    const r = cli('test', 'app', '--crd', 'crds');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'spk-route: unknown option --crd\n');
  });
});
