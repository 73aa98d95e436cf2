// Route tests (issue 13): the RouteTest kind (spk-routes/v1alpha1), each expectation field, the
// CIDR form checked exactly (against a per-address brute force), and how the workspace runs them
// across files; never applied, never in a route table; the CodeLens and the snippet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeLenses } from '../../server/src/core/features/codeLens.js';
import { complete } from '../../server/src/core/features/completion.js';
import { hover } from '../../server/src/core/features/hover.js';
import { manifests } from '../../server/src/core/features/manifests.js';
import { parseIp } from '../../server/src/core/net/index.js';
import { lookupRoute } from '../../server/src/core/routing/lookup.js';
import type { RouteTestRun } from '../../server/src/core/routeTests/run.js';
import { FileModel } from '../../server/src/core/workspace/fileModel.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { withCursor } from '../support/cursor.js';

const VLANS = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external-vlan, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16, selfip_v6s: ["2001:db8::10", "2001:db8::11"], prefixlen_v6: 64}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: internal, namespace: event1}
spec: {name: internal, selfip_v4s: [10.144.175.10, 10.144.175.11], prefixlen_v4: 24}
`;

const route = (name: string, destination: string, prefixLen: number, gateway: string | null, namespace = 'event1') => `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec: {destination: "${destination}", prefixLen: ${prefixLen}, ${gateway === null ? 'type: blackhole' : `type: gateway, gateway: "${gateway}"`}}
`;

/** The seed: a default route, and 10.20.0.0/17 (only half of the /16) to the alternative router. */
const ROUTES = [
  route('event1-default-route', '0.0.0.0', 0, '10.10.0.1'),
  route('event1-seed', '10.20.0.0', 17, '10.10.255.252'),
  route('v6-default', '::', 0, '2001:db8::1'),
].join('---\n');

const test1 = (expectations: string, namespace = 'event1') => `apiVersion: spk-routes/v1alpha1
kind: RouteTest
metadata:
  name: t
