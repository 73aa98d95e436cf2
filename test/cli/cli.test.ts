// Runs the built CLI (`node dist/cli.js`) on fixture folders and checks output and exit codes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = 'test/fixtures/cli';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('spk-route lint', () => {
  test('a clean folder: exit 0 and a summary line', () => {
    const r = cli('lint', `${FIXTURES}/clean`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 hints\n');
  });

  test('text: file:line:col: severity code: message; exit 1 on an error', () => {
    const r = cli('lint', `${FIXTURES}/broken`);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n')[0], `${FIXTURES}/broken/routes.yml:9:1: error missing-field: spec of F5SPKStaticRoute is missing the required field "prefixLen" — Prefix length of the destination network in bits, an integer (write \`24\`, not \`"24"\`)`);
    assert.match(r.stdout, /routes\.yml:10:16: error destination-cidr: destination "10\.241\.0\.0\/24" is a CIDR/);
    assert.match(r.stdout, /routes\.yml:17:71: warning gateway-unreachable: gateway 10\.9\.0\.1 is in no VLAN subnet of namespace spk/);
    assert.match(r.stdout, /\n2 errors, 1 warning, 0 hints\n$/);
  });

  test('json: 1-based positions with severity and code', () => {
    const r = cli('lint', `${FIXTURES}/broken`, '--format', 'json');
    assert.equal(r.code, 1);
    const records = JSON.parse(r.stdout);
    assert.deepEqual(records[1], {
      file: `${FIXTURES}/broken/routes.yml`, line: 10, column: 16, endLine: 10, endColumn: 29, severity: 'error', code: 'destination-cidr',
      message: 'destination "10.241.0.0/24" is a CIDR: the API server rejects it (spec.destination: Invalid value); write destination: 10.241.0.0 and prefixLen: 24',
    });
    assert.deepEqual(records.map((x: { code: string }) => x.code), ['missing-field', 'destination-cidr', 'gateway-unreachable']);
  });

  test('sarif: 2.1.0 with rules, levels and regions', () => {
    const r = cli('lint', `${FIXTURES}/broken`, '--format=sarif');
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'spk-route');
    const result = run.results[1];
    assert.equal(result.ruleId, 'destination-cidr');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'destination-cidr');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: `${FIXTURES}/broken/routes.yml` }, region: { startLine: 10, startColumn: 16, endLine: 10, endColumn: 29 } });
    assert.equal(run.results[2].level, 'warning');
  });
});

describe('spk-route simulate', () => {
  test('text: one line per destination and namespace', () => {
    const r = cli('simulate', `${FIXTURES}/clean`, '--dest', '10.20.3.4,8.8.8.8');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, [
      `event1\t10.20.3.4: → 10.10.255.252 on external via event1/event1-static-route-10-10-20.0 (10.20.0.0/16), source 10.10.0.10, 10.10.0.11\t${FIXTURES}/clean/routes.yaml:15`,
      `event1\t8.8.8.8: → 10.10.0.1 on external via event1/event1-default-route (0.0.0.0/0), source 10.10.0.10, 10.10.0.11\t${FIXTURES}/clean/routes.yaml:3`,
      '',
    ].join('\n'));
  });

  test('json: the documented fields, destinations from a file too', () => {
    const r = cli('simulate', `${FIXTURES}/clean`, `${FIXTURES}/broken`, '--dest-file', `${FIXTURES}/destinations.txt`, '--namespace', 'event1', '--json');
    assert.equal(r.code, 0, r.stderr);
    const hops = JSON.parse(r.stdout);
    assert.deepEqual(hops.map((h: { destination: string; outcome: string }) => `${h.destination} ${h.outcome}`), ['10.20.3.4 forwarded', '8.8.8.8 forwarded', '10.10.7.7 connected']);
    assert.deepEqual(hops[0], {
      destination: '10.20.3.4', namespace: 'event1', replicas: [1, 2], replicaCount: 2, outcome: 'forwarded',
      route: { kind: 'IngressRouteStaticRoute', name: 'event1-static-route-10-10-20.0', namespace: 'event1', file: `${FIXTURES}/clean/routes.yaml`, line: 15, destination: '10.20.0.0', prefixLen: 16 },
      nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan',
      source: 'self-ip', sourceAddresses: ['10.10.0.10', '10.10.0.11'], sourceCandidates: [['10.10.0.10'], ['10.10.0.11']],
    });
  });

  test('every namespace unless one is named; unresolved and no-route outcomes', () => {
    const r = cli('simulate', FIXTURES, '--dest', '10.20.1.1', '--json');
    const hops = JSON.parse(r.stdout);
    assert.deepEqual(hops.map((h: { namespace: string; outcome: string; nextHop: string | null }) => [h.namespace, h.outcome, h.nextHop]), [
      ['event1', 'forwarded', '10.10.255.252'],
      ['spk', 'unresolved', '10.9.0.1'],
    ]);
    assert.equal(JSON.parse(cli('simulate', FIXTURES, '--dest', '192.0.2.1', '--namespace', 'spk', '--json').stdout)[0].outcome, 'no-route');
  });
});

