// Load Schemas from Cluster's errors without a cluster: a kubectl that answers CRDs of other groups
// only, or SPK CRDs that cannot be used, is an error that names the context, and no cache is written;
// kubectl missing says which setting names it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadClusterSchemas } from '../../../client/src/cluster/clusterSchemas.js';
import { KubectlError } from '../../../client/src/cluster/kubectl.js';

let dir: string;
/** A kubectl that prints `answer` (JSON) whatever it is asked. */
function fakeKubectl(name: string, answer: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(JSON.stringify(answer))});\n`);
  chmodSync(file, 0o755);
  return file;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'spk-fake-kubectl-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a context without SPK CRDs: a clear error, nothing cached', async () => {
  const kubectl = fakeKubectl('others', { items: [{ metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com' } }] });
  const cache = join(dir, 'cache-others');
  await assert.rejects(loadClusterSchemas({ path: kubectl, timeoutMs: 10_000 }, 'prod', cache), (e: unknown) => e instanceof KubectlError && e.failure === 'not-found' && e.message === 'context "prod" serves no CustomResourceDefinition of the SPK groups (k8s.f5net.com, gateway.k8s.f5.com)');
  assert.throws(() => readdirSync(cache), /ENOENT/);
});

test('SPK CRDs that cannot be used: the error says why, nothing cached', async () => {
  const kubectl = fakeKubectl('broken', { items: [{ metadata: { name: 'f5-spk-vlans.k8s.f5net.com' }, spec: { group: 'k8s.f5net.com' } }] });
  const cache = join(dir, 'cache-broken');
  await assert.rejects(loadClusterSchemas({ path: kubectl, timeoutMs: 10_000 }, 'prod', cache), (e: unknown) => e instanceof KubectlError && e.message === 'context "prod" serves no CustomResourceDefinition of the SPK groups (k8s.f5net.com, gateway.k8s.f5.com): none of its 1 can be used (f5-spk-vlans.k8s.f5net.com: the CRD has no spec.group or spec.names.kind)');
  assert.throws(() => readdirSync(cache), /ENOENT/);
});

test('kubectl missing: the setting that names it', async () => {
  await assert.rejects(loadClusterSchemas({ path: join(dir, 'nope'), timeoutMs: 10_000 }, 'prod', join(dir, 'cache-missing')), (e: unknown) => e instanceof KubectlError && e.failure === 'missing' && e.message === `kubectl not found at "${join(dir, 'nope')}": install kubectl (or oc) or set spkRoutes.kubectl.path`);
});