spec:
${namespace ? `  namespace: ${namespace}\n` : ''}  expect:
${expectations}`;

const FILES = { vlans: 'file:///w/vlans.yaml', routes: 'file:///w/routes.yaml', tests: 'file:///w/routes.test.yaml' };

function workspaceWith(tests: string, routes = ROUTES, defaultNamespace?: string): Workspace {
  const ws = new Workspace(defaultNamespace);
  ws.setFile(FILES.vlans, VLANS);
  ws.setFile(FILES.routes, routes);
  ws.setFile(FILES.tests, tests);
  return ws;
}

function runOf(tests: string, routes?: string): RouteTestRun {
  const runs = workspaceWith(tests, routes).routeTests(FILES.tests);
  assert.equal(runs.length, 1);
  return runs[0]!;
}

/** Each expectation: passed (or 'not run') and its message. */
function verdicts(tests: string, routes?: string): (string | boolean)[][] {
  return runOf(tests, routes).expectations.map((e) => (e.result ? (e.result.passed ? [true] : [false, e.message!]) : ['not run']));
}

const one = (lines: string) => `    - ${lines.trim().split('\n').map((l) => l.trim()).join('\n      ')}\n`;

describe('the RouteTest kind', () => {
  test('recognised only as spk-routes/v1alpha1; another group\'s RouteTest is left alone', () => {
    const ours = new FileModel(test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252')));
    assert.equal(ours.documents[0]!.analysis.resource?.role, 'routeTest');
    assert.deepEqual(ours.diagnostics(), []);
    const theirs = new FileModel(test1(one('destination: 10.20.1.5\nwhatever: 1')).replace('spk-routes/v1alpha1', 'example.com/v1'));
    assert.equal(theirs.documents[0]!.analysis.resource, undefined);
    assert.deepEqual(theirs.diagnostics(), []);
  });

  test('schema diagnostics: an unknown field, an outcome that is none, a missing destination, an unknown apiVersion', () => {
    const codes = (text: string) => new FileModel(text).diagnostics().map((d) => [d.code, d.range.start.line]);
    assert.deepEqual(codes(test1(one('destination: 10.20.1.5\nnexthop: 10.10.255.252'))), [['unknown-field', 8]]);
    assert.deepEqual(codes(test1(one('destination: 10.20.1.5\noutcome: forward'))), [['invalid-value', 8]]);
    assert.deepEqual(codes(test1(one('nextHop: 10.10.255.252'))), [['missing-field', 7]]);
    assert.deepEqual(codes(test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252')).replace('v1alpha1', 'v1')), [['unknown-api-version', 0]]);
  });

  test('never applied: apply\'s documents leave RouteTests out, read or not', () => {
    const text = `${route('r', '10.20.0.0', 16, '10.10.0.1')}---\n${test1(one('destination: 10.20.1.5\nnextHop: 10.10.0.1'))}---\n${test1(one('destination: 10.20.1.5\nnextHop: 10.10.0.1')).replace('v1alpha1', 'v9')}`;
    assert.deepEqual(manifests(new FileModel(text)).map((m) => m.kind), ['F5SPKStaticRoute']);
  });

  test('never in a route table: the tables, namespaces and simulation are those without it', () => {
    const without = workspaceWith('');
    const withTests = workspaceWith(test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252'), 'other'));
    assert.deepEqual(withTests.namespaces(), without.namespaces());
    assert.deepEqual(withTests.tables().map((t) => [t.namespace, t.entries.length]), without.tables().map((t) => [t.namespace, t.entries.length]));
    assert.deepEqual(withTests.simulate('10.20.1.5').map((h) => h.nextHop), ['10.10.255.252']);
  });

  test('hover and completion from the bundled schema', () => {
    const { text, position } = withCursor(test1(one('destination: 10.20.1.5\nsof|t: true')));
    assert.match(hover(new FileModel(text), position)!.markdown, /\*\*soft\*\* · boolean · default false[\s\S]*warning/);
    const keys = withCursor(test1(one('destination: 10.20.1.5\n|')));
    assert.deepEqual(complete(new FileModel(keys.text), keys.text, keys.position).map((e) => e.label), ['outcome', 'nextHop', 'vlan', 'route', 'source', 'replica', 'soft']);
    const outcome = withCursor(test1(one('destination: 10.20.1.5\noutcome: |')));
    assert.deepEqual(complete(new FileModel(outcome.text), outcome.text, outcome.position).map((e) => e.label), ['connected', 'forwarded', 'unresolved', 'blackhole', 'no-route']);
    const blank = withCursor('|');
    assert.ok(complete(new FileModel(blank.text), blank.text, blank.position).some((e) => e.label === 'RouteTest' && e.kind === 'snippet'));
  });
});

describe('each field of an expectation', () => {
  test('nextHop: the gateway of the matched route, compared as an address', () => {
    assert.deepEqual(verdicts(test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252') + one('destination: 10.20.200.5\nnextHop: 10.10.255.252') + one('destination: "2001:db8:5::1"\nnextHop: "2001:DB8:0::1"'))), [
      [true],
      [false, 'expected nextHop 10.10.255.252: 10.20.200.5 goes → 10.10.0.1 on external via event1-default-route'],
      [true],
    ]);
  });

  test('outcome: connected, forwarded, blackhole, no-route, unresolved', () => {
    const routes = `${ROUTES}---\n${route('hole', '10.99.0.0', 16, null)}---\n${route('far', '10.98.0.0', 16, '10.9.9.9')}`;
    const tests = test1(['connected 10.10.3.3', 'forwarded 10.20.1.1', 'blackhole 10.99.1.1', 'unresolved 10.98.1.1', 'no-route 10.20.1.1'].map((s) => {
      const [outcome, destination] = s.split(' ');
      return one(`destination: ${destination}\noutcome: ${outcome}`);
    }).join(''));
    assert.deepEqual(verdicts(tests, routes), [[true], [true], [true], [true], [false, 'expected no-route: 10.20.1.1 goes → 10.10.255.252 on external via event1-seed']]);
    // A namespace without routes: no route matches anything.
    assert.deepEqual(verdicts(test1(one('destination: 10.20.1.1\noutcome: no-route'), 'empty')), [[true]]);
    assert.deepEqual(verdicts(test1(one('destination: 10.98.0.1\nnextHop: 10.9.9.9'), 'event1'), routes), [[false, 'expected nextHop 10.9.9.9: 10.98.0.1 is unresolved: gateway 10.9.9.9 is on no connected network via far']]);
  });

  test('vlan: the egress VLAN\'s name inside TMM (spec.name), not its metadata.name', () => {
    assert.deepEqual(verdicts(test1(one('destination: 10.20.1.5\nvlan: external') + one('destination: 10.20.1.5\nvlan: external-vlan') + one('destination: 10.144.175.9\nvlan: internal'))), [
      [true],
      [false, 'expected vlan external-vlan: 10.20.1.5 goes → 10.10.255.252 on external via event1-seed'],
      [true],
    ]);
  });

  test('route: the matched route\'s metadata.name (a connected network: its VLAN resource\'s)', () => {
    assert.deepEqual(verdicts(test1(one('destination: 10.20.1.5\nroute: event1-seed') + one('destination: 8.8.8.8\nroute: event1-seed') + one('destination: 10.10.9.9\nroute: external-vlan'))), [
      [true],
      [false, 'expected route event1-seed: 8.8.8.8 goes → 10.10.0.1 on external via event1-default-route'],
      [true],
    ]);
  });

  test('source: one of each replica\'s source addresses; replica: only that TMM replica', () => {
    assert.deepEqual(verdicts(test1(one('destination: 8.8.8.8\nsource: 10.10.0.10') + one('destination: 8.8.8.8\nsource: 10.10.0.10\nreplica: 1') + one('destination: 8.8.8.8\nsource: 10.10.0.11\nreplica: 2'))), [
      [false, 'expected source 10.10.0.10: 8.8.8.8 (TMM 2) goes → 10.10.0.1 on external via event1-default-route, source 10.10.0.11'],
      [true],
      [true],
    ]);
  });

  test('replica: a replica the namespace does not have fails, saying so', () => {
    assert.deepEqual(verdicts(test1(one('destination: 8.8.8.8\nnextHop: 10.10.0.1\nreplica: 3'))), [[false, 'expected nextHop 10.10.0.1 on TMM 3: namespace event1 has 2 TMM replicas: there is no replica 3']]);
  });

  test('every field stated must hold; a connected address is its own next hop', () => {
    assert.deepEqual(verdicts(test1(one('destination: 10.20.1.5\noutcome: forwarded\nnextHop: 10.10.255.252\nvlan: external\nroute: event1-seed\nsource: 10.10.0.10\nreplica: 1') + one('destination: 10.10.0.5\nnextHop: 10.10.0.5\noutcome: connected') + one('destination: 10.20.1.5\nnextHop: 10.10.255.252\nvlan: internal'))), [
      [true],
      [true],
      [false, 'expected nextHop 10.10.255.252, vlan internal: 10.20.1.5 goes → 10.10.255.252 on external via event1-seed'],
    ]);
  });

  test('soft: a failure is a warning, not an error', () => {
    const ws = workspaceWith(test1(one('destination: 10.20.200.5\nnextHop: 10.10.255.252\nsoft: true') + one('destination: 10.20.200.5\nnextHop: 10.10.255.252')));
    assert.deepEqual(ws.diagnostics(FILES.tests).map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['route-test-failed', 'warning', 7, 19, 30],
      ['route-test-failed', 'error', 10, 19, 30],
    ]);
    const run = ws.routeTests(FILES.tests)[0]!;
    assert.deepEqual([run.passed, run.failed, run.softFailed], [0, 2, 1]);
  });

  test('route-test-invalid: what cannot be run is not run, and says why', () => {
    const tests = test1(one('destination: 10.20.1\nnextHop: 10.10.255.252') + one('destination: 10.20.1.0/16\nnextHop: 10.10.255.252') + one('destination: 10.20.1.5\nnextHop: 10.10.255.2520') + one('destination: 10.20.1.5\nsource: fe80::1%eth0') + one('destination: 10.20.1.5\nreplica: 2') + one('destination: 10.20.1.5\nnextHop: 10.10.255.252\nreplica: "2"'));
    const ws = workspaceWith(tests);
    assert.deepEqual(ws.diagnostics(FILES.tests).map((d) => [d.code, d.range.start.line, d.message]), [
      ['wrong-type', 19, 'spec.expect[5].replica must be an integer, but "2" is a string'],
      ['route-test-invalid', 7, 'destination: "10.20.1" has 3 octets, an IPv4 address has 4; write an address or a CIDR'],
      ['route-test-invalid', 9, 'destination "10.20.1.0/16" has host bits set for /16: its network is 10.20.0.0/16 (write that, or the address alone)'],
      ['route-test-invalid', 12, 'nextHop: octet 2520 in "10.10.255.2520" is above 255'],
      ['route-test-invalid', 14, 'source: "fe80::1%eth0" has a zone id, which is not allowed here'],
      ['route-test-invalid', 15, 'the expectation for 10.20.1.5 checks nothing: add outcome, nextHop, vlan, route or source'],
    ]);
    assert.equal(ws.routeTests(FILES.tests)[0]!.notRun, 6);
  });
});

describe('a CIDR destination: every address, exactly', () => {
  test('it holds on the whole prefix, or the failing part is the smallest list of prefixes with what they do instead', () => {
    assert.deepEqual(verdicts(test1(one('destination: 10.20.0.0/17\nnextHop: 10.10.255.252') + one('destination: 10.20.0.0/16\nnextHop: 10.10.255.252\nvlan: external'))), [
      [true],
      [false, 'expected nextHop 10.10.255.252, vlan external: 10.20.128.0/17 goes → 10.10.0.1 on external via event1-default-route'],
    ]);
  });

  test('a CIDR that fails only in a small part: one address, and a range that is no prefix', () => {
    const routes = `${ROUTES}---\n${route('hole', '10.20.7.7', 32, null)}---\n${route('a', '10.20.9.0', 24, '10.10.0.2')}---\n${route('b', '10.20.10.0', 23, '10.10.0.2')}`;
    const run = runOf(test1(one('destination: 10.20.0.0/17\nnextHop: 10.10.255.252')), routes);
    const result = run.expectations[0]!.result!;
    assert.deepEqual(result.parts.map((p) => [p.prefixes, p.answer.outcome, p.answer.nextHop, p.answer.route?.name]), [
      [['10.20.7.7/32'], 'blackhole', null, 'hole'],
      [['10.20.9.0/24'], 'forwarded', '10.10.0.2', 'a'],
      [['10.20.10.0/23'], 'forwarded', '10.10.0.2', 'b'],
    ]);
    assert.equal(run.expectations[0]!.message, 'expected nextHop 10.10.255.252: 10.20.7.7/32 is dropped (blackhole) via hole; 10.20.9.0/24 goes → 10.10.0.2 on external via a; 10.20.10.0/23 goes → 10.10.0.2 on external via b');
  });

  test('one answer of one route, on parts that are not adjacent, is one part of several prefixes', () => {
    const routes = `${ROUTES}---\n${route('inner', '10.20.64.0', 18, '10.10.0.1')}`;
    // 10.20.0.0/16 to 10.10.255.252: fails on 10.20.64.0/18 (inner) and 10.20.128.0/17 (default).
    const result = runOf(test1(one('destination: 10.20.0.0/16\noutcome: forwarded\nnextHop: 10.10.255.252')), routes).expectations[0]!.result!;
    assert.deepEqual(result.parts.map((p) => [p.prefixes, p.answer.route?.name]), [[['10.20.64.0/18'], 'inner'], [['10.20.128.0/17'], 'event1-default-route']]);
  });

  test('connected networks: each address is its own next hop', () => {
    const result = runOf(test1(one('destination: 10.10.0.0/30\nnextHop: 10.10.0.1'))).expectations[0]!.result!;
    assert.deepEqual(result.parts.map((p) => [p.prefixes, p.answer.outcome, p.answer.nextHop]), [[['10.10.0.0/32', '10.10.0.2/31'], 'connected', null]]);
    assert.deepEqual(verdicts(test1(one('destination: 10.10.0.0/16\noutcome: connected\nvlan: external') + one('destination: 10.10.0.1/32\nnextHop: 10.10.0.1'))), [[true], [true]]);
  });

  test('IPv6, and a /0 that fails everywhere but where a route says otherwise', () => {
    assert.deepEqual(verdicts(test1(one('destination: "2001:db8::/64"\noutcome: connected') + one('destination: "2001:db8:1::/48"\nnextHop: "2001:db8::1"'))), [[true], [true]]);
    const result = runOf(test1(one('destination: 0.0.0.0/0\nroute: event1-default-route'))).expectations[0]!.result!;
    assert.deepEqual(result.parts.map((p) => [p.prefixes, p.answer.outcome]), [[['10.10.0.0/16'], 'connected'], [['10.20.0.0/17'], 'forwarded'], [['10.144.175.0/24'], 'connected']]);
  });

  test('per replica: replicas that fail alike share a part, labelled when not all of them', () => {
    const zones = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: z, namespace: zones}
spec: {name: z, selfip_v4s: [10.1.1.10, 10.2.2.10], prefixlen_v4: 24}
---
${route('z1', '10.50.0.0', 16, '10.1.1.1', 'zones')}---
${route('z2', '10.50.0.0', 16, '10.2.2.1', 'zones')}`;
    const run = runOf(test1(one('destination: 10.50.0.0/16\nnextHop: 10.1.1.1') + one('destination: 10.50.0.0/16\nroute: z2\nreplica: 2'), 'zones'), zones);
    assert.deepEqual(run.expectations.map((e) => e.message ?? 'passed'), ['expected nextHop 10.1.1.1: 10.50.0.0/16 (TMM 2) goes → 10.2.2.1 on z via z2', 'passed']);
  });

  test('the failing addresses are exactly those a per-address lookup finds wrong (random tables)', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 30; round++) {
      const routes = [ROUTES];
      for (let i = 0; i < 6; i++) {
        const length = 24 + random(9);
        const base = random(256) & (256 - 2 ** (32 - length));
        routes.push(route(`r${i}`, `10.30.0.${base}`, length, random(4) === 0 ? null : `10.10.0.${1 + random(3)}`));
      }
      const text = routes.join('---\n');
      const ws = workspaceWith(test1(one('destination: 10.30.0.0/24\nnextHop: 10.10.0.2')), text);
      const run = ws.routeTests(FILES.tests)[0]!;
      const failed = new Set<number>();
      for (const part of run.expectations[0]!.result!.parts) {
        for (const prefix of part.prefixes) {
          const [address, length] = prefix.split('/');
          const start = Number(address!.split('.')[3]);
          for (let a = start; a < start + 2 ** (32 - Number(length)); a++) {
            assert.ok(!failed.has(a), `${prefix} overlaps another part`);
            failed.add(a);
          }
        }
      }
      const table = ws.tables('event1')[0]!;
      for (let a = 0; a < 256; a++) {
        const hops = lookupRoute(table, (parseIp(`10.30.0.${a}`) as { ok: true; address: never }).address);
        const wrong = hops.some((h) => h.nextHop !== '10.10.0.2');
        assert.equal(failed.has(a), wrong, `round ${round}: 10.30.0.${a}\n${text}`);
      }
    }
  });
});

