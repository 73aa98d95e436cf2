// The routing diff (routing/diff.ts) against per-address brute force: random pairs of route sets
// (IPv4 and IPv6, default routes, blackholes, the pod interface, per-replica self IPs in different
// subnets, renames and moves) are written as YAML, read through the Workspace, diffed, and every
// address of a small address space (and every region outside it) is checked on every replica against
// a plain reference lookup of both sides.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatAddress, parseIp } from '../../server/src/core/net/index.js';
import { cidrCover, describeAnswer, diffTables, diffTableSets, type RouteChange } from '../../server/src/core/routing/diff.js';
import { buildRouteTable } from '../../server/src/core/routing/table.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';

type Family = 4 | 6;
interface Vlan { kind: 'vlan'; name: string; selfIps: bigint[]; len: number }
interface Route { kind: 'route'; name: string; dest: bigint; len: number; gateway?: bigint }
type Doc = Vlan | Route;

const BITS = { 4: 32, 6: 128 } as const;
/** The small spaces every address of which is checked: 10.0.0.0/22 and 2001:db8::/120. */
const SPACE = { 4: { base: 0x0a000000n, len: 22 }, 6: { base: 0x20010db8n << 96n, len: 120 } } as const;
const size = (family: Family) => 1n << BigInt(BITS[family] - SPACE[family].len);
const mask = (value: bigint, len: number, family: Family) => {
  const width = BigInt(BITS[family]);
  return value & ~((1n << (width - BigInt(len))) - 1n) & ((1n << width) - 1n);
};
const text = (value: bigint, family: Family) => formatAddress(value, family);

const inSpace = (family: Family) => fc.bigInt({ min: 0n, max: size(family) - 1n }).map((offset) => SPACE[family].base + offset);
/** Prefixes inside the space, and some that hold it (default routes among them). */
const routeLength = (family: Family) => (family === 4 ? fc.oneof(fc.integer({ min: 22, max: 32 }), fc.constantFrom(0, 8, 16, 20)) : fc.oneof(fc.integer({ min: 120, max: 128 }), fc.constantFrom(0, 32, 64, 112)));
/** A gateway on the space's VLANs, Calico's link-local one (IPv4: the pod interface), or one nowhere. */
const gateway = (family: Family) => fc.oneof({ weight: 6, arbitrary: inSpace(family) }, { weight: 1, arbitrary: fc.constant(family === 4 ? 0xa9fe0101n : 0x20010db9n << 96n) }, { weight: 1, arbitrary: fc.constant(family === 4 ? 0xc0a80001n : 0xfd00n << 112n) });

const vlanArb = (family: Family) => fc.record({
  selfIps: fc.array(inSpace(family), { minLength: 1, maxLength: 3 }),
  len: family === 4 ? fc.integer({ min: 24, max: 30 }) : fc.integer({ min: 122, max: 126 }),
});
const routeArb = (family: Family) => fc.record({
  dest: inSpace(family),
  len: routeLength(family),
  gateway: fc.option(gateway(family), { freq: 8, nil: undefined }), // none: a blackhole
});

/** Where a document is on each side: in OLD, in NEW, renamed in NEW, in NEW's second file. */
const placement = fc.record({ old: fc.boolean(), now: fc.boolean(), renamed: fc.boolean(), secondFile: fc.boolean(), changed: fc.boolean() });

const scenario: fc.Arbitrary<Scenario> = fc.constantFrom<Family>(4, 6).chain((family) => fc.record({
  family: fc.constant(family),
  vlans: fc.array(fc.tuple(vlanArb(family), placement, vlanArb(family)), { maxLength: 3 }),
  routes: fc.array(fc.tuple(routeArb(family), placement, routeArb(family)), { maxLength: 10 }),
}));