describe('spk-route simulate with many destinations', () => {
  test('a reader that stops early (| head) ends the command quietly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spk-cli-'));
    const dests = join(dir, 'dests.txt');
    writeFileSync(dests, Array.from({ length: 200_000 }, (_, i) => `10.20.${(i >> 8) & 255}.${i & 255}`).join('\n'));
    try {
      const child = spawn(process.execPath, [CLI, 'simulate', `${FIXTURES}/clean`, '--dest-file', dests], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.match(first, /^event1\t10\.20\.0\.0: → 10\.10\.255\.252 on external/);
      assert.equal(code, 0);
      assert.equal(stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spk-route table', () => {
  test('text: the effective table, connected and static, sorted by prefix', () => {
    const r = cli('table', `${FIXTURES}/clean`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'namespace event1: 4 routes, 2 TMM replicas');
    assert.match(lines[1]!, /^PREFIX\s+TYPE\s+NEXT HOP\s+VLAN\s+SOURCE$/);
    assert.deepEqual(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 4).join(' | ')), [
      '0.0.0.0/0 | static | 10.10.0.1 | external',
      '10.10.0.0/16 | connected | direct | external',
      '10.20.0.0/16 | static | 10.10.255.252 | external',
      '10.144.175.0/24 | connected | direct | internal',
    ]);
  });

  test('json', () => {
    const tables = JSON.parse(cli('table', FIXTURES, '--namespace', 'spk', '--json').stdout);
    assert.deepEqual(tables.map((t: { namespace: string; routes: { prefix: string; vlan: string | null }[] }) => [t.namespace, t.routes.map((r) => `${r.prefix}:${r.vlan}`)]), [
      ['spk', ['10.10.0.0/16:external', '10.20.0.0/16:null']],
    ]);
  });
});

describe('usage errors: one line on stderr, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /^usage: spk-route/],
    ['unknown command', ['frobnicate'], /^spk-route: unknown command "frobnicate"/],
    ['unknown flag', ['lint', '--frob'], /^spk-route: unknown option --frob\n$/],
    ['bad format', ['lint', '--format', 'xml'], /^spk-route: --format must be text, json or sarif, not "xml"\n$/],
    ['missing path', ['lint', 'no/such/dir'], /^spk-route: cannot read no\/such\/dir: no such file or directory\n$/],
    ['bad address', ['simulate', FIXTURES, '--dest', '10.1.1.256'], /^spk-route: --dest: octet 256 in "10\.1\.1\.256" is above 255\n$/],
    ['no destination', ['simulate', FIXTURES], /^spk-route: simulate needs --dest/],
    ['missing dest file', ['simulate', FIXTURES, '--dest-file', 'nope.txt'], /^spk-route: cannot read nope\.txt: no such file or directory\n$/],
    ['flag without value', ['simulate', FIXTURES, '--dest'], /^spk-route: --dest needs a value\n$/],
    ['unknown namespace', ['simulate', FIXTURES, '--dest', '10.0.0.1', '--namespace', 'nope'], /^spk-route: namespace "nope" has no routes or VLANs/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const r = cli(...args);
      assert.equal(r.code, 2);
      assert.match(name === 'no command' ? r.stdout : r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

describe('a multi-zone layout (one subnet and gateway per TMM replica)', () => {
  const files = 'test/fixtures/layouts/multizone';
  test('lint: per-zone routes and self IPs are no finding', () => {
    const r = cli('lint', files);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout.trim(), '0 errors, 0 warnings, 0 hints');
  });

  test('simulate: one line per replica, each via its zone gateway with its zone SNAT address', () => {
    const r = cli('simulate', files, '--dest', '10.250.1.2');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => l.split('\t').slice(0, 2).join('\t')), [
      'f5-bnk\t10.250.1.2 (TMM 1): → 10.155.15.1 on external via f5-bnk/client-zone-1 (10.250.0.0/16), SNAT pool egress-snatpool 10.155.15.200',
      'f5-bnk\t10.250.1.2 (TMM 2): → 10.156.16.1 on external via f5-bnk/client-zone-2 (10.250.0.0/16), SNAT pool egress-snatpool 10.156.16.200',
      'f5-bnk\t10.250.1.2 (TMM 3): → 10.157.17.1 on external via f5-bnk/client-zone-3 (10.250.0.0/16), SNAT pool egress-snatpool 10.157.17.200',
    ]);
    const json = JSON.parse(cli('simulate', files, '--dest', '10.250.1.2', '--json').stdout);
    assert.deepEqual(json.map((h: { replicas: number[]; nextHop: string; source: string; sourceAddresses: string[] }) => [h.replicas, h.nextHop, h.source, h.sourceAddresses]), [
      [[1], '10.155.15.1', 'snatpool', ['10.155.15.200']],
      [[2], '10.156.16.1', 'snatpool', ['10.156.16.200']],
      [[3], '10.157.17.1', 'snatpool', ['10.157.17.200']],
    ]);
  });

  test('table: each zone route holds for its own replica', () => {
    const lines = cli('table', files).stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'namespace f5-bnk: 9 routes, 3 TMM replicas');
    assert.match(lines[1]!, /^PREFIX\s+TYPE\s+NEXT HOP\s+VLAN\s+TMM\s+SOURCE$/);
    assert.deepEqual(lines.slice(2).filter((l) => l.startsWith('10.250.')).map((l) => l.split(/\s{2,}/).slice(0, 5).join(' | ')), [
      '10.250.0.0/16 | static | 10.155.15.1 | external | 1',
      '10.250.0.0/16 | static | 10.156.16.1 | external | 2',
      '10.250.0.0/16 | static | 10.157.17.1 | external | 3',
    ]);
    const json = JSON.parse(cli('table', files, '--json').stdout);
    assert.equal(json[0].replicaCount, 3);
    assert.deepEqual(json[0].routes.filter((r: { type: string }) => r.type === 'static').map((r: { replicas: number[] }) => r.replicas), [[1], [2], [3]]);
  });
});

