// `spk-route simulate --dest-file` end to end: 100,000 route CRs (80% IPv4 shaped like a real table,
// 20% IPv6) plus the VLANs that make their gateways reachable, and 1,000,000 destinations.
// Run: npm run bench (or: node --import tsx bench/cli.bench.ts). Prints figures against the target.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDestinations, generateTable } from './routeTable.js';

const ROUTES = 100_000;
const DESTINATIONS = 1_000_000;
const TARGET_SECONDS = 3;
const CLI = join(__dirname, '..', 'dist', 'cli.js');

function manifests(): string {
  const docs = [
    `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external, namespace: bench}
spec: {name: external, selfip_v4s: [10.10.0.10, 10.10.0.11], prefixlen_v4: 16, selfip_v6s: ["fd00:10::10", "fd00:10::11"], prefixlen_v6: 64}
`,
  ];
  generateTable(1, ROUTES).forEach((route, i) => {
    const gateway = route.family === 4 ? `10.10.${(i >> 8) & 255}.${(i & 255) || 1}` : `"fd00:10::${((i % 0xfffe) + 1).toString(16)}"`;
    docs.push(`apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: route-${i}, namespace: bench}
spec: {destination: ${route.family === 4 ? route.address : `"${route.address}"`}, prefixLen: ${route.prefixLen}, type: gateway, gateway: ${gateway}}
`);
  });
  return docs.join('---\n');
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'spk-cli-bench-'));
  try {
    const routesFile = join(dir, 'routes.yaml');
    const destFile = join(dir, 'destinations.txt');
    writeFileSync(routesFile, manifests());
    writeFileSync(destFile, `${generateDestinations(2, DESTINATIONS, generateTable(1, ROUTES)).text.join('\n')}\n`);
    console.log(`${ROUTES.toLocaleString('en-US')} route CRs (${(statSync(routesFile).size / 1e6).toFixed(1)} MB), ${DESTINATIONS.toLocaleString('en-US')} destinations`);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [CLI, 'simulate', routesFile, '--dest-file', destFile, '--namespace', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 0) throw new Error(`spk-route failed: ${result.stderr}`);
      runs.push(seconds);
      console.log(`  run ${i + 1}: ${seconds.toFixed(2)} s`);
    }
    const best = Math.min(...runs);
    console.log(`\n| measure | spk-route | target | |\n|---|---:|---:|---|\n| simulate, end to end (best of 3) | ${best.toFixed(2)} s | ≤ ${TARGET_SECONDS} s | ${best <= TARGET_SECONDS ? 'PASS' : 'FAIL'} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
