// A whole GitOps repository (issue 15), deterministic from a seed: 1,000 YAML files holding 50,000 SPK
// resources in 50 namespaces (one TMM each), several documents per file (about 50 resources, with
// variance), 10% of the documents non-SPK (ConfigMaps, Deployments, Services), half of the files with
// double-quoted values, and a `node_modules/` whose YAML must be ignored.
//
// Per namespace: 8 F5SPKVlans (one self IP per TMM replica, 2–4 replicas), 4 F5SPKSnatpools (one
// address list per replica), 4 F5SPKEgresses and 984 F5SPKStaticRoutes (20% IPv6, a default route).
// Every fifth namespace is multi-zone: each replica has its own subnet on every VLAN, and routes come
// in per-zone groups (one route per replica, same destination, the gateway on that replica's subnet).
// A few mistakes give diagnostics: host bits set, unreachable gateways, duplicate routes across files.
//
// `variant` is the branch: 1 moves every VLAN subnet, gateway and destination, and the mistakes, so a
// branch switch changes every file (same paths) and every answer.

import type { GeneratedRoute } from './routeTable.js';

export interface RepoFile {
  /** Relative to the workspace folder, `/`-separated. */
  path: string;
  text: string;
}

/** A destination to simulate, with the route (in a file that is never opened) that answers it. */
export interface RepoProbe {
  destination: string;
  namespace: string;
  routeName: string;
  path: string;
}

export interface Repo {
  files: RepoFile[];
  /** Under `node_modules/`: never read (they would change the answers if they were). */
  ignored: RepoFile[];
  /** The file the editor opens: its diagnostics include cross-file findings. */
  opened: { path: string; namespace: string; hoverLine: number };
  probe: RepoProbe;
  /** Every namespace's static routes, for destinations to simulate (routeTable.ts generateDestinations). */
  routes: Record<string, GeneratedRoute[]>;
  shape: { files: number; resources: number; nonSpk: number; namespaces: number; bytes: number; multiZone: number };
}

export const REPO_NAMESPACES = 50;
const FILES_PER_NAMESPACE = 20;
const VLANS = 8;
const POOLS = 4;
const ROUTES = 1000 - VLANS - 2 * POOLS;
/** The namespace of the opened file (single-zone, 3 replicas) and of the probe (multi-zone, 2 replicas). */
const OPENED_NAMESPACE = 7;
const OPENED_FILE = 5;
const PROBE_NAMESPACE = 23;
const PROBE_FILE = 12;

type Random = () => number;

function lcg(seed: number): Random {
  let state = seed >>> 0 || 1;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
}

const hex = (n: number) => n.toString(16);
const pad = (n: number) => String(n).padStart(2, '0');
export const namespaceName = (n: number) => `tmm-${pad(n)}`;
const replicasOf = (n: number) => 2 + (n % 3);
const isMultiZone = (n: number) => n % 5 === 3;

interface Route {
  name: string;
  family: 4 | 6;
  destination: string;
  prefixLen: number;
  gateway: string;
  /** The VLAN and replica (zone) of the gateway. */
  vlan: number;
  zone: number;
  extra?: string;
}

interface Ns {
  index: number;
  name: string;
  replicas: number;
  multiZone: boolean;
  /** Third octet (and IPv6 group) of the VLAN subnets: moved by the branch. */
  base: number;
  routes: Route[];
}

/** VLAN `v`'s subnet for replica `r`: one per VLAN, or one per replica and VLAN when multi-zone. */
function subnet(ns: Ns, v: number, r: number): number {
  return ns.base + (ns.multiZone ? v * 4 + r : v);
}

function gatewayOf(ns: Ns, family: 4 | 6, v: number, r: number): string {
  const s = subnet(ns, v, r);
  return family === 4 ? `10.${ns.index}.${s}.1` : `fd00:${hex(ns.index)}:${hex(s)}::1`;
}