describe('scopes: folders marked .spk-scope hold alternatives that are never applied together', () => {
  const folder = 'test/fixtures/layouts/alternatives';
  test('lint: two versions of one lab, each in a marked folder, do not conflict', () => {
    const r = cli('lint', folder);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout.trim(), '0 errors, 0 warnings, 0 hints');
  });

  test('the same folders without the markers: every conflict between the versions is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spk-alt-'));
    try {
      for (const version of ['lab-v1', 'lab-v2']) {
        spawnSync('cp', ['-r', join(ROOT, folder, version), dir]);
        rmSync(join(dir, version, '.spk-scope'));
      }
      const r = cli('lint', dir, '--format', 'json');
      const found = JSON.parse(r.stdout).map((d: { file: string; line: number; code: string }) => `${d.file.slice(d.file.lastIndexOf('lab-'))}:${d.line} ${d.code}`);
      assert.deepEqual(found, [
        'lab-v1/vlans.yaml:23 duplicate-route',
        'lab-v2/vlans.yaml:7 vlan-name-twice',
        'lab-v2/vlans.yaml:8 untagged-vlan-twice',
        'lab-v2/vlans.yaml:9 self-ip-on-two-vlans',
        'lab-v2/vlans.yaml:15 duplicate-route',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('simulate and table: one table per scope, labelled with its folder', () => {
    const r = cli('simulate', folder, '--dest', '8.8.8.8');
    assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => l.split('\t')[0] + ' ' + /→ (\S+)/.exec(l)![1]), [
      `default [${folder}/lab-v1] 10.1.10.1`,
      `default [${folder}/lab-v2] 10.1.10.254`,
    ]);
    const json = JSON.parse(cli('simulate', folder, '--dest', '8.8.8.8', '--json').stdout);
    assert.deepEqual(json.map((h: { namespace: string; scope: string; nextHop: string }) => [h.namespace, h.scope, h.nextHop]), [
      ['default', `${folder}/lab-v1`, '10.1.10.1'],
      ['default', `${folder}/lab-v2`, '10.1.10.254'],
    ]);
    const tables = JSON.parse(cli('table', folder, '--namespace', 'default', '--json').stdout);
    assert.deepEqual(tables.map((t: { scope: string; routes: unknown[] }) => [t.scope, t.routes.length]), [[`${folder}/lab-v1`, 3], [`${folder}/lab-v2`, 2]]);
  });
});
