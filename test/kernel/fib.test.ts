// The simulator against the Linux kernel's FIB, per TMM replica (issue 11). Random VLANs and static
// routes are written as YAML CRs and simulated; the same configuration is built for real in one
// network namespace per replica (`unshare -n`): a veth per VLAN, the replica's self IP of each VLAN
// with the VLAN's prefix length, then the static routes in source order, and every probe is looked up
// there with `ip -j route get fibmatch` (the matched route itself, so its prefix is compared too). The
// kernel's answer for each replica must be the simulator's, and so must its routes: the kernel refuses
// a route whose gateway is on none of the replica's networks exactly where the simulator cannot use
// it, and a second route of one prefix ("File exists") exactly where the simulator chose an earlier
// usable one (the first accepted wins, as the first usable one does in our model).
//
// The mapping, per replica:
// - connected on VLAN n: a kernel route without a gateway on vlanN, of the VLAN's network;
// - forwarded via G on VLAN n: the kernel route of the same prefix, `gateway: G, dev: vlanN`;
// - blackhole: the kernel's error for a blackhole route, "Invalid argument";
// - no-route: "Network is unreachable";
// - unresolved (the longest match is a route whose gateway is on none of the replica's networks): the
//   kernel refused that route on that replica when it was added. The kernel then answers from a
//   shorter prefix; our model deliberately does not (inferred: it reports the unusable longest match
//   so the user sees it), so that answer is checked against the simulator given only the routes the
//   kernel accepted on that replica.
// - The replica's own self IP: the kernel answers `local` on the self IP's veth from its local table,
//   which it consults before any route. We read that as the simulator's `connected` on that VLAN (TMM
//   owns the address on its VLAN; the simulator has no local table and answers it as on the VLAN's
//   connected network). Where a longer route covers a self IP (a static route, or another VLAN's
//   longer network) the simulator answers that route and the kernel still `local`: a documented
//   difference, counted and not compared. The same holds for an IPv4 subnet's broadcast address
//   (`broadcast` in the kernel's local table).
//
// Excluded from generation, because the kernel models them differently on purpose:
// - gateways equal to a self IP: the project calls them an error (gateway-is-self-ip); IPv4 accepts
//   them as a local next hop, IPv6 refuses them ("Gateway can not be a local address");
// - link-local 169.254/16 gateways on no connected network of some replica: TMM reaches them over its
//   pod interface (R10), and a network namespace here has no pod interface, so the kernel refuses them;
// - IPv4 gateways equal to a connected subnet's broadcast address: the kernel refuses a next hop its
//   local table calls broadcast ("Nexthop has invalid gateway");
// - IPv6 gateways inside an earlier static route (gateway or blackhole) longer than their connected
//   network on some replica: IPv6 resolves a gateway with a full lookup and refuses one whose match is
//   itself a gateway or a reject route ("No route to host"), while IPv4 (by route scope) and our model
//   (no recursive resolution, inferred) resolve gateways over connected networks only;
// - IPv4 addresses in 0.0.0.0/8 ("this network": the kernel answers no route for 0.0.0.0, and for
//   0.0.0.x even on a connected 0.0.0.0/24), and the IPv6 self IPs and gateways `::` and `::1`
//   (unspecified and loopback: refused on a veth);
// - the same self IP twice (duplicate-self-ip, self-ip-on-two-vlans), and IPv4 self IPs that are
//   their subnet's broadcast address (selfip-broadcast-address).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { parseIp } from '../../server/src/core/net/index.js';
import { describeHop, type Hop } from '../../server/src/core/routing/lookup.js';
import { prefixKey, usableOn, type StaticRouteEntry } from '../../server/src/core/routing/table.js';
import { Workspace } from '../../server/src/core/workspace/workspace.js';
import { POOLS_V4, POOLS_V6, address, bits, lengths, mask, text, vlanLengths, yamlOf, type GenRoute, type GenVlan } from '../support/routeScenarios.js';

// ---------------------------------------------------------------------------------------------------
// A layout: what both sides are given.