function makeRoutes(ns: Ns, variant: number, mistakes: Random): Route[] {
  const routes: Route[] = [];
  const group = ns.multiZone ? ns.replicas : 1;
  for (let i = 0; i < ROUTES; i++) {
    const g = Math.floor(i / group); // the destination, shared by a per-zone group
    const r = i % group;
    const family: 4 | 6 = g % 5 === 4 ? 6 : 4;
    const v = g === 0 ? 0 : 1 + (g % (VLANS - 1)); // the default route alone on VLAN 0: no route is redundant to it
    let destination: string;
    let prefixLen: number;
    if (g === 0) {
      destination = '0.0.0.0';
      prefixLen = 0;
    } else if (family === 4) {
      destination = `100.${64 + variant * 8 + (g >> 8)}.${g & 255}.0`;
      prefixLen = 24;
    } else {
      destination = `2001:db8:${hex(ns.index)}:${hex(g + variant * 0x1000)}::`;
      prefixLen = 64;
    }
    const route: Route = { name: `route-${i}`, family, destination, prefixLen, gateway: gatewayOf(ns, family, v, r), vlan: v, zone: r };
    if (g > 0) {
      const roll = mistakes();
      if (roll < 0.003) route.destination = family === 4 ? route.destination.replace(/\.0$/, '.7') : `${route.destination}7`;
      else if (roll < 0.006) route.gateway = family === 4 ? `10.${ns.index}.${ns.base + 40}.1` : `fd00:${hex(ns.index)}:${hex(ns.base + 40)}::1`;
      else if (roll < 0.007 && i > 40) duplicate(routes[i - 37]!, route, ns);
    }
    routes.push(route);
  }
  return routes;
}

/** Makes `route` the same destination as `of`, with a gateway on another VLAN: a duplicate route. */
function duplicate(of: Route, route: Route, ns: Ns): void {
  route.family = of.family;
  route.destination = of.destination;
  route.prefixLen = of.prefixLen;
  route.vlan = 1 + (of.vlan % (VLANS - 1));
  route.zone = of.zone;
  route.gateway = gatewayOf(ns, of.family, route.vlan, route.zone);
}

class Writer {
  constructor(private readonly quoted: boolean) {}

  /** A string value: double-quoted in quoted files; IPv6 and other YAML-special text always. */
  s(value: string): string {
    return this.quoted || value.includes(':') ? `"${value}"` : value;
  }
}

function vlanDoc(w: Writer, ns: Ns, v: number): string {
  const v4s: string[] = [];
  const v6s: string[] = [];
  for (let r = 0; r < ns.replicas; r++) {
    const s = subnet(ns, v, ns.multiZone ? r : 0);
    v4s.push(`    - ${w.s(`10.${ns.index}.${s}.${ns.multiZone ? 10 : 10 + r}`)}`);
    v6s.push(`    - ${w.s(`fd00:${hex(ns.index)}:${hex(s)}::${hex(ns.multiZone ? 10 : 10 + r)}`)}`);
  }
  return [
    `apiVersion: ${w.s('k8s.f5net.com/v1')}`,
    `kind: ${w.s('F5SPKVlan')}`,
    'metadata:',
    `  name: ${w.s(`vlan-${v}`)}`,
    `  namespace: ${w.s(ns.name)}`,
    'spec:',
    `  name: ${w.s(`vlan-${v}`)}`,
    '  interfaces:',
    `    - "1.${v + 1}"`,
    `  tag: ${100 + v}`,
    '  selfip_v4s:',
    ...v4s,
    '  prefixlen_v4: 24',
    '  selfip_v6s:',
    ...v6s,
    '  prefixlen_v6: 64',
    `  auto_lasthop: ${w.s('AUTO_LASTHOP_ENABLED')}`,
  ].join('\n');
}

function snatpoolDoc(w: Writer, ns: Ns, p: number): string {
  const lists: string[] = [];
  for (let r = 0; r < ns.replicas; r++) {
    lists.push(`    - - ${w.s(`172.20.${ns.index}.${p * 16 + r + 1}`)}`, `      - ${w.s(`fd01:${hex(ns.index)}::${hex(p * 16 + r + 1)}`)}`);
  }
  return [
    `apiVersion: ${w.s('k8s.f5net.com/v1')}`,
    `kind: ${w.s('F5SPKSnatpool')}`,
    'metadata:',
    `  name: ${w.s(`snatpool-${p}`)}`,
    `  namespace: ${w.s(ns.name)}`,
    'spec:',
    `  name: ${w.s(`snat-${p}`)}`,
    '  addressList:',
    ...lists,
  ].join('\n');
}

