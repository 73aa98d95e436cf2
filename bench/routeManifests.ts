// Generates a large, realistic file of SPK route CRs (with a share of mistakes) for benchmarks.

export interface ManifestOptions {
  routes: number;
  /** Share of documents with one mistake each, 0–1. */
  invalidShare: number;
  namespaces: number;
  seed?: number;
}

export function generateRouteManifests({ routes, invalidShare, namespaces, seed = 7 }: ManifestOptions): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const docs: string[] = [];
  for (let ns = 0; ns < namespaces; ns++) {
    docs.push([
      'apiVersion: k8s.f5net.com/v1',
      'kind: F5SPKVlan',
      'metadata:',
      `  name: external-${ns}`,
      `  namespace: tenant-${ns}`,
      'spec:',
      `  name: external-${ns}`,
      '  interfaces: ["1.1"]',
      `  tag: ${100 + ns}`,
      '  selfip_v4s:',
      `    - 10.${ns}.0.10`,
      `    - 10.${ns}.0.11`,
      '  prefixlen_v4: 16',
      '  auto_lasthop: AUTO_LASTHOP_ENABLED',
      '',
    ].join('\n'));
  }
  for (let i = 0; i < routes; i++) {
    const ns = i % namespaces;
    const a = 100 + ((i >> 16) & 63);
    const b = (i >> 8) & 255;
    const c = i & 255;
    let destination = `${a}.${b}.${c}.0`;
    let prefixLen = '24';
    let gateway = `10.${ns}.${(i % 250) + 1}.1`;
    let extra = '';
    if (random() < invalidShare) {
      switch (i % 5) {
        case 0: destination = `${a}.${b}.${c}.0/24`; break;
        case 1: destination = `${a}.${b}.${c}.7`; break;
        case 2: prefixLen = '"24"'; break;
        case 3: gateway = `10.${ns}.300.1`; break;
        default: extra = '\n  netmask: 255.255.255.0';
      }
    }
    docs.push([
      'apiVersion: k8s.f5net.com/v1',
      'kind: F5SPKStaticRoute',
      'metadata:',
      `  name: route-${i}`,
      `  namespace: tenant-${ns}`,
      '  labels:',
      '    app.kubernetes.io/part-of: egress',
      'spec:',
      `  destination: ${destination}`,
      `  prefixLen: ${prefixLen}`,
      '  type: gateway',
      `  gateway: ${gateway}${extra}`,
      '',
    ].join('\n'));
  }
  return `---\n${docs.join('---\n')}`;
}