/** One self-IP list of a VLAN (one family) on the veth `dev`: `selfIps[i]` is replica i + 1's. */
interface LayoutVlan { name: string; dev: string; len: number; selfIps: bigint[] }
/** A static route; `dest` is its network (no host bits), as the kernel wants it; `written` its CR's destination. */
interface LayoutRoute { name: string; dest: bigint; written?: bigint; len: number; gateway: bigint | undefined; blackhole: boolean }
interface Layout { family: 4 | 6; namespace: string; vlans: LayoutVlan[]; routes: LayoutRoute[]; replicaCount: number }

const hostMask = (len: number, family: 4 | 6) => (1n << BigInt(bits(family) - len)) - 1n;
const inNetwork = (address: bigint, network: bigint, len: number, family: 4 | 6) => mask(address, len, family) === mask(network, len, family);

/** Replica r's connected networks: its self IP of each VLAN that has one. */
function networksOf(layout: Layout, replica: number): { vlan: LayoutVlan; selfIp: bigint; network: bigint }[] {
  return layout.vlans.flatMap((vlan) => {
    const selfIp = vlan.selfIps[replica - 1];
    return selfIp === undefined ? [] : [{ vlan, selfIp, network: mask(selfIp, vlan.len, layout.family) }];
  });
}

// ---------------------------------------------------------------------------------------------------
// The kernel side: one `unshare -n sh -c` per replica.

interface KernelRoute { type?: string; dst: string; gateway?: string; dev?: string }
type KernelAnswer = { route: KernelRoute } | { error: string };
interface KernelReplica {
  /** The routes the kernel refused, by index: for their gateway, or as a second route of one prefix. */
  refused: Map<number, { reason: 'gateway' | 'exists'; message: string }>;
  /** One answer per probe. */
  answers: KernelAnswer[];
  /** The batch, for failure messages. */
  script: string;
}

interface IpRun { stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }

// Inside the new network namespace: the links and addresses ($1, one `ip -batch` that must succeed),
// then a wait for the IPv6 self IPs' local routes ($2 of them: the kernel adds them from a work queue
// after `addr add`, even with nodad), then the routes and lookups from standard input, each line
// whatever it answers. The values reach `ip` as data, never through the shell.
const IN_NETNS = `printf '%s' "$1" | ip -batch - || { echo 'kernel-fib: the links and addresses failed' >&2; exit 3; }
tries=0
while [ "$(ip -6 route show table local type local | grep -cv '^local fe80:')" -lt "$2" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 5000 ]; then echo 'kernel-fib: the IPv6 local routes did not appear' >&2; exit 4; fi
done
exec ip -j -force -batch -`;

/** In a new network namespace: `setup`, then `commands` with `ip -j -force -batch -`. */
function ipInNetns(setup: string, localRoutes6: number, commands: string): Promise<IpRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', IN_NETNS, 'sh', setup, String(localRoutes6)], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }));
    child.stdin.on('error', () => {}); // an early exit is reported by `close`
    child.stdin.end(commands);
  });
}

/** The failed lines of a batch (1-based) with the messages printed before each. */
function failuresOf(run: IpRun): Map<number, string> {
  const failures = new Map<number, string>();
  let pending: string[] = [];
  if (run.code === 3 || run.code === 4) throw new Error(run.stderr.trim());
  for (const line of run.stderr.split('\n')) {
    const failed = /^Command failed -:(\d+)$/.exec(line);
    if (failed) {
      failures.set(Number(failed[1]), pending.join(' '));
      pending = [];
    } else if (line.trim() !== '') pending.push(line.trim());
  }
  if (pending.length) throw new Error(`unexpected output of ip -batch in the network namespace: ${pending.join(' ')}`);
  if (run.signal !== null) throw new Error(`unshare -n sh -c (ip -batch) was killed by ${run.signal}`);
  if (run.code !== 0 && failures.size === 0) throw new Error(`unshare -n sh -c (ip -batch) exited with ${run.code}: ${run.stderr}`);
  return failures;
}

const NEEDS = 'The kernel tier builds each TMM replica in its own Linux network namespace: it runs `unshare -n sh -c` with iproute2\'s '
  + '`ip -batch` and `ip -j route get fibmatch` inside (util-linux unshare, iproute2 with JSON output) and creates veth pairs there, '
  + 'which needs root, or CAP_SYS_ADMIN and CAP_NET_ADMIN, and a kernel with network namespaces and veth';
let ready: Promise<void> | undefined;

