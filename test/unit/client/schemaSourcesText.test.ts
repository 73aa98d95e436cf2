// The words of the schema sources status bar item, its tooltip and the output channel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTime, schemaSourceLines, schemaStatusText } from '../../../client/src/views/schemaSourcesText.js';
import type { SchemaSourcesParams, WireSchemaSource } from '../../../server/src/protocol.js';

const cluster = (crdName: string): WireSchemaSource => ({ origin: 'cluster', crdName, version: 'v1', kinds: [`K ${crdName}/v1`], uri: null, line: null, context: 'prod', readAt: '2026-12-01T10:00:00.000Z', label: '' });
const workspace = (crdName: string, version = 'v1'): WireSchemaSource => ({ origin: 'workspace', crdName, version, kinds: ['F5SPKVlan k8s.f5net.com/v1'], uri: 'file:///w/crds/spk.yaml', line: 12, context: null, readAt: null, label: '' });
const relative = (uri: string) => uri.replace('file:///w/', '');

test('the status bar text: each cluster with its read time, the number of workspace CRDs, the bundled schemas', () => {
  const params: SchemaSourcesParams = { sources: [cluster('a.k8s.f5net.com'), cluster('b.k8s.f5net.com'), workspace('c.k8s.f5net.com'), workspace('d.k8s.f5net.com'), workspace('d.k8s.f5net.com', 'v2')], bundled: true };
  assert.equal(schemaStatusText(params), 'SPK schemas: cluster prod (read 2026-12-01 10:00 UTC), 2 workspace CRDs, bundled');
  assert.equal(schemaStatusText({ sources: [workspace('c.k8s.f5net.com')], bundled: true }), 'SPK schemas: 1 workspace CRD, bundled');
  assert.equal(schemaStatusText({ sources: [], bundled: true }), 'SPK schemas: bundled');
});

test('the list: each CRD with its version, its file and line or its context and read time, and what it governs', () => {
  assert.deepEqual(schemaSourceLines({ sources: [cluster('a.k8s.f5net.com'), workspace('c.k8s.f5net.com')], bundled: true }, relative), [
    'CRD a.k8s.f5net.com v1 (cluster prod, read 2026-12-01 10:00 UTC): K a.k8s.f5net.com/v1',
    'CRD c.k8s.f5net.com v1 (crds/spk.yaml:12): F5SPKVlan k8s.f5net.com/v1',
    'bundled schemas: every other SPK kind and version',
  ]);
});

test('a read time that is not UTC ISO 8601 is shown as it is', () => {
  assert.equal(readTime('2026-12-01T10:00:05Z'), '2026-12-01 10:00 UTC');
  assert.equal(readTime('yesterday'), 'yesterday');
});
