// `spk-route simulate`, `table` and `lint` on a BNK 2.4 Infra: a copy of the awsbnkctl translator's
// golden output (test/fixtures/real/infra/, provenance in its first line). FINDINGS §3.2: 8.8.8.8 →
// 10.0.10.1 on ext-vlan, 10.0.5.5 → 10.0.20.1 on int-vlan, from the Infra's own table.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'real', 'infra');
const FILE = 'plan-2.3-dual.golden.yaml';

function cli(...args: string[]): { stdout: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: DIR, encoding: 'utf8' });
  return { stdout: result.stdout, status: result.status };
}

const SOURCE = "source a self IP from the network's IPAM pool (assigned at run time)";

test('simulate: the Infra table answers, labelled with its Infra', () => {
  assert.deepEqual(cli('simulate', FILE, '--dest', '8.8.8.8,10.0.5.5'), {
    stdout: `f5-cne-system (Infra infra)\t8.8.8.8: → 10.0.10.1 on ext-vlan via f5-cne-system/infra route bnk-egress-demo-default (0.0.0.0/0), ${SOURCE}\t${FILE}:74\n`
      + `f5-cne-system (Infra infra)\t10.0.5.5: → 10.0.20.1 on int-vlan via f5-cne-system/infra route bnk-egress-demo-vpc (10.0.0.0/16), ${SOURCE}\t${FILE}:70\n`,
    status: 0,
  });
});

test('simulate --json: hops carry "infra" and the route\'s name; the self IP is unknown (null)', () => {
  const route = (line: number, destination: string, prefixLen: number, name: string) => `{"kind":"Infra","name":"infra","namespace":"f5-cne-system","file":"${FILE}","line":${line},"destination":"${destination}","prefixLen":${prefixLen},"routeName":"${name}"}`;
  assert.deepEqual(cli('simulate', FILE, '--dest', '8.8.8.8,10.0.5.5', '--json', '--namespace', 'f5-cne-system').stdout.split('\n'), [
    '[',
    `{"destination":"8.8.8.8","namespace":"f5-cne-system","infra":"infra","replicas":[1],"replicaCount":1,"outcome":"forwarded","route":${route(74, '0.0.0.0', 0, 'bnk-egress-demo-default')},"nextHop":"10.0.10.1","vlan":"ext-vlan","interface":"vlan","source":"self-ip","sourceAddresses":[null],"sourceCandidates":[[]]},`,
    `{"destination":"10.0.5.5","namespace":"f5-cne-system","infra":"infra","replicas":[1],"replicaCount":1,"outcome":"forwarded","route":${route(70, '10.0.0.0', 16, 'bnk-egress-demo-vpc')},"nextHop":"10.0.20.1","vlan":"int-vlan","interface":"vlan","source":"self-ip","sourceAddresses":[null],"sourceCandidates":[[]]}`,
    ']',
    '',
  ]);
});

test('table: the Infra\'s routes and its inferred connected networks; --json has "infra"', () => {
  assert.deepEqual(cli('table', FILE), {
    stdout: [
      'namespace f5-cne-system (Infra infra): 4 routes',
      'PREFIX                   TYPE       NEXT HOP   VLAN      SOURCE',
      `0.0.0.0/0                static     10.0.10.1  ext-vlan  f5-cne-system/infra ${FILE}:74`,
      `10.0.0.0/16              static     10.0.20.1  int-vlan  f5-cne-system/infra ${FILE}:70`,
      `10.0.10.0/24 (inferred)  connected  direct     ext-vlan  f5-cne-system/infra ${FILE}:17`,
      `10.0.20.0/24 (inferred)  connected  direct     int-vlan  f5-cne-system/infra ${FILE}:22`,
      '',
    ].join('\n'),
    status: 0,
  });
  const [view] = JSON.parse(cli('table', FILE, '--json').stdout) as { namespace: string; infra: string; routes: { prefix: string; route: { inferred?: string } }[] }[];
  assert.deepEqual([view!.namespace, view!.infra, view!.routes.map((r) => r.prefix)], ['f5-cne-system', 'infra', ['0.0.0.0/0', '10.0.0.0/16', '10.0.10.0/24', '10.0.20.0/24']]);
  assert.equal(view!.routes[2]!.route.inferred, '10.0.10.0/24 inferred from range 10.0.10.224–10.0.10.254 of pool ext-vlan-selfip');
});

test('lint: nothing (the GatewaySettings, Gateway, EgressGateway, SecPolicy and NetPolicy documents are not ours)', () => {
  assert.deepEqual(cli('lint', FILE), { stdout: '0 errors, 0 warnings, 0 hints\n', status: 0 });
});