/** Fails, saying what is missing, unless network namespaces with veths and `ip -j route get` work here. */
function kernelReady(): Promise<void> {
  return (ready ??= (async () => {
    let run: IpRun;
    try {
      run = await ipInNetns('link add vlan0 type veth peer name vlan0p\nlink set vlan0 up\nlink set vlan0p up\naddr add 192.0.2.10/24 dev vlan0\n', 0, 'route get fibmatch 192.0.2.99\n');
    } catch (error) {
      throw new Error(`${NEEDS}; it could not be run here: ${(error as Error).message}`);
    }
    const answer = run.code === 0 ? run.stdout.trim() : '';
    if (!answer.includes('"dst":"192.0.2.0/24"') || !answer.includes('"dev":"vlan0"')) {
      throw new Error(`${NEEDS}; here it failed (exit ${run.code ?? run.signal}): ${run.stderr.trim() || run.stdout.trim() || '(no output)'}`);
    }
  })());
}

/** Builds replica r of the layout in a network namespace and looks every probe up there. */
async function kernelReplica(layout: Layout, replica: number, probes: readonly bigint[]): Promise<KernelReplica> {
  const { family } = layout;
  const setup: string[] = [];
  for (const dev of new Set(layout.vlans.map((v) => v.dev))) setup.push(`link add ${dev} type veth peer name ${dev}p`, `link set ${dev} up`, `link set ${dev}p up`);
  const networks = networksOf(layout, replica);
  for (const { vlan, selfIp } of networks) setup.push(`addr add ${text(selfIp, family)}/${vlan.len} dev ${vlan.dev}${family === 6 ? ' nodad' : ''}`);
  // Line i + 1 adds route i; then one lookup per probe.
  const lines = layout.routes.map((r) => `route add ${r.blackhole ? `blackhole ${text(r.dest, family)}/${r.len}` : `${text(r.dest, family)}/${r.len} via ${text(r.gateway!, family)}`}`);
  for (const probe of probes) lines.push(`route get fibmatch ${text(probe, family)}`);
  const script = `${setup.join('\n')}\n--- then:\n${lines.join('\n')}\n`;
  const run = await ipInNetns(`${setup.join('\n')}\n`, family === 6 ? networks.length : 0, `${lines.join('\n')}\n`);
  let failures: Map<number, string>;
  try {
    failures = failuresOf(run);
  } catch (error) {
    throw new Error(`replica ${replica}: ${(error as Error).message}\n${script}`);
  }
  const refused = new Map<number, { reason: 'gateway' | 'exists'; message: string }>();
  const failedProbes = new Map<number, string>();
  const routeCount = layout.routes.length;
  for (const [line, message] of failures) {
    if (line <= routeCount) {
      const reason = /File exists/.test(message) ? 'exists' : /Nexthop has invalid gateway|No route to host|Network is unreachable/.test(message) ? 'gateway' : undefined;
      if (!reason) throw new Error(`unexpected refusal of a route, line ${line} (${lines[line - 1]}) of replica ${replica}: ${message}\n${script}`);
      refused.set(line - 1, { reason, message });
    } else failedProbes.set(line - routeCount - 1, message);
  }
  const printed = run.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as KernelRoute[]);
  assert.equal(printed.length, probes.length - failedProbes.size, `one answer per probe that did not fail\n${script}\n${run.stdout}`);
  let next = 0;
  const answers = probes.map((_, i): KernelAnswer => {
    const error = failedProbes.get(i);
    if (error !== undefined) return { error };
    const routes = printed[next++]!;
    assert.equal(routes.length, 1, JSON.stringify(routes));
    return { route: routes[0]! };
  });
  return { refused, answers, script };
}

// ---------------------------------------------------------------------------------------------------
// The comparison.

function valueOf(address: string): bigint {
  const parsed = parseIp(address);
  if (!parsed.ok) throw new Error(`not an address: ${address} (${parsed.reason})`);
  return parsed.address.value;
}

/** What an answer says, in one shape for both sides: a prefix, its gateway and device, or an error. */
type Said = { via: string; gateway: string | null; dev: string } | { dropped: 'blackhole' } | { unreachable: true } | { other: string };