type VlanBody = Omit<Vlan, 'kind' | 'name'>;
type RouteBody = Omit<Route, 'kind' | 'name'>;
type Placement = { old: boolean; now: boolean; renamed: boolean; secondFile: boolean; changed: boolean };
interface Scenario { family: Family; vlans: [VlanBody, Placement, VlanBody][]; routes: [RouteBody, Placement, RouteBody][] }

/**
 * One side's documents, per file in written order. NEW holds what is placed in it, renamed where
 * `renamed`, in its second file where `secondFile`, with the other body where `changed` (a VLAN keeps
 * its name inside TMM, so a renamed one is the same VLAN).
 */
function side(s: Scenario, which: 'old' | 'now'): Doc[][] {
  const files: Doc[][] = [[], []];
  const now = which === 'now';
  const add = (kind: 'vlan' | 'route', i: number, body: VlanBody | RouteBody, p: Placement) => {
    if (!p[which]) return;
    files[now && p.secondFile ? 1 : 0]!.push({ kind, name: `${kind}-${i}${now && p.renamed ? '-renamed' : ''}`, ...body } as Doc);
  };
  s.vlans.forEach(([v, p, other], i) => add('vlan', i, now && p.changed ? other : v, p));
  s.routes.forEach(([r, p, other], i) => add('route', i, now && p.changed ? other : r, p));
  return files;
}

function yamlOf(family: Family, docs: Doc[]): string {
  return docs.map((d) => d.kind === 'vlan'
    // spec.name stays the VLAN's name inside TMM when the resource is renamed
    ? `apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata: {name: ${d.name}, namespace: ns}\nspec:\n  name: ${d.name.replace('-renamed', '')}\n  selfip_v${family}s: [${d.selfIps.map((ip) => `"${text(ip, family)}"`).join(', ')}]\n  prefixlen_v${family}: ${d.len}\n`
    : `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: ${d.name}, namespace: ns}\nspec: {destination: "${text(mask(d.dest, d.len, family), family)}", prefixLen: ${d.len}, ${d.gateway === undefined ? 'type: blackhole' : `type: gateway, gateway: "${text(d.gateway, family)}"`}}\n`).join('---\n');
}

function tableOf(family: Family, files: Doc[][], root: string) {
  const workspace = new Workspace('ns', { checks: false });
  files.forEach((docs, i) => docs.length && workspace.setFile(`file:///${root}/f${i}.yaml`, yamlOf(family, docs)));
  return workspace.table('ns');
}

interface RefAnswer { outcome: string; nextHop: string | null; vlan: string | null; interface: string | null; route: string | null }

/**
 * The reference lookup of one address on one replica, by a linear scan: the replica's connected
 * networks are its own self IP of each VLAN (none beyond the VLAN's list); the longest prefix wins;
 * for one prefix a connected network, then a usable static (a blackhole, or a gateway on one of the
 * replica's networks or link-local), then the first written.
 */
function reference(family: Family, docs: Doc[], address: bigint, replica: number): RefAnswer {
  type Entry = { net: bigint; len: number; vlan?: Vlan; route?: Route; order: number };
  const connected: Entry[] = [];
  const statics: Entry[] = [];
  docs.forEach((d, order) => {
    if (d.kind === 'vlan') {
      const ip = d.selfIps[replica - 1];
      if (ip !== undefined) connected.push({ net: mask(ip, d.len, family), len: d.len, vlan: d, order });
    } else statics.push({ net: mask(d.dest, d.len, family), len: d.len, route: d, order });
  });
  const viaOf = (gw: bigint) => connected.filter((e) => mask(gw, e.len, family) === e.net).sort((a, b) => b.len - a.len || a.order - b.order)[0];
  const pod = (gw: bigint) => family === 4 && mask(gw, 16, 4) === 0xa9fe0000n;
  const rank = (e: Entry) => (e.vlan ? 0 : e.route!.gateway === undefined || viaOf(e.route!.gateway) || pod(e.route!.gateway) ? 1 : 2);
  const best = [...connected, ...statics].filter((e) => mask(address, e.len, family) === e.net).sort((a, b) => b.len - a.len || rank(a) - rank(b) || a.order - b.order)[0];
  const tmmName = (v: Vlan) => v.name.replace('-renamed', '');
  if (!best) return { outcome: 'no-route', nextHop: null, vlan: null, interface: null, route: null };
  if (best.vlan) return { outcome: 'connected', nextHop: null, vlan: tmmName(best.vlan), interface: 'vlan', route: best.vlan.name };
  const route = best.route!;
  if (route.gateway === undefined) return { outcome: 'blackhole', nextHop: null, vlan: null, interface: null, route: route.name };
  const gw = text(route.gateway, family);
  const via = viaOf(route.gateway);
  if (via) return { outcome: 'forwarded', nextHop: gw, vlan: tmmName(via.vlan!), interface: 'vlan', route: route.name };
  if (pod(route.gateway)) return { outcome: 'forwarded', nextHop: gw, vlan: null, interface: 'pod', route: route.name };
  return { outcome: 'unresolved', nextHop: gw, vlan: null, interface: null, route: route.name };
}