function egressDoc(w: Writer, ns: Ns, p: number): string {
  return [
    `apiVersion: ${w.s('k8s.f5net.com/v3')}`,
    `kind: ${w.s('F5SPKEgress')}`,
    'metadata:',
    `  name: ${w.s(`egress-${p}`)}`,
    `  namespace: ${w.s(ns.name)}`,
    'spec:',
    '  dualStackEnabled: true',
    `  snatType: ${w.s('SRC_TRANS_SNATPOOL')}`,
    `  egressSnatpool: ${w.s(`snat-${p}`)}`,
    '  pseudoCNIConfig:',
    '    namespaces:',
    `      - ${w.s(`app-${ns.index}-${p}`)}`,
    `    appPodInterface: ${w.s('eth0')}`,
    `    appNodeInterface: ${w.s(`vlan-${p}`)}`,
    `    vlanName: ${w.s(`vlan-${p}`)}`,
  ].join('\n');
}

function routeDoc(w: Writer, ns: Ns, route: Route): string {
  return [
    `apiVersion: ${w.s('k8s.f5net.com/v1')}`,
    `kind: ${w.s('F5SPKStaticRoute')}`,
    'metadata:',
    `  name: ${w.s(route.name)}`,
    `  namespace: ${w.s(ns.name)}`,
    'spec:',
    `  destination: ${w.s(route.destination)}`,
    `  prefixLen: ${route.prefixLen}`,
    `  type: ${w.s('gateway')}`,
    `  gateway: ${w.s(route.gateway)}`,
    ...(route.extra ? [route.extra] : []),
  ].join('\n');
}

