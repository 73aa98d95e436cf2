// The real helm the tests render charts with (test/cli/helm.test.ts): Helm's own code, built from
// helm.sh/helm/v3 by scripts/helm/build-helm.sh into .cache/helm/bin/. Nothing is downloaded at
// test time but Go modules, and only when the binary is missing or stale.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'helm', 'build-helm.sh');

/**
 * The path of the built helm, building it first if needed and allowed (default: unless
 * SPK_HELM_NO_BUILD=1). `SPK_HELM_BIN` overrides the path (nothing is built then).
 */
export function ensureHelmBinary(build = process.env.SPK_HELM_NO_BUILD !== '1'): string {
  if (process.env.SPK_HELM_BIN) return process.env.SPK_HELM_BIN;
  const check = spawnSync('bash', [BUILD_SCRIPT, '--check'], { encoding: 'utf8' });
  if (check.status === 0) return lastLine(check.stdout);
  if (check.status !== 3 || !build) {
    throw new Error(`The test helm is not built (or its sources changed). Run: bash scripts/helm/build-helm.sh\n${check.stderr.trim()}`);
  }
  process.stderr.write('[helm] building helm (scripts/helm/build-helm.sh)...\n');
  // The build's progress goes to this process's stderr as it comes.
  const built = spawnSync('bash', [BUILD_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (built.status !== 0) throw new Error(`scripts/helm/build-helm.sh failed (exit ${built.status})`);
  return lastLine(built.stdout);
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}