const sameTraffic = (a: RefAnswer, b: RefAnswer) => a.outcome === b.outcome && a.nextHop === b.nextHop && a.vlan === b.vlan && a.interface === b.interface;

function rangeOf(prefix: string): { family: Family; first: bigint; last: bigint } {
  const [address, len] = prefix.split('/');
  const parsed = parseIp(address!);
  assert.ok(parsed.ok, prefix);
  const family = parsed.address.family;
  const first = parsed.address.value;
  assert.equal(mask(first, Number(len), family), first, `${prefix} is a network address`);
  return { family, first, last: first + (1n << BigInt(BITS[family] - Number(len))) - 1n };
}

/** Per replica, every changed range with its change; asserts they are disjoint and each group is one entry. */
function byReplica(changes: RouteChange[], replicaCount: number) {
  const out = new Map<number, { family: Family; first: bigint; last: bigint; change: RouteChange }[]>();
  for (let r = 1; r <= replicaCount; r++) out.set(r, []);
  for (const change of changes) {
    assert.ok(change.prefixes.length > 0);
    assert.deepEqual(change.replicas, [...change.replicas].sort((a, b) => a - b));
    for (const r of change.replicas) for (const p of change.prefixes) out.get(r)!.push({ ...rangeOf(p), change });
  }
  for (const [replica, ranges] of out) {
    ranges.sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : 1));
    for (let i = 1; i < ranges.length; i++) {
      const [a, b] = [ranges[i - 1]!, ranges[i]!];
      assert.ok(a.family !== b.family || a.last < b.first, `replica ${replica}: ${a.first}-${a.last} and ${b.first}-${b.last} overlap`);
    }
    const groups = ranges.map((r) => JSON.stringify([r.change.before, r.change.after]));
    const entries = new Set(ranges.map((r) => r.change));
    assert.equal(new Set(groups).size, entries.size, `replica ${replica}: each (before, after) pair is one group`);
  }
  return out;
}

/** Each group's prefixes are the smallest cover of its addresses: the covers of its maximal runs. */
function assertMinimal(change: RouteChange): void {
  const ranges = change.prefixes.map(rangeOf).sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : 1));
  const runs: { family: Family; first: bigint; last: bigint }[] = [];
  for (const r of ranges) {
    const last = runs[runs.length - 1];
    if (last && last.family === r.family && last.last + 1n === r.first) last.last = r.last;
    else runs.push({ ...r });
  }
  assert.deepEqual(change.prefixes, runs.flatMap((r) => cidrCover(r.first, r.last, r.family)), 'the minimal cover, in address order');
}