describe('in the workspace', () => {
  test('a RouteTest without spec.namespace tests the default namespace', () => {
    const routes = route('d', '10.20.0.0', 16, '10.10.0.1', 'spk');
    assert.deepEqual(workspaceWith(test1(one('destination: 10.20.1.1\nroute: d'), ''), routes, 'spk').routeTests(FILES.tests).map((r) => [r.namespace, r.passed]), [['spk', 1]]);
    assert.deepEqual(workspaceWith(test1(one('destination: 10.20.1.1\nroute: d'), ''), routes).routeTests(FILES.tests).map((r) => [r.namespace, r.passed]), [['default', 0]]);
  });

  test('a RouteTest in a scope folder tests that scope\'s table', () => {
    const ws = new Workspace();
    ws.setScopes(['file:///w/v2']);
    ws.setFile(FILES.vlans, VLANS);
    ws.setFile('file:///w/v2/vlans.yaml', VLANS);
    ws.setFile(FILES.routes, ROUTES);
    ws.setFile('file:///w/v2/routes.yaml', ROUTES.replace('10.10.255.252', '10.10.255.253'));
    const tests = test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.253'));
    ws.setFile(FILES.tests, tests);
    ws.setFile('file:///w/v2/routes.test.yaml', tests);
    assert.deepEqual([FILES.tests, 'file:///w/v2/routes.test.yaml'].map((uri) => ws.routeTests(uri)[0]!.passed), [0, 1]);
    assert.ok(ws.setFile('file:///w/v2/routes.yaml', ROUTES).includes('file:///w/v2/routes.test.yaml'));
    assert.equal(ws.routeTests('file:///w/v2/routes.test.yaml')[0]!.passed, 0);
  });

  test('a change of routes in another file returns the test file among the affected ones and reruns it', () => {
    const ws = workspaceWith(test1(one('destination: 10.20.200.5\nnextHop: 10.10.255.252')));
    assert.equal(ws.routeTests(FILES.tests)[0]!.failed, 1);
    const affected = ws.setFile(FILES.routes, ROUTES.replace('prefixLen: 17', 'prefixLen: 16'));
    assert.ok(affected.includes(FILES.tests), affected.join(', '));
    assert.equal(ws.routeTests(FILES.tests)[0]!.passed, 1);
    assert.deepEqual(ws.diagnostics(FILES.tests), []);
    // Another namespace's change does not reach it, and the run is not made again.
    const before = ws.routeTests(FILES.tests)[0]!.expectations[0]!.result;
    assert.ok(!ws.setFile('file:///w/other.yaml', route('o', '10.0.0.0', 8, '10.1.1.1', 'other')).includes(FILES.tests));
    assert.equal(ws.routeTests(FILES.tests)[0]!.expectations[0]!.result, before);
  });

  test('the CodeLens on each test: ✓ N passed, ✗ F of N failed', () => {
    const tests = `${test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252') + one('destination: 10.20.200.5\nnextHop: 10.10.255.252'))}---\n${test1(one('destination: 10.20.1.5\nnextHop: 10.10.255.252'))}---\n${test1(one('destination: 10.20.200.5\nnextHop: 10.10.255.252\nsoft: true') + one('destination: 10.20\nnextHop: 10.10.255.252'))}`;
    assert.deepEqual(codeLenses(workspaceWith(tests), FILES.tests).map((l) => [l.line, l.title]), [[0, '✗ 1 of 2 failed'], [12, '✓ 1 passed'], [22, '✗ 1 of 2 failed (soft), 1 not run']]);
  });

  test('the snippet writes a test for the route under the cursor: after its last field, or in a blank document after it', () => {
    const written = route('event1-seed', '10.20.0.0', 16, '10.10.255.252');
    const after = withCursor(`${written}|\n`);
    const entry = complete(new FileModel(after.text), after.text, after.position).find((e) => e.label === 'RouteTest for event1-seed')!;
    assert.equal(entry.insertText, [
      '---', 'apiVersion: spk-routes/v1alpha1', 'kind: RouteTest', 'metadata:', '  name: ${1:event1-seed-test}', 'spec:', '  namespace: event1', '  expect:',
      '    - destination: ${2:10.20.0.0/16}', '      nextHop: ${3:10.10.255.252}', '      route: event1-seed', '$0',
    ].join('\n'));
    const blank = withCursor(`${written}---\n|`);
    const inBlank = complete(new FileModel(blank.text), blank.text, blank.position);
    assert.match(inBlank.find((e) => e.label === 'RouteTest for event1-seed')!.insertText, /^apiVersion: spk-routes\/v1alpha1\n/);
    // Not in the middle of the route: what follows would join the test.
    const middle = withCursor(written.replace('spec:', '|\nspec:'));
    assert.ok(!complete(new FileModel(middle.text), middle.text, middle.position).some((e) => e.label.startsWith('RouteTest for')));
    // A blackhole route: the test expects it dropped.
    const hole = withCursor(`${route('hole', '10.99.0.0', 16, null)}|`);
    assert.match(complete(new FileModel(hole.text), hole.text, hole.position).find((e) => e.label === 'RouteTest for hole')!.insertText, /outcome: blackhole\n {6}route: hole/);
  });

  test('the written snippet is a test that passes', () => {
    const written = route('event1-seed', '10.20.0.0', 16, '10.10.255.252');
    const after = withCursor(`${written}|\n`);
    const snippet = complete(new FileModel(after.text), after.text, after.position).find((e) => e.label === 'RouteTest for event1-seed')!.insertText;
    const text = snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace('$0', '').replace(/^---\n/, '');
    assert.deepEqual(verdicts(text, `${route('event1-default-route', '0.0.0.0', 0, '10.10.0.1')}---\n${written}`), [[true]]);
  });
});
