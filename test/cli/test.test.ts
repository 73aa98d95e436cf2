// spk-route test (issue 13): the built CLI runs every RouteTest in the paths; each format (text,
// json, junit, sarif) and each exit code (0 all non-soft hold, 1 one fails, 2 usage, unreadable or
// invalid test file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { toJunit } from '../../server/src/cli/junit.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** vlans.yaml, routes.yaml (the seed's route covers only 10.20.0.0/17) and routes.test.yaml: 1 passes, 1 fails, 1 fails softly. */
const FIXTURE = 'test/fixtures/route-tests';
const TESTS = `${FIXTURE}/routes.test.yaml`;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temps: string[] = [];
/** A copy of the fixture with files replaced or added. */
function variant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'spk-route-test-'));
  temps.push(dir);
  cpSync(join(ROOT, FIXTURE), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const TEST_HEAD = 'apiVersion: spk-routes/v1alpha1\nkind: RouteTest\nmetadata:\n  name: t\nspec:\n  namespace: event1\n  expect:\n';

describe('spk-route test', () => {
  test('the examples: every expectation holds, exit 0', () => {
    const r = cli('test', 'examples');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 9);
    assert.equal(lines[0], 'examples/event1/routes.test.yaml:12: ✓ event1-egress 10.20.3.4: nextHop 10.10.255.252, route event1-static-route-10-10-20.0');
    assert.equal(lines.at(-1), '8 passed, 0 failed');
  });

  test('text: a line per expectation at its destination, what fails and what it does instead; exit 1', () => {
    const r = cli('test', FIXTURE);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, [
      `${TESTS}:8: ✓ event1-egress 10.20.1.5: nextHop 10.10.255.252`,
      `${TESTS}:10: ✗ event1-egress 10.20.0.0/16: expected nextHop 10.10.255.252, vlan external: 10.20.128.0/17 goes → 10.10.0.1 on external via event1-default-route`,
      `${TESTS}:13: ⚠ event1-egress 192.0.2.0/24: expected no-route: 192.0.2.0/24 goes → 10.10.0.1 on external via event1-default-route (soft)`,
      '1 passed, 2 failed (1 soft)',
      '',
    ].join('\n'));
  });

  test('only soft failures: exit 0', () => {
    const dir = variant({ 'routes.yaml': readFileSync(join(ROOT, FIXTURE, 'routes.yaml'), 'utf8').replace('prefixLen: 17', 'prefixLen: 16') });
    const r = cli('test', dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n2 passed, 1 failed \(1 soft\)\n$/);
  });

  test('json: one result per expectation; passed + failed is their number; actual is the answer, or the failing prefixes', () => {
    const r = cli('test', FIXTURE, '--format', 'json');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.passed, 1);
    assert.equal(out.failed, 2);
    assert.equal(out.results.length, out.passed + out.failed);
    assert.deepEqual(Object.keys(out.results[0]), ['file', 'line', 'test', 'destination', 'passed', 'soft', 'expected', 'actual']);
    assert.deepEqual(out.results[0], {
      file: TESTS, line: 8, test: 'event1-egress', destination: '10.20.1.5', passed: true, soft: false,
      expected: { nextHop: '10.10.255.252' },
      actual: [{
        replicas: [1, 2], outcome: 'forwarded', nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan',
        route: { kind: 'F5SPKStaticRoute', name: 'seed', namespace: 'event1', file: `${FIXTURE}/routes.yaml`, line: 6, destination: '10.20.0.0', prefixLen: 17 },
        sourceAddresses: [['10.10.0.10'], ['10.10.0.11']],
      }],
    });
    const cidr = out.results[1];
    assert.deepEqual([cidr.line, cidr.passed, cidr.soft, cidr.expected], [10, false, false, { nextHop: '10.10.255.252', vlan: 'external' }]);
    assert.deepEqual(cidr.actual.map((a: { prefixes: string[]; nextHop: string; route: { name: string } }) => [a.prefixes, a.nextHop, a.route.name]), [[['10.20.128.0/17'], '10.10.0.1', 'event1-default-route']]);
    assert.equal(cidr.message, 'expected nextHop 10.10.255.252, vlan external: 10.20.128.0/17 goes → 10.10.0.1 on external via event1-default-route');
    assert.deepEqual([out.results[2].passed, out.results[2].soft], [false, true]);
  });

  test('junit: a testsuite per RouteTest, a testcase per expectation; a soft failure is skipped', () => {
    const dir = variant({ 'more.test.yaml': `${TEST_HEAD.replace('name: t', 'name: second')}    - destination: 8.8.8.8\n      route: event1-default-route\n` });
    const r = cli('test', dir, '--format=junit');
    assert.equal(r.code, 1, r.stderr);
    const xml = r.stdout;
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="spk-route test" tests="4" failures="1" errors="0" skipped="1">\n/);
    assert.deepEqual([...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) => m.slice(1)), [['second', '1', '0', '0'], ['event1-egress', '3', '1', '1']]);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
    assert.match(xml, /<testcase name="10\.20\.0\.0\/16: nextHop 10\.10\.255\.252, vlan external" classname="event1\.event1-egress" file="[^"]+routes\.test\.yaml" line="10">\n {6}<failure message="expected nextHop 10\.10\.255\.252, vlan external: 10\.20\.128\.0\/17 goes → 10\.10\.0\.1 on external via event1-default-route" type="route-test-failed">/);
    assert.match(xml, /<testcase name="192\.0\.2\.0\/24: no-route"[^>]*>\n {6}<skipped message="soft: expected no-route: /);
    assert.match(xml, /<\/testsuites>\n$/);
    // Every element is closed where it is opened.
    const stack: string[] = [];
    for (const [, close, name, self] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (close) assert.equal(stack.pop(), name);
      else if (!self) stack.push(name!);
    }
    assert.deepEqual(stack, []);
  });

  test('junit escapes what XML cannot carry as it is', () => {
    const xml = toJunit('a<b', [{ name: 's"&\'', file: 'f', cases: [{ name: 'x\ny\u001b', classname: 'c', file: 'f', line: 1, failure: { message: '<m>', type: 't', details: 'd & e\u0000' } }] }]);
    assert.match(xml, /<testsuites name="a&lt;b"/);
    assert.match(xml, /<testsuite name="s&quot;&amp;&apos;"/);
    assert.match(xml, /<testcase name="x&#10;y\\x1b"/);
    assert.match(xml, /<failure message="&lt;m&gt;" type="t">d &amp; e\\x00<\/failure>/);
  });

  test('sarif: the failures as lint writes them, soft ones as warnings', () => {
    const r = cli('test', FIXTURE, '--format', 'sarif');
    assert.equal(r.code, 1);
    const run = JSON.parse(r.stdout).runs[0];
    assert.equal(run.tool.driver.name, 'spk-route');
    assert.deepEqual(run.results.map((x: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine, x.locations[0]!.physicalLocation.region.startColumn]), [
      ['route-test-failed', 'error', TESTS, 10, 20],
      ['route-test-failed', 'warning', TESTS, 13, 20],
    ]);
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'route-test-failed');
  });

  test('exit 2: an invalid test file, with its line (the valid tests still run)', () => {
    const dir = variant({ 'bad.test.yaml': `${TEST_HEAD}    - destination: 10.20.1\n      nextHop: 10.10.255.252\n    - destination: 10.20.1.5\n      outcome: forward\n---\napiVersion: spk-routes/v1alpha1\nkind: RouteTest\nmetadata: {name: broken\n` });
    const r = cli('test', dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /\n1 passed, 2 failed \(1 soft\)\n$/);
    const errors = r.stderr.trimEnd().split('\n').map((line) => line.replace(/^spk-route: .*bad\.test\.yaml:/, 'bad.test.yaml:'));
    assert.deepEqual(errors, [
      'bad.test.yaml:8:20: route-test-invalid: destination: "10.20.1" has 3 octets, an IPv4 address has 4; write an address or a CIDR',
      'bad.test.yaml:11:16: invalid-value: forward is not a valid spec.expect[1].outcome (did you mean "forwarded"?); expected one of: connected, forwarded, unresolved, blackhole, no-route',
      'bad.test.yaml:14:1: missing-field: RouteTest is missing the required field "spec" — The namespace whose route table is tested, and the expectations',
      'bad.test.yaml:16:1: yaml-syntax: YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  test('exit 2: a file that cannot be read, a usage error', () => {
    const tooLarge = cli('test', FIXTURE, '--max-file-size', '0.0002');
    assert.equal(tooLarge.code, 2);
    assert.match(tooLarge.stderr, /skipped test\/fixtures\/route-tests\/routes\.yaml: .* of --max-file-size\n/);
    assert.match(tooLarge.stderr, /spk-route: \d+ files? could not be read: the tests did not see every route\n$/);
    const format = cli('test', FIXTURE, '--format', 'xml');
    assert.deepEqual([format.code, format.stderr, format.stdout], [2, 'spk-route: --format must be text, json, junit or sarif, not "xml"\n', '']);
    assert.equal(cli('test', FIXTURE, '--json').code, 2);
    assert.equal(cli('test', 'no/such/path').code, 2);
  });

  test('no RouteTest in the paths: a warning, exit 0', () => {
    const r = cli('test', 'test/fixtures/cli/clean');
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '0 passed, 0 failed\n', 'spk-route: warning: no RouteTest (apiVersion: spk-routes/v1alpha1, kind: RouteTest) in the paths\n']);
  });

  test('--default-namespace: the namespace of a test without spec.namespace', () => {
    const dir = variant({ 'routes.test.yaml': `${TEST_HEAD.replace('  namespace: event1\n', '')}    - destination: 10.20.1.5\n      route: seed\n` });
    assert.equal(cli('test', dir).code, 1);
    assert.equal(cli('test', dir, '--default-namespace', 'event1').code, 0);
  });
});
