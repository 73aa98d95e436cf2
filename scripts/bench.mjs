// npm run bench: every benchmark in bench/, each printing its figures and ratios.
import { spawnSync } from 'node:child_process';

const benches = [
  ['bench/lpm.bench.ts', ['--expose-gc']],
  ['bench/server.bench.ts', []],
  ['bench/userShaped.bench.ts', []],
  ['bench/cli.bench.ts', []],
];
const only = process.argv.slice(2);
let failed = false;
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
for (const [file, flags] of benches) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', file], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