function kernelSaid(answer: KernelAnswer, family: 4 | 6): Said {
  if ('error' in answer) {
    if (/Invalid argument/.test(answer.error)) return { dropped: 'blackhole' };
    if (/Network is unreachable/.test(answer.error)) return { unreachable: true };
    return { other: answer.error };
  }
  const { type, dst, gateway, dev } = answer.route;
  if (type !== undefined && type !== 'unicast') return { other: `type ${type}: ${JSON.stringify(answer.route)}` };
  const [network, len] = dst === 'default' ? [family === 4 ? '0.0.0.0' : '::', '0'] : dst.split('/');
  const prefixLen = len === undefined ? bits(family) : Number(len);
  return { via: `${text(valueOf(network!), family)}/${prefixLen}`, gateway: gateway === undefined ? null : text(valueOf(gateway), family), dev: dev ?? '(none)' };
}

function ourSaid(hop: Hop, family: 4 | 6, devOf: (vlan: string) => string): Said {
  switch (hop.outcome) {
    case 'connected':
    case 'forwarded': {
      const route = hop.route!;
      const via = `${text(valueOf(route.destination), family)}/${route.prefixLen}`;
      if (hop.interface !== 'vlan' || hop.vlan === null) return { other: `over ${hop.interface}` };
      return { via, gateway: hop.outcome === 'connected' ? null : text(valueOf(hop.nextHop!), family), dev: devOf(hop.vlan) };
    }
    case 'blackhole':
      return { dropped: 'blackhole' };
    case 'no-route':
      return { unreachable: true };
    case 'unresolved':
      return { other: 'unresolved' };
  }
}

/** How many answers of each kind were compared, for the coverage check. */
type Tally = Record<string, number>;
const count = (tally: Tally, key: string) => (tally[key] = (tally[key] ?? 0) + 1);

interface Side {
  layout: Layout;
  workspace: Workspace;
  /** The YAML, for failure messages. */
  yaml: string;
}

function routeIndex(layout: Layout, hop: Hop): number {
  const index = layout.routes.findIndex((r) => r.name === hop.route?.name);
  assert.ok(index >= 0, `a static route of the layout: ${describeHop(hop)}`);
  return index;
}

/** The simulator given only replica r's self IPs and the routes the kernel accepted there. */
function acceptedOnly(side: Side, replica: number, kernel: KernelReplica): Workspace {
  const { layout } = side;
  const vlans: GenVlan[] = networksOf(layout, replica).map(({ vlan, selfIp }) => ({ name: vlan.name, len: vlan.len, family: layout.family, selfIps: [selfIp] }));
  const routes: GenRoute[] = layout.routes
    .filter((_, i) => !kernel.refused.has(i))
    .map((r) => ({ name: r.name, dest: r.dest, len: r.len, gateway: r.gateway ?? 0n, family: layout.family, blackhole: r.blackhole }));
  const workspace = new Workspace('ns', { checks: false });
  workspace.setFile('file:///kernel/accepted.yaml', yamlOf(layout.family, vlans, routes));
  return workspace;
}

