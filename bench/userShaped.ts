// The workload of a user's route file, as measured from outside (issue 15): 10,000 F5SPKStaticRoute
// CRs in one namespace (one TMM's table) with no VLANs, values double-quoted as in F5's own sample,
// 20% IPv6 of which 2,000 have host bits set, and a few other mistakes: about 2,500 diagnostics.

export function generateUserRoutes(routes = 10_000, seed = 11): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const docs: string[] = [];
  for (let i = 0; i < routes; i++) {
    const v6 = i % 5 === 4;
    let destination: string;
    let prefixLen: number;
    let gateway: string;
    if (v6) {
      // Host bits set: an address inside the /64, not its network.
      destination = `2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::${(i % 97) + 1}`;
      prefixLen = 64;
      gateway = '2001:db8:ffff::1';
    } else {
      destination = `${100 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}.0`;
      prefixLen = 24;
      gateway = `10.0.${(i % 250) + 1}.1`;
    }
    let extra = '';
    if (!v6 && random() < 0.05) extra = '\n  netmask: "255.255.255.0"';
    docs.push([
      'apiVersion: "k8s.f5net.com/v1"',
      'kind: "F5SPKStaticRoute"',
      'metadata:',
      `  name: "egress-route-${i}"`,
      '  namespace: "spk-egress"',
      'spec:',
      `  destination: "${destination}"`,
      `  prefixLen: ${prefixLen}`,
      '  type: gateway',
      `  gateway: "${gateway}"${extra}`,
      '',
    ].join('\n'));
  }
  return `---\n${docs.join('---\n')}`;
}
