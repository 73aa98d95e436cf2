// Settings that the server reads from the client with workspace/configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeLensRequest, InlayHintRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lspClient.js';

const ROUTES = `apiVersion: k8s.f5net.com/v1
kind: F5SPKVlan
metadata: {name: external}
spec: {name: external, selfip_v4s: [10.10.0.10], prefixlen_v4: 16}
---
apiVersion: k8s.f5net.com/v1
kind: F5SPKStaticRoute
metadata: {name: r1}
spec:
  destination: 10.20.0.0
  prefixLen: 16
  gateway: 10.10.0.1
`;

async function withServer(settings: Record<string, unknown>, run: (client: LspClient) => Promise<void>): Promise<void> {
  const client = await LspClient.start({ settings });
  await client.configured;
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

async function lensesAndHints(client: LspClient): Promise<[string[], string[]]> {
  const uri = 'file:///w/settings.yaml';
  await client.open(uri, ROUTES);
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const hints = (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })) ?? [];
  return [lenses.map((l) => l.command?.title ?? ''), hints.map((h) => String(h.label))];
}

test('defaults: lenses and hints on; resources without a namespace are in "default"', async () => {
  await withServer({ spkRoutes: {} }, async (client) => {
    const [lenses, hints] = await lensesAndHints(client);
    assert.deepEqual(lenses, ['connected: 10.10.0.0/16 (self IP 10.10.0.10)', '→ 10.10.0.1 on external (source 10.10.0.10)']);
    assert.deepEqual(hints, ['10.20.0.0 – 10.20.255.255']);
  });
});

test('spkRoutes.codeLens.enabled and spkRoutes.inlayHints.enabled turn them off', async () => {
  await withServer({ spkRoutes: { codeLens: { enabled: false }, inlayHints: { enabled: false } } }, async (client) => {
    assert.deepEqual(await lensesAndHints(client), [[], []]);
  });
});

test('spkRoutes.defaultNamespace names the table of resources without a namespace', async () => {
  await withServer({ spkRoutes: { defaultNamespace: 'spk-ingress' } }, async (client) => {
    await client.open('file:///w/ns.yaml', ROUTES);
    const table = await client.connection.sendRequest('spk/routeTable', {}) as { tables: { namespace: string }[] };
    assert.deepEqual(table.tables.map((t) => t.namespace), ['spk-ingress']);
  });
});