/** Compares replica r's kernel answers with the simulator's, probe by probe, and its route table. */
function compareReplica(side: Side, replica: number, probes: readonly bigint[], kernel: KernelReplica, tally: Tally): void {
  const { layout, workspace } = side;
  const { family } = layout;
  const devOf = (vlan: string) => layout.vlans.find((v) => v.name === vlan)?.dev ?? `(VLAN ${vlan})`;
  const context = (what: string) => `replica ${replica}, ${what}\n--- the CRs:\n${side.yaml}\n--- replica ${replica}'s network namespace:\n${kernel.script}`;
  const networks = networksOf(layout, replica);

  // The table: a route the kernel refused for its gateway is one the simulator cannot use on this
  // replica, and a route the kernel kept is the usable one the simulator chose for its prefix there
  // (its choice may be an unusable one, to report it; IPv6 keeps a static route equal to a connected
  // network too, below it by metric, where the connected one is ours).
  const table = workspace.table(layout.namespace);
  const replicaClass = table.classes.find((c) => c.replicas.includes(replica));
  assert.ok(replicaClass, context('a replica class'));
  layout.routes.forEach((route, i) => {
    const entry = table.entries.find((e): e is StaticRouteEntry => e.kind === 'static' && e.resource.name === route.name);
    assert.ok(entry, context(`the simulator's entry for ${route.name}`));
    const refusal = kernel.refused.get(i);
    count(tally, refusal ? `refused (${refusal.reason})` : 'accepted');
    const usable = usableOn(entry, replicaClass);
    assert.equal(usable, refusal?.reason !== 'gateway', context(`${route.name}: usable by the simulator ↔ its gateway accepted by the kernel (${refusal?.message ?? 'accepted'})`));
    const winner = replicaClass.winners.get(prefixKey(entry.family, entry.network, entry.prefixLen));
    if (family === 6 && winner?.kind === 'connected') return;
    assert.equal(winner === entry && usable, refusal === undefined, context(`${route.name}: the simulator's route for ${entry.network.text}/${entry.prefixLen} ↔ the one the kernel kept (${refusal?.message ?? 'accepted'}); the simulator's is ${winner?.resource.name}`));
  });

  let fallback: Workspace | undefined;
  probes.forEach((probe, i) => {
    const hops = workspace.simulate(text(probe, family), layout.namespace);
    const hop = hops.find((h) => h.replicas.includes(replica));
    assert.ok(hop, context(`probe ${text(probe, family)}: every replica is answered`));
    const answer = kernel.answers[i]!;
    const where = context(`probe ${text(probe, family)}: ours ${describeHop(hop)}; the kernel's ${JSON.stringify(answer)}`);

    // The replica's own addresses: the kernel's local table answers first.
    const own = networks.find((n) => n.selfIp === probe);
    const broadcast = family === 4 ? networks.filter((n) => n.vlan.len <= 30 && (n.network | hostMask(n.vlan.len, 4)) === probe) : [];
    if (own || broadcast.length) {
      const type = own ? 'local' : 'broadcast';
      const devs = own ? [own.vlan.dev] : broadcast.map((n) => n.vlan.dev);
      assert.ok('route' in answer && answer.route.type === type && devs.includes(answer.route.dev ?? ''), `${type} on ${devs.join(' or ')} expected; ${where}`);
      const names = own ? [own.vlan.name] : broadcast.map((n) => n.vlan.name);
      count(tally, hop.outcome === 'connected' && names.includes(hop.vlan ?? '') ? type : `${type}, a longer route covers it (not compared)`);
      return;
    }

    const kernelSays = kernelSaid(answer, family);
    if (hop.outcome === 'unresolved') {
      // The kernel refused the route on this replica, and answers from what it kept.
      const refusal = kernel.refused.get(routeIndex(layout, hop));
      assert.equal(refusal?.reason, 'gateway', `the kernel refused ${hop.route?.name} for its gateway; ${where}`);
      fallback ??= acceptedOnly(side, replica, kernel);
      const [kept, ...rest] = fallback.simulate(text(probe, family), 'ns');
      assert.equal(rest.length, 0);
      assert.notEqual(kept!.outcome, 'unresolved', where);
      assert.deepEqual(kernelSays, ourSaid(kept!, family, devOf), `${where}\n(the simulator with the kept routes only: ${describeHop(kept!)})`);
      count(tally, 'unresolved');
      return;
    }
    assert.deepEqual(kernelSays, ourSaid(hop, family, devOf), where);
    if (hop.outcome === 'blackhole') assert.ok(!kernel.refused.has(routeIndex(layout, hop)), `the kernel kept the blackhole; ${where}`);
    count(tally, hop.outcome);
  });
}

/** Both sides of a layout, every replica; the replicas' namespaces are built in parallel. */
async function differential(side: Side, probes: readonly bigint[], tally: Tally): Promise<KernelReplica[]> {
  const replicas = Array.from({ length: side.layout.replicaCount }, (_, i) => i + 1);
  const kernels = await Promise.all(replicas.map((r) => kernelReplica(side.layout, r, probes)));
  replicas.forEach((r, i) => compareReplica(side, r, probes, kernels[i]!, tally));
  return kernels;
}

// ---------------------------------------------------------------------------------------------------
// Random scenarios.

/**
 * A generated address: from a pool; a replica's self IP (host null) or a host of its VLAN subnet; or a
 * host inside an earlier route's prefix (a gateway there, a probe anywhere under it).
 */
