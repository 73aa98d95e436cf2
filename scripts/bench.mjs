// npm run bench: every benchmark in bench/, each printing its figures and ratios.
import { spawnSync } from 'node:child_process';

const benches = [
  ['bench/lpm.bench.ts', ['--expose-gc']],
  ['bench/server.bench.ts', []],
  ['bench/userShaped.bench.ts', []],
  ['bench/cli.bench.ts', []],
  ['bench/repo.bench.ts', []],
];
// `npm run bench -- repo` runs the benchmarks whose file names contain `repo`; the arguments that
// start with `--` go to each one run, values joined with `=` (`npm run bench -- repo --cpu-prof=/tmp/p`).
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const passed = args.filter((a) => a.startsWith('--'));
let failed = false;
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
for (const [file, flags] of benches) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', file, ...passed], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
