// spk-route lint --helm-render with a real helm (scripts/helm/build-helm.sh builds Helm's own code
// from the Go module proxy): the fixture chart test/fixtures/helm/spk-egress is rendered with its
// values.yaml, and what only the rendering shows lands on the template lines, or on the document
// with the rendered line quoted where no template line is certain.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureHelmBinary } from '../../scripts/helm/helm.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CHARTS = 'test/fixtures/helm';
const ROUTES = `${CHARTS}/spk-egress/templates/routes.yaml`;
const SNATPOOL = `${CHARTS}/spk-egress/templates/snatpool.yaml`;

let helm = '';
let tmp = '';

function cli(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  helm = ensureHelmBinary();
  tmp = mkdtempSync(join(tmpdir(), 'spk-helm-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const GATEWAY = `${ROUTES}:11:12: error invalid-address: gateway: octet 256 in "10.10.0.256" is above 255`;
const HOST_BITS = `${ROUTES}:19:16: warning destination-host-bits: destination 10.20.1.0 has host bits set for /16: the network is 10.20.0.0 (inferred: SPK expects the network address)`;
const SNAT_LIST = `${SNATPOOL}:2:1: error wrong-type: in rendered line "- 10.10.5.3" (not mapped to a template line): spec.addressList[1] must be a list, but 10.10.5.3 is a string`;

describe('spk-route lint --helm-render', () => {
  test('the rendered chart: findings at their template lines, an unmapped one at its document; exit 1', () => {
    const r = cli(['lint', '--helm-render', CHARTS, '--helm', helm]);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `${[GATEWAY, HOST_BITS, SNAT_LIST, '2 errors, 1 warning, 0 hints'].join('\n')}\n`);
    assert.equal(r.code, 1);
  });

  test('as written, the templates show only what their text holds: the gateway and the SNAT list come from values.yaml', () => {
    const r = cli(['lint', CHARTS]);
    assert.equal(r.stdout, `${[HOST_BITS, '0 errors, 1 warning, 0 hints'].join('\n')}\n`);
    assert.equal(r.code, 0);
  });

  test('helm from PATH by default; json with 1-based ranges on the template (the action\'s span)', () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(helm, join(bin, 'helm'));
    const r = cli(['lint', '--helm-render', `${CHARTS}/spk-egress`, '--format', 'json'], { ...process.env, PATH: `${bin}:${dirname(process.execPath)}` });
    assert.equal(r.code, 1, r.stderr);
    const records = JSON.parse(r.stdout);
    assert.deepEqual(records[0], { file: ROUTES, line: 11, column: 12, endLine: 11, endColumn: 40, severity: 'error', code: 'invalid-address', message: 'gateway: octet 256 in "10.10.0.256" is above 255' });
    assert.deepEqual(records.map((x: { file: string; line: number; code: string }) => `${x.file}:${x.line} ${x.code}`), [`${ROUTES}:11 invalid-address`, `${ROUTES}:19 destination-host-bits`, `${SNATPOOL}:2 wrong-type`]);
  });

  test('a named template file renders its whole chart', () => {
    const r = cli(['lint', '--helm-render', ROUTES, '--helm', helm]);
    assert.equal(r.stdout, `${[GATEWAY, HOST_BITS, SNAT_LIST, '2 errors, 1 warning, 0 hints'].join('\n')}\n`);
    assert.equal(r.code, 1);
  });

  test('--default-namespace is the release namespace too', () => {
    const r = cli(['lint', '--helm-render', CHARTS, '--helm', helm, '--default-namespace', 'spk', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 3);
  });

  test('helm missing: a clear message, exit 2', () => {
    const r = cli(['lint', '--helm-render', CHARTS, '--helm', '/nonexistent']);
    assert.equal(r.stderr, `spk-route: ${CHARTS}/spk-egress was not checked: helm was not found at "/nonexistent" (install helm, or name it with --helm PATH)\n`);
    assert.equal(r.code, 2);
    const onPath = cli(['lint', '--helm-render', CHARTS], { ...process.env, PATH: join(tmp, 'no-such-dir') });
    assert.equal(onPath.stderr, `spk-route: ${CHARTS}/spk-egress was not checked: helm is not on PATH (install helm, or name it with --helm PATH)\n`);
    assert.equal(onPath.code, 2);
  });

  test('a chart helm cannot render: helm\'s own message, exit 2; the other files are still checked', () => {
    const chart = join(tmp, 'broken');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'templates', 'route.yaml'), 'gateway: {{ required "gateway is required" .Values.gateway }}\n');
    writeFileSync(join(tmp, 'route.yaml'), 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r}\nspec: {destination: 10.1.0.0, prefixLen: 16, type: blackhole}\n');
    const r = cli(['lint', '--helm-render', 'broken', 'route.yaml', '--helm', helm], process.env, tmp);
    assert.equal(r.stderr, 'spk-route: broken was not checked: helm could not render the chart: execution error at (broken/templates/route.yaml:1:12): gateway is required\n');
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 hints\n');
    assert.equal(r.code, 2);
  });

  test('no chart in the paths: exit 2', () => {
    const r = cli(['lint', '--helm-render', 'test/fixtures/cli/clean', '--helm', helm]);
    assert.equal(r.stderr, 'spk-route: --helm-render: there is no Helm chart (a folder with Chart.yaml) in the paths\n');
    assert.equal(r.code, 2);
  });
});

describe('spk-route lint --helm-render with schema sources', () => {
  const CRD = 'test/fixtures/crds/spk-staticroute-crd.yaml';
  test('--crds: the rendered routes are checked against the CRD, its findings at the template line and naming the CRD', () => {
    const r = cli(['lint', '--helm-render', CHARTS, '--helm', helm, '--crds', CRD]);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`^${ROUTES}:11:12: error schema: spec\\.gateway: Invalid value: "string": must be an IP address that is not a loopback address \\(schema: CRD f5-spk-staticroutes\\.k8s\\.f5net\\.com v1, ${CRD}:\\d+\\)$`));
    assert.deepEqual(lines.slice(1), [GATEWAY, HOST_BITS, SNAT_LIST, '3 errors, 1 warning, 0 hints']);
    assert.equal(r.code, 1);
  });
  test('--no-bundled-schemas: a kind no CRD serves (the SNAT pool) is not checked against the bundled schema', () => {
    const r = cli(['lint', '--helm-render', CHARTS, '--helm', helm, '--crds', CRD, '--no-bundled-schemas', '--format', 'json']);
    const records = JSON.parse(r.stdout) as { file: string; code: string }[];
    assert.deepEqual(records.map((x) => `${x.file} ${x.code}`), [`${ROUTES} schema`, `${ROUTES} invalid-address`, `${ROUTES} destination-host-bits`]);
  });
});