type Target = { pool: bigint } | { vlan: number; replica: number; host: bigint | null } | { route: number; host: bigint };

const pools = (family: 4 | 6) => (family === 4 ? POOLS_V4.filter((b) => b !== 0n) : POOLS_V6); // no 0.0.0.0/8 (see the top)
const host = fc.bigInt({ min: 0n, max: (1n << 24n) - 1n });
const target = (family: 4 | 6): fc.Arbitrary<Target> => fc.oneof(
  address(family, pools(family)).map((pool) => ({ pool })),
  // host -1: the subnet's last address (IPv4's broadcast address).
  fc.record({ vlan: fc.nat(2), replica: fc.nat(2), host: fc.option(fc.oneof({ arbitrary: host, weight: 6 }, { arbitrary: fc.constant(-1n), weight: 1 }), { freq: 4 }) }),
  fc.record({ route: fc.nat(11), host }),
);

const rawScenario = fc.constantFrom<4 | 6>(4, 6).chain((family) => fc.record({
  family: fc.constant(family),
  // zones: each replica's self IP drawn on its own (a multi-zone layout, or a shared subnet by chance);
  // otherwise all of them in the subnet of the first.
  vlans: fc.array(fc.record({ len: vlanLengths(family), zones: fc.boolean(), ips: fc.array(address(family, pools(family)), { minLength: 1, maxLength: 3 }), start: fc.bigInt({ min: 0n, max: 0xffffn }) }), { minLength: 1, maxLength: 3 }),
  // same: the destination and prefix of an earlier route (a per-zone route has one per zone).
  routes: fc.array(fc.record({ dest: target(family), len: lengths(family), same: fc.option(fc.nat(11), { freq: 3 }), gateway: target(family), blackhole: fc.nat(7).map((n) => n === 0) }), { maxLength: 12 }),
  probes: fc.array(target(family), { minLength: 1, maxLength: 20 }),
}));

interface Scenario { layout: Layout; probes: bigint[]; excluded: string[] }

type RawScenario = typeof rawScenario extends fc.Arbitrary<infer T> ? T : never;

function resolveScenario(raw: RawScenario): Scenario | undefined {
  const { family } = raw;
  const vlans: LayoutVlan[] = raw.vlans.map((v, i) => {
    const size = hostMask(v.len, family) + 1n;
    const selfIps = v.zones
      // An IPv4 self IP on its subnet's broadcast address moves one down.
      ? v.ips.map((ip) => (family === 4 && (ip & hostMask(v.len, 4)) === hostMask(v.len, 4) ? ip - 1n : ip))
      : v.ips.map((_, j) => mask(v.ips[0]!, v.len, family) + ((v.start + BigInt(j)) % (family === 4 ? size - 1n : size)));
    return { name: `vlan${i}`, dev: `vlan${i}`, len: v.len, selfIps };
  });
  const all = vlans.flatMap((v) => v.selfIps);
  if (new Set(all).size !== all.length) return undefined; // the same self IP twice
  if (family === 6 && all.some((ip) => ip <= 1n)) return undefined; // :: and ::1
  const replicaCount = Math.max(...vlans.map((v) => v.selfIps.length));
  const layout: Layout = { family, namespace: 'ns', vlans, routes: [], replicaCount };
  const excluded: string[] = [];
  const routes: LayoutRoute[] = [];
  const resolve = (t: Target): bigint => {
    if ('pool' in t) return t.pool;
    if ('route' in t && routes.length) {
      // Near its destination as written, inside its prefix (not in 0.0.0.0/8 under a short prefix).
      const route = routes[t.route % routes.length]!;
      const len = Math.max(route.len, bits(family) - (family === 4 ? 8 : 16));
      return mask(route.written ?? route.dest, len, family) + (t.host % (hostMask(len, family) + 1n));
    }
    const vlan = vlans[('vlan' in t ? t.vlan : 0) % vlans.length]!;
    const ip = vlan.selfIps[('vlan' in t ? t.replica : 0) % vlan.selfIps.length]!;
    if (t.host === null) return ip;
    return t.host < 0n ? mask(ip, vlan.len, family) | hostMask(vlan.len, family) : mask(ip, vlan.len, family) + (t.host % (hostMask(vlan.len, family) + 1n));
  };
  const replicas = Array.from({ length: replicaCount }, (_, i) => i + 1);
  for (const r of raw.routes) {
    const same = r.same !== null && routes.length ? routes[r.same % routes.length] : undefined;
    const written = same ? same.written ?? same.dest : resolve(r.dest);
    const len = same ? same.len : r.len;
    const gateway = r.blackhole ? undefined : resolve(r.gateway);
    const why = gateway === undefined ? undefined : exclusion(layout, replicas, routes, gateway);
    if (why) {
      excluded.push(why);
      continue;
    }
    routes.push({ name: `route${routes.length}`, dest: mask(written, len, family), written, len, gateway, blackhole: r.blackhole });
  }
  layout.routes = routes;
  // Every probe, every route's destination as written and every gateway are looked up.
  const probes = [...new Set([...raw.probes.map(resolve), ...routes.map((r) => r.written ?? r.dest), ...routes.flatMap((r) => (r.gateway === undefined ? [] : [r.gateway]))])];
  return { layout, probes, excluded };
}

