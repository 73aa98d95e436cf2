// What the CLI writes when YAML values and file names hold line breaks, terminal escapes and
// characters that URIs reserve: text output escapes them, JSON keeps them exact, SARIF encodes the URI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { artifactUri } from '../../server/src/cli/sarif.js';
import { formatTable } from '../../server/src/cli/tableOutput.js';
import type { RouteRow } from '../../server/src/core/routing/routeRows.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const FILE = 'routes #1 100% é.yaml';

// A VLAN name with an OSC title sequence, BEL, a newline and a tab that would forge a simulate line;
// a route name with a colour escape and U+2028 (the invalid-name message quotes it raw).
const YAML = String.raw`apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: vlan, namespace: spk}
spec: {name: "ext\e]0;pwned\a\nspk\t10.0.0.1: forged", selfip_v4s: [10.10.0.10], prefixlen_v4: 16}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: "r\e[31m\u2028x", namespace: spk}
spec: {destination: 10.20.0.0, prefixLen: 16, type: gateway, gateway: 10.10.0.1}
`;
const VLAN = 'ext\x1b]0;pwned\x07\nspk\t10.0.0.1: forged';
const ROUTE = 'r\x1b[31m\u2028x';
const VLAN_TEXT = String.raw`ext\x1b]0;pwned\x07\nspk\t10.0.0.1: forged`;
const ROUTE_TEXT = String.raw`r\x1b[31m\u{2028}x`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'spk-cli-output-'));
  writeFileSync(join(dir, FILE), YAML);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No control character but the line ends and the tabs that the format itself writes. */
function assertClean(text: string, tabs: boolean): void {
  const unsafe = tabs ? /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/ : /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/;
  assert.doesNotMatch(text, unsafe, JSON.stringify(text));
}

describe('text output escapes what it did not write itself', () => {
  test('lint: one line per diagnostic, the file name as it is, the quoted value escaped', () => {
    const r = cli('lint', '.');
    assert.equal(r.code, 1, r.stderr);
    assertClean(r.stdout, false);
    assert.deepEqual(r.stdout.split('\n'), [
      `${FILE}:8:18: error invalid-name: metadata.name "${ROUTE_TEXT}" is not a valid Kubernetes name: "\\x1b", "[", "\\u{2028}" not allowed; use lower-case letters, digits, '-' and '.'`,
      '1 error, 0 warnings, 0 hints',
      '',
    ]);
  });

  test('simulate: one line per answer, tabs only between its fields', () => {
    const r = cli('simulate', '.', '--dest', '10.20.0.1,10.10.0.5');
    assert.equal(r.code, 0, r.stderr);
    assertClean(r.stdout, true);
    assert.deepEqual(r.stdout.split('\n'), [
      `spk\t10.20.0.1: → 10.10.0.1 on ${VLAN_TEXT} via spk/${ROUTE_TEXT} (10.20.0.0/16), source 10.10.0.10\t${FILE}:6`,
      `spk\t10.10.0.5: connected on ${VLAN_TEXT} via spk/vlan (10.10.0.0/16), source 10.10.0.10\t${FILE}:1`,
      '',
    ]);
  });

  test('table: escaped cells, aligned on what is shown', () => {
    const r = cli('table', '.');
    assert.equal(r.code, 0, r.stderr);
    assertClean(r.stdout, false);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[3], `10.20.0.0/16  static     10.10.0.1  ${VLAN_TEXT}  spk/${ROUTE_TEXT} ${FILE}:6`);
    assert.equal(lines[1]!.indexOf('SOURCE'), lines[3]!.indexOf('spk/'));
  });

  test('a usage error on stderr: the namespaces found are escaped too', () => {
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: v2, namespace: "evil\\n\\e[1m"}\nspec: {name: v2, selfip_v4s: [10.9.0.1], prefixlen_v4: 24}\n');
    try {
      const r = cli('table', '.', '--namespace', 'nope');
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'spk-route: namespace "nope" has no routes or VLANs in these files (found: evil\\n\\x1b[1m, spk)\n');
    } finally {
      rmSync(join(dir, 'ns.yaml'));
    }
  });
});

describe('JSON and SARIF keep values exact', () => {
  test('json: the raw values', () => {
    const records = JSON.parse(cli('lint', '.', '--format', 'json').stdout);
    assert.equal(records[0].file, FILE);
    assert.ok(records[0].message.includes(`"${ROUTE}"`));
    const views = JSON.parse(cli('table', '.', '--json').stdout);
    assert.equal(views[0].routes[0].vlan, VLAN);
    const hops = JSON.parse(cli('simulate', '.', '--dest', '10.20.0.1', '--json').stdout);
    assert.equal(hops[0].route.name, ROUTE);
  });

  test('sarif: the artifact URI is a percent-encoded relative reference', () => {
    const sarif = JSON.parse(cli('lint', '.', '--format', 'sarif').stdout);
    const location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(location, { uri: 'routes%20%231%20100%25%20%C3%A9.yaml' });
    assert.equal(decodeURIComponent(location.uri), FILE);
    assert.equal(sarif.runs[0].results[0].message.text, records0Message());
  });
});

test('artifactUri: each segment encoded, / between them', () => {
  assert.equal(artifactUri('a b/c#d?e%f/ü€.yaml'), 'a%20b/c%23d%3Fe%25f/%C3%BC%E2%82%AC.yaml');
  assert.equal(artifactUri('../x:y/[z]!(1).yml'), '../x%3Ay/%5Bz%5D%21%281%29.yml');
  assert.equal(artifactUri('dir\\file.yaml'), 'dir/file.yaml');
  assert.equal(artifactUri('/abs/a b.yaml'), 'file:///abs/a%20b.yaml');
});

test('formatTable: 200,000 rows (column widths without a spread of every row)', () => {
  const rows: RouteRow[] = Array.from({ length: 200_000 }, (_, i) => ({
    prefix: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32`, type: 'static', replicas: [1], nextHop: '10.0.0.1', vlan: 'external', interface: 'vlan', sourceAddresses: [], active: true,
    route: { kind: 'F5SPKStaticRoute', name: `r${i}`, namespace: 'big', file: 'routes.yaml', line: i + 1, destination: '', prefixLen: 32 },
  }));
  const lines = formatTable('big', rows).split('\n');
  assert.equal(lines.length, 200_003);
  assert.equal(lines[2], '10.0.0.0/32      static  10.0.0.1  external  big/r0 routes.yaml:1');
});

function records0Message(): string {
  return JSON.parse(cli('lint', '.', '--format', 'json').stdout)[0].message;
}

describe('an unknown --namespace', () => {
  for (const command of [['table'], ['table', '--json'], ['simulate', '--dest', '10.0.0.1']]) {
    test(`${command.join(' ')}: exit 2, and the namespaces there are`, () => {
      const r = cli(command[0]!, '.', ...command.slice(1), '--namespace', 'nope');
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'spk-route: namespace "nope" has no routes or VLANs in these files (found: spk)\n');
    });
  }
});