function otherDoc(w: Writer, ns: Ns, k: number): string {
  const app = `app-${ns.index}-${k % POOLS}`;
  const name = `svc-${k}`;
  switch (k % 3) {
    case 0:
      return [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${w.s(`${name}-config`)}`,
        `  namespace: ${w.s(app)}`,
        'data:',
        `  LOG_LEVEL: ${w.s('info')}`,
        `  UPSTREAM: "http://backend-${k}.${app}.svc:8080"`,
      ].join('\n');
    case 1:
      return [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${w.s(name)}`,
        `  namespace: ${w.s(app)}`,
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels:',
        `      app: ${w.s(name)}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: ${w.s(name)}`,
        '    spec:',
        '      containers:',
        `        - name: ${w.s('app')}`,
        `          image: "registry.example.com/${name}:1.${k % 10}.0"`,
        '          ports:',
        '            - containerPort: 8080',
      ].join('\n');
    default:
      return [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: ${w.s(name)}`,
        `  namespace: ${w.s(app)}`,
        'spec:',
        '  selector:',
        `    app: ${w.s(name)}`,
        '  ports:',
        '    - port: 80',
        '      targetPort: 8080',
      ].join('\n');
  }
}

const WRITERS = { vlan: vlanDoc, snatpool: snatpoolDoc, egress: egressDoc };

type Item = { kind: 'vlan' | 'snatpool' | 'egress'; index: number } | { kind: 'route'; route: Route };

function filePath(n: number, f: number): string {
  return f === 0 ? `clusters/${namespaceName(n)}/network.yaml` : `clusters/${namespaceName(n)}/routes/routes-${pad(f)}.yaml`;
}

/** One branch of the repository. The layout (which resource is in which file) is the same in both. */
export function generateRepo(variant: 0 | 1 = 0, seed = 15): Repo {
  const layout = lcg(seed);
  const mistakes = lcg(seed * 7919 + variant + 1);
  const files: RepoFile[] = [];
  let resources = 0;
  let nonSpk = 0;
  let opened: Repo['opened'] | undefined;
  let probe: RepoProbe | undefined;
  const routes: Record<string, GeneratedRoute[]> = {};
  for (let n = 0; n < REPO_NAMESPACES; n++) {
    const ns: Ns = { index: n, name: namespaceName(n), replicas: replicasOf(n), multiZone: isMultiZone(n), base: variant * 32, routes: [] };
    ns.routes = makeRoutes(ns, variant, mistakes);
    routes[ns.name] = ns.routes.map((r) => ({ family: r.family, address: r.destination, prefixLen: r.prefixLen }));
    const items: Item[] = [
      ...Array.from({ length: VLANS }, (_, index) => ({ kind: 'vlan' as const, index })),
      ...Array.from({ length: POOLS }, (_, index) => ({ kind: 'snatpool' as const, index })),
      ...Array.from({ length: POOLS }, (_, index) => ({ kind: 'egress' as const, index })),
      ...ns.routes.map((route) => ({ kind: 'route' as const, route })),
    ];
    // File sizes with variance (weights 0.2–1.8), every file at least one resource.
    const weights = Array.from({ length: FILES_PER_NAMESPACE }, () => 0.2 + 1.6 * layout());
    const total = weights.reduce((a, b) => a + b, 0);
    const counts = weights.map((wt) => Math.max(1, Math.round((wt / total) * items.length)));
    counts[counts.length - 1] = items.length - counts.slice(0, -1).reduce((a, b) => a + b, 0);
    let at = 0;
    for (let f = 0; f < FILES_PER_NAMESPACE; f++) {
      const chunk = items.slice(at, (at += counts[f]!));
      const path = filePath(n, f);
      if (n === OPENED_NAMESPACE && f === OPENED_FILE) forceOpenedMistakes(chunk, ns, variant);
      const w = new Writer((n + f) % 2 === 0);
      const docs: string[] = [];
      const lines: number[] = [];
      let line = 1; // the `---` of the first document
      let k = 0;
      for (const item of chunk) {
        const text = 'route' in item ? routeDoc(w, ns, item.route) : WRITERS[item.kind](w, ns, item.index);
        lines.push(line);
        docs.push(text);
        line += text.split('\n').length + 1;
        resources++;
        // About one non-SPK document per nine SPK ones: 10% of all documents.
        if (layout() < 1 / 9) {
          const other = otherDoc(w, ns, f * 1000 + k++);
          docs.push(other);
          line += other.split('\n').length + 1;
          nonSpk++;
        }
      }
      files.push({ path, text: `---\n${docs.join('\n---\n')}\n` });
      if (n === OPENED_NAMESPACE && f === OPENED_FILE) opened = { path, namespace: ns.name, hoverLine: lines[0]! + 6 }; // the first resource's `destination` (0-based: its line after `---`)
      if (n === PROBE_NAMESPACE && f === PROBE_FILE) {
        const route = chunk.map((item) => (item.kind === 'route' ? item.route : undefined)).find((r) => r && r.family === 4 && r.prefixLen === 24 && r.destination.endsWith('.0'))!;
        probe = { destination: route.destination.replace(/\.0$/, '.77'), namespace: ns.name, routeName: route.name, path };
      }
    }
  }
  const ignored = ignoredFiles();
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  return {
    files,
    ignored,
    opened: opened!,
    probe: probe!,
    routes,
    shape: { files: files.length, resources, nonSpk, namespaces: REPO_NAMESPACES, bytes, multiZone: Array.from({ length: REPO_NAMESPACES }, (_, n) => n).filter(isMultiZone).length },
  };
}

/**
 * The opened file's own mistakes, each depending on another file: a gateway on no VLAN (the VLANs are
 * in network.yaml), a duplicate of a route in another file, and an unknown field (which the peer's
 * schema reports too). The branch moves them to other routes.
 */
function forceOpenedMistakes(chunk: Item[], ns: Ns, variant: number): void {
  const routes = chunk.flatMap((item) => (item.kind === 'route' && item.route.family === 4 && item.route.prefixLen === 24 ? [item.route] : []));
  const [unreachable, dup, extra] = routes.slice(variant * 3, variant * 3 + 3);
  unreachable!.gateway = `10.${ns.index}.${ns.base + 50}.1`;
  const first = ns.routes.find((r) => r.family === 4 && r.prefixLen === 24 && !chunk.some((item) => 'route' in item && item.route === r))!;
  duplicate(first, dup!, ns);
  extra!.extra = '  netmask: "255.255.255.0"';
}

/** A vendored chart's examples under node_modules: VLANs and routes in the opened file's namespace. */
function ignoredFiles(): RepoFile[] {
  const ns = namespaceName(OPENED_NAMESPACE);
  const text = [
    `apiVersion: k8s.f5net.com/v1\nkind: F5SPKVlan\nmetadata:\n  name: vendored\n  namespace: ${ns}\nspec:\n  name: vendored\n  selfip_v4s: [10.${OPENED_NAMESPACE}.50.10, 10.${OPENED_NAMESPACE}.82.10]\n  prefixlen_v4: 24`,
    `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: vendored-default\n  namespace: ${namespaceName(PROBE_NAMESPACE)}\nspec:\n  destination: 100.0.0.0\n  prefixLen: 8\n  type: gateway\n  gateway: 10.99.0.1`,
    `apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata:\n  name: vendored-broken\n  namespace: ${ns}\nspec:\n  destination: 10.0.0.0/8\n  prefixLen: "8"`,
  ].join('\n---\n');
  return [
    { path: 'node_modules/spk-chart/examples/routes.yaml', text },
    { path: 'node_modules/spk-chart/templates/values.yml', text },
    { path: `clusters/${ns}/node_modules/cache/routes.yaml`, text },
  ];
}