/** Why a gateway is left out of the generated routes (see the top), or undefined. */
function exclusion(layout: Layout, replicas: number[], earlier: readonly LayoutRoute[], gateway: bigint): string | undefined {
  const { family } = layout;
  if (layout.vlans.some((v) => v.selfIps.includes(gateway))) return 'gateway is a self IP';
  if (family === 6 && gateway <= 1n) return 'gateway :: or ::1';
  const networks = replicas.map((r) => networksOf(layout, r).filter((n) => inNetwork(gateway, n.network, n.vlan.len, family)));
  if (family === 4 && mask(gateway, 16, 4) === 0xa9fe0000n && networks.some((n) => n.length === 0)) return 'link-local gateway over the pod interface';
  if (family === 4 && replicas.some((r) => networksOf(layout, r).some((n) => n.vlan.len <= 30 && (n.network | hostMask(n.vlan.len, 4)) === gateway))) return 'gateway is a broadcast address';
  if (family === 6) {
    for (const on of networks) {
      if (on.length === 0) continue;
      const longest = Math.max(...on.map((n) => n.vlan.len));
      if (earlier.some((e) => e.len > longest && inNetwork(gateway, e.dest, e.len, 6))) return 'IPv6 gateway inside a longer static route';
    }
  }
  return undefined;
}

const scenario = rawScenario.map(resolveScenario).filter((s): s is Scenario => s !== undefined);

function sideOf(layout: Layout): Side {
  const vlans: GenVlan[] = layout.vlans.map((v) => ({ name: v.name, len: v.len, family: layout.family, selfIps: v.selfIps }));
  const routes: GenRoute[] = layout.routes.map((r) => ({ name: r.name, dest: r.written ?? r.dest, len: r.len, gateway: r.gateway ?? 0n, family: layout.family, blackhole: r.blackhole }));
  const yaml = yamlOf(layout.family, vlans, routes);
  const workspace = new Workspace();
  workspace.setFile('file:///kernel/routes.yaml', yaml);
  return { layout, workspace, yaml };
}

