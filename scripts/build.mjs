// Bundles each entry point with esbuild; type checking is `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

const entries = [
  { in: 'client/src/extension.ts', out: 'extension' },
  { in: 'server/src/lsp/main.ts', out: 'server' },
  { in: 'server/src/cli/main.ts', out: 'cli' },
  { in: 'server/src/core/routing/lpm.ts', out: 'lpm' },
];

await esbuild.build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});