/** The addresses to check: all of the small space, and both ends of every region outside it. */
function probes(family: Family, docs: Doc[][]): bigint[] {
  const { base } = SPACE[family];
  const out: bigint[] = [];
  for (let a = 0n; a < size(family); a++) out.push(base + a);
  const top = (1n << BigInt(BITS[family])) - 1n;
  const cuts = new Set<bigint>([0n, top, base - 1n, base + size(family)]);
  for (const d of docs.flat()) {
    if (d.kind !== 'route' || d.len >= SPACE[family].len) continue;
    const first = mask(d.dest, d.len, family);
    const last = first + (1n << BigInt(BITS[family] - d.len)) - 1n;
    for (const c of [first - 1n, first, last, last + 1n]) if (c >= 0n && c <= top) cuts.add(c);
  }
  return [...out, ...cuts];
}

describe('the routing diff against per-address brute force', () => {
  test('random pairs of route sets, IPv4 and IPv6, every replica: exactly the changed addresses, grouped by (before, after), disjoint, minimal', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { family } = s;
        const old = side(s, 'old');
        const now = side(s, 'now');
        const before = tableOf(family, old, 'old');
        const after = tableOf(family, now, 'new');
        const changes = diffTables(before, after);
        const replicaCount = Math.max(before.replicaCount, after.replicaCount);
        for (const c of changes) {
          assert.equal(c.replicaCount, replicaCount);
          assertMinimal(c);
        }
        const ranges = byReplica(changes, replicaCount);
        for (let replica = 1; replica <= replicaCount; replica++) {
          const mine = ranges.get(replica)!;
          for (const address of probes(family, [old.flat(), now.flat()])) {
            const b = reference(family, old.flat(), address, replica);
            const a = reference(family, now.flat(), address, replica);
            const found = mine.find((r) => r.family === family && r.first <= address && address <= r.last);
            const where = `${text(address, family)} on TMM ${replica}`;
            if (sameTraffic(b, a)) {
              assert.equal(found, undefined, `${where}: unchanged (${JSON.stringify(b)}) but in ${found && JSON.stringify(found.change)}`);
              continue;
            }
            assert.ok(found, `${where}: ${JSON.stringify(b)} ⇒ ${JSON.stringify(a)} is in no group`);
            const shown = (x: RouteChange['before']) => ({ outcome: x.outcome, nextHop: x.nextHop, vlan: x.vlan, interface: x.interface, route: x.route?.name ?? null });
            assert.deepEqual(shown(found.change.before), b, `${where}: before`);
            assert.deepEqual(shown(found.change.after), a, `${where}: after`);
          }
        }
      }),
      { numRuns: 250, seed: 20261212 },
    );
  });

  test('renaming every route and VLAN and moving documents between files (order kept) is no change', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, cut) => {
        const { family } = s;
        const docs = side({ ...s, vlans: s.vlans.map(([v, p, o]) => [v, { ...p, old: true }, o]), routes: s.routes.map(([r, p, o]) => [r, { ...p, old: true }, o]) }, 'old')[0]!;
        const renamed = docs.map((d) => ({ ...d, name: `${d.name}-renamed` }));
        const at = docs.length ? cut % (docs.length + 1) : 0;
        const before = tableOf(family, [docs, []], 'old');
        const after = tableOf(family, [renamed.slice(0, at), renamed.slice(at)], 'moved');
        assert.deepEqual(diffTables(before, after), []);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('cidrCover', () => {
  test('the smallest cover of every range of a 6-bit space (a dynamic program over aligned blocks)', () => {
    // Counted on IPv4 addresses 0–63: a block of 2^k addresses must start at a multiple of 2^k.
    for (let first = 0; first < 64; first++) {
      const fewest = new Array<number>(65).fill(Infinity);
      fewest[first] = 0;
      for (let last = first; last < 64; last++) {
        for (let at = first; at <= last; at++) {
          if (fewest[at] === Infinity) continue;
          for (let k = 0; (at & ((1 << k) - 1)) === 0 && at + (1 << k) - 1 <= last && k <= 6; k++) fewest[at + (1 << k)] = Math.min(fewest[at + (1 << k)]!, fewest[at]! + 1);
        }
        const cover = cidrCover(BigInt(first), BigInt(last), 4);
        assert.equal(cover.length, fewest[last + 1], `${first}–${last}`);
        const covered = cover.map(rangeOf);
        for (let i = 1; i < covered.length; i++) assert.equal(covered[i]!.first, covered[i - 1]!.last + 1n);
        assert.deepEqual([covered[0]!.first, covered[covered.length - 1]!.last], [BigInt(first), BigInt(last)]);
      }
    }
  });

  test('whole spaces and IPv6', () => {
    assert.deepEqual(cidrCover(0n, (1n << 32n) - 1n, 4), ['0.0.0.0/0']);
    assert.deepEqual(cidrCover(0n, (1n << 128n) - 1n, 6), ['::/0']);
    assert.deepEqual(cidrCover(1n, (1n << 128n) - 1n, 6).length, 128);
    assert.deepEqual(cidrCover(0x20010db8n << 96n, (0x20010db8n << 96n) + 2n, 6), ['2001:db8::/127', '2001:db8::2/128']);
  });
});

describe('the routing diff on hand examples', () => {
  const vlan = `apiVersion: k8s.f5net.com/v1
kind: IngressRouteVlan
metadata: {name: external, namespace: event1}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16, selfip_v6s: ["2001:db8:10::10", "2001:db8:10::11"], prefixlen_v6: 64}
`;
  const defaultRoute = `apiVersion: k8s.f5net.com/v1
kind: IngressRouteStaticRoute
metadata: {name: event1-default-route, namespace: event1}
spec: {destination: 0.0.0.0, prefixLen: 0, gateway: 10.10.0.1, type: gateway}
`;
  const seed = `apiVersion: k8s.f5net.com/v1
kind: IngressRouteStaticRoute
metadata: {name: event1-static-route-10-10-20.0, namespace: event1}
spec: {destination: 10.20.0.0, prefixLen: 16, gateway: 10.10.255.252, type: gateway}
`;
  const tables = (files: Record<string, string>) => {
    const workspace = new Workspace('default', { checks: false });
    for (const [name, yaml] of Object.entries(files)) workspace.setFile(`file:///w/${name}`, yaml);
    return workspace.tables();
  };

  test('the seed: adding the /16 route changes exactly 10.20.0.0/16, from the default route to the alternative router', () => {
    const changes = diffTableSets(tables({ 'vlans.yaml': vlan, 'routes.yaml': defaultRoute }), tables({ 'vlans.yaml': vlan, 'routes.yaml': `${defaultRoute}---\n${seed}` }));
    assert.deepEqual(changes, [{
      namespace: 'event1', replicas: [1, 2], replicaCount: 2, prefixes: ['10.20.0.0/16'],
      before: { outcome: 'forwarded', nextHop: '10.10.0.1', vlan: 'external', interface: 'vlan', route: { kind: 'IngressRouteStaticRoute', name: 'event1-default-route', namespace: 'event1', file: 'file:///w/routes.yaml', line: 1 } },
      after: { outcome: 'forwarded', nextHop: '10.10.255.252', vlan: 'external', interface: 'vlan', route: { kind: 'IngressRouteStaticRoute', name: 'event1-static-route-10-10-20.0', namespace: 'event1', file: 'file:///w/routes.yaml', line: 6 } },
    }]);
    assert.equal(`${describeAnswer(changes[0]!.before)}  ⇒  ${describeAnswer(changes[0]!.after)}`, '→ 10.10.0.1 on external (event1-default-route)  ⇒  → 10.10.255.252 on external (event1-static-route-10-10-20.0)');
  });

  test('the same routes in other files, renamed, in another order of files: no change', () => {
    const renamed = seed.replace('name: event1-static-route-10-10-20.0', 'name: alternative-router');
    assert.deepEqual(diffTableSets(tables({ 'vlans.yaml': vlan, 'routes.yaml': `${defaultRoute}---\n${seed}` }), tables({ 'a.yaml': renamed, 'b.yaml': `${vlan}---\n${defaultRoute}` })), []);
  });

  test('a namespace that appears is compared with an empty table: everything it routes changes, from no route', () => {
    const changes = diffTableSets([], tables({ 'vlans.yaml': vlan, 'routes.yaml': defaultRoute }));
    assert.deepEqual(changes.map((c) => [c.namespace, c.replicas, describeAnswer(c.before), describeAnswer(c.after), c.prefixes.length]), [
      ['event1', [1, 2], 'no route', '→ 10.10.0.1 on external (event1-default-route)', 16],
      ['event1', [1, 2], 'no route', 'connected on external (external)', 2],
    ]);
    // Everything but 10.10.0.0/16: one prefix per bit of it; groups in the order of their first address.
    assert.deepEqual(changes[0]!.prefixes.slice(0, 4), ['0.0.0.0/5', '8.0.0.0/7', '10.0.0.0/13', '10.8.0.0/15']);
    assert.deepEqual(changes[0]!.prefixes.slice(-1), ['128.0.0.0/1']);
    assert.deepEqual(changes[1]!.prefixes, ['10.10.0.0/16', '2001:db8:10::/64']);
    // And one that disappears, the other way round.
    assert.deepEqual(diffTableSets(tables({ 'vlans.yaml': vlan }), []).map((c) => [describeAnswer(c.before), describeAnswer(c.after)]), [['connected on external (external)', 'no route']]);
  });

  test('IPv6: a /128 host route added; an IPv4 change and an IPv6 one of one namespace', () => {
    const host = `apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: v6-host, namespace: event1}
spec: {destination: "2001:db8:99::1", prefixLen: 128, type: gateway, gateway: "2001:db8:10::1"}
`;
    const changes = diffTableSets(tables({ 'vlans.yaml': vlan, 'routes.yaml': defaultRoute }), tables({ 'vlans.yaml': vlan, 'routes.yaml': `${defaultRoute}---\n${host}---\n${seed}` }));
    assert.deepEqual(changes.map((c) => [c.prefixes, describeAnswer(c.before), describeAnswer(c.after)]), [
      [['10.20.0.0/16'], '→ 10.10.0.1 on external (event1-default-route)', '→ 10.10.255.252 on external (event1-static-route-10-10-20.0)'],
      [['2001:db8:99::1/128'], 'no route', '→ 2001:db8:10::1 on external (v6-host)'],
    ]);
  });

  test('per replica: a replica added to the self-IP list routes by its own zone; before, it had no connected network', () => {
    const zones = (selfIps: string) => `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: f5-bnk}
spec: {name: external, selfip_v4s: [${selfIps}], prefixlen_v4: 24}
${[1, 2, 3].map((zone) => `---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: client-zone${zone}, namespace: f5-bnk}
spec: {destination: 10.200.0.0, prefixLen: 16, type: gateway, gateway: 10.${154 + zone}.${14 + zone}.1}
`).join('')}`;
    const changes = diffTableSets(tables({ 'zones.yaml': zones('10.155.15.101, 10.156.16.101') }), tables({ 'zones.yaml': zones('10.155.15.101, 10.156.16.101, 10.157.17.101') }));
    assert.deepEqual(changes.map((c) => [c.replicas, c.replicaCount, c.prefixes, describeAnswer(c.before), describeAnswer(c.after)]), [
      [[3], 3, ['10.157.17.0/24'], 'no route', 'connected on external (external)'],
      [[3], 3, ['10.200.0.0/16'], 'gateway 10.155.15.1 on no connected network (client-zone1)', '→ 10.157.17.1 on external (client-zone3)'],
    ]);
  });

  test('replicas with the same change share one entry; a blackhole and the pod interface', () => {
    const ns = (routes: string) => ({ 'r.yaml': `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: internal, namespace: f5-bnk}
spec: {name: internal, selfip_v4s: [10.1.20.201, 10.1.20.202, 10.1.20.203], prefixlen_v4: 24}
---
${routes}` });
    const route = (dest: string, len: number, spec: string) => `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r-${len}, namespace: f5-bnk}\nspec: {destination: ${dest}, prefixLen: ${len}, ${spec}}\n`;
    const changes = diffTableSets(
      tables(ns(route('169.254.25.10', 32, 'type: gateway, gateway: 169.254.1.1'))),
      tables(ns(`${route('169.254.25.10', 32, 'type: blackhole')}---\n${route('10.30.0.0', 24, 'type: gateway, gateway: 169.254.1.1')}`)),
    );
    assert.deepEqual(changes.map((c) => [c.replicas, c.prefixes, describeAnswer(c.before), describeAnswer(c.after)]), [
      [[1, 2, 3], ['10.30.0.0/24'], 'no route', '→ 169.254.1.1 over the pod interface (r-24)'],
      [[1, 2, 3], ['169.254.25.10/32'], '→ 169.254.1.1 over the pod interface (r-32)', 'dropped (blackhole) (r-32)'],
    ]);
  });

  test("an Infra's own table (BNK 2.4): a destination added to a route, and an interface route, on-link; never compared with the F5SPK table", () => {
    const golden = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'infra', 'plan-2.3-dual.golden.yaml'), 'utf8');
    const changed = golden
      .replace('    - 10.0.0.0/16\n', '    - 10.0.0.0/16\n    - 10.1.0.0/16\n')
      .replace('  staticRoutes:\n', '  staticRoutes:\n  - destinations:\n    - 10.0.30.0/24\n    name: on-link\n    networkRef:\n      name: int-vlan\n');
    const changes = diffTableSets(tables({ 'infra.yaml': golden }), tables({ 'infra.yaml': changed }));
    assert.deepEqual(changes.map((c) => [c.namespace, c.infra, c.replicas, c.prefixes, describeAnswer(c.before), describeAnswer(c.after)]), [
      ['f5-cne-system', 'infra', [1], ['10.0.30.0/24'], '→ 10.0.20.1 on int-vlan (infra route bnk-egress-demo-vpc)', 'on-link on int-vlan (infra route on-link)'],
      ['f5-cne-system', 'infra', [1], ['10.1.0.0/16'], '→ 10.0.10.1 on ext-vlan (infra route bnk-egress-demo-default)', '→ 10.0.20.1 on int-vlan (infra route bnk-egress-demo-vpc)'],
    ]);
    assert.deepEqual(changes[0]!.after, { outcome: 'forwarded', nextHop: null, vlan: 'int-vlan', interface: 'vlan', route: { kind: 'Infra', name: 'infra', namespace: 'f5-cne-system', file: 'file:///w/infra.yaml', line: 70, routeName: 'on-link' } });
    // An F5SPK route in the Infra's namespace is a table of its own.
    const spk = `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: f5-cne-system}\nspec: {destination: 10.1.0.0, prefixLen: 16, type: blackhole}\n`;
    assert.deepEqual(diffTableSets(tables({ 'infra.yaml': golden }), tables({ 'infra.yaml': golden, 'spk.yaml': spk })).map((c) => [c.infra, c.prefixes, describeAnswer(c.after)]), [[undefined, ['10.1.0.0/16'], 'dropped (blackhole) (r)']]);
  });

  test('an empty pair of tables, and the same table twice', () => {
    assert.deepEqual(diffTables(buildRouteTable('x', []), buildRouteTable('x', [])), []);
    const [table] = tables({ 'vlans.yaml': vlan, 'routes.yaml': `${defaultRoute}---\n${seed}` });
    assert.deepEqual(diffTables(table!, table!), []);
  });
});