describe('the simulator against the Linux kernel FIB, one network namespace per TMM replica', () => {
  test('random VLANs (one subnet, or one per zone) and static routes, IPv4 and IPv6: every replica answers every probe as the kernel does', async () => {
    await kernelReady();
    const tally: Tally = {};
    let scenarios = 0;
    let multiZone = 0;
    let namespaces = 0;
    const excluded: Tally = {};
    await fc.assert(
      fc.asyncProperty(scenario, async ({ layout, probes, excluded: why }) => {
        const side = sideOf(layout);
        await differential(side, probes, tally);
        scenarios++;
        namespaces += layout.replicaCount;
        if (side.workspace.table('ns').classes.length > 1) multiZone++;
        for (const reason of why) count(excluded, reason);
      }),
      { numRuns: 300, seed: 42, includeErrorInReport: true },
    );
    // KERNEL_FIB_STATS=1 prints what ran: scenarios, network namespaces, answers by kind, exclusions.
    if (process.env.KERNEL_FIB_STATS) process.stderr.write(`${JSON.stringify({ scenarios, namespaces, multiZone, tally, excluded })}\n`);
    // The generator reaches every kind of answer, and multi-zone layouts, often enough to mean something.
    assert.equal(scenarios, 300);
    assert.ok(multiZone >= 100, `multi-zone scenarios: ${multiZone}`);
    for (const kind of ['connected', 'forwarded', 'blackhole', 'no-route', 'unresolved', 'local', 'broadcast', 'accepted', 'refused (gateway)', 'refused (exists)']) {
      assert.ok((tally[kind] ?? 0) >= 50, `${kind}: ${tally[kind] ?? 0} answers in ${JSON.stringify(tally)}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The real multi-zone layout.

/** A layout read from CRs on its own (the yaml package, not the project's readers): VLANs and static routes. */
function layoutOfFixture(yaml: string, namespace: string): Layout {
  const vlans: LayoutVlan[] = [];
  const routes: LayoutRoute[] = [];
  let devs = 0;
  for (const doc of parseAllDocuments(yaml)) {
    const cr = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };
    const spec = cr.spec ?? {};
    if (cr.kind === 'F5SPKVlan') {
      const selfIps = (spec.selfip_v4s as string[] | undefined) ?? [];
      vlans.push({ name: String(spec.name), dev: `vlan${devs++}`, len: Number(spec.prefixlen_v4), selfIps: selfIps.map(valueOf) });
      assert.equal(spec.selfip_v6s, undefined, 'an IPv4 layout');
    } else if (cr.kind === 'F5SPKStaticRoute') {
      const len = Number(spec.prefixLen);
      const blackhole = spec.type === 'blackhole';
      routes.push({ name: String(cr.metadata?.name), dest: mask(valueOf(String(spec.destination)), len, 4), len, gateway: blackhole ? undefined : valueOf(String(spec.gateway)), blackhole });
    }
  }
  return { family: 4, namespace, vlans, routes, replicaCount: Math.max(...vlans.map((v) => v.selfIps.length)) };
}

describe('the real multi-zone layout against the kernel (test/fixtures/layouts/multizone/bnk.yaml)', () => {
  test('on each of the 3 replicas: the client subnet via its own zone gateway, its zone subnets connected, the other zones unrouted, as the kernel says', async () => {
    await kernelReady();
    const path = join(__dirname, '..', 'fixtures', 'layouts', 'multizone', 'bnk.yaml');
    const yaml = readFileSync(path, 'utf8');
    const layout = layoutOfFixture(yaml, 'f5-bnk');
    assert.equal(layout.replicaCount, 3);
    const workspace = new Workspace();
    workspace.setFile('file:///layouts/multizone/bnk.yaml', yaml);
    // 10.250.1.2, and in every zone subnet: a neighbour, the self IP, the zone gateway.
    const subnets = layout.vlans.flatMap((v) => v.selfIps.map((ip) => mask(ip, v.len, 4)));
    const probes = [valueOf('10.250.1.2'), ...subnets.flatMap((net) => [net + 7n, net + 101n, net + 1n])];
    const tally: Tally = {};
    const kernels = await differential({ layout, workspace, yaml }, probes, tally);
    // Replica r keeps client-zone-r and refuses the other zones' routes: their gateways are off its networks.
    kernels.forEach((kernel, i) => {
      assert.deepEqual([...kernel.refused].map(([route, { reason }]) => [layout.routes[route]!.name, reason]), [1, 2, 3].filter((z) => z !== i + 1).map((z) => [`client-zone-${z}`, 'gateway']));
      assert.deepEqual(kernelSaid(kernel.answers[0]!, 4), { via: '10.250.0.0/16', gateway: `10.${155 + i}.${15 + i}.1`, dev: 'vlan0' });
    });
    assert.deepEqual(workspace.simulate('10.250.1.2', 'f5-bnk').map((h) => [h.replicas, h.nextHop, h.vlan]), [[[1], '10.155.15.1', 'external'], [[2], '10.156.16.1', 'external'], [[3], '10.157.17.1', 'external']]);
    // Per replica: 10.250.1.2; its 2 zone subnets' neighbours and gateways connected, its 2 self IPs
    // local; the other zones' 4 subnets × 3 probes unrouted.
    assert.deepEqual(tally, { accepted: 3, 'refused (gateway)': 6, forwarded: 3, connected: 12, local: 6, 'no-route': 36 });
  });
});
