// Hostile documents over real LSP: many aliases, lines that end in a lone CR, more findings than the
// editor is sent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../support/lspClient.js';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const HEAD = 'apiVersion: k8s.f5net.com/v1\nkind: F5SPKStaticRoute\nmetadata: {name: r, namespace: NS}\n';

describe('limits over LSP', () => {
  test('a document of 16,000 aliases: a hover is answered within 1 s of opening it', async () => {
    // A server that has run a while: the exact parser has seen a document (and been compiled) before.
    await client.open('file:///w/warm.yaml', `${HEAD.replace('NS', 'warm')}spec: {destination: &d 10.0.0.0, prefixLen: 8, gateway: 10.1.1.1, x: [*d, *d]}\n`);
    const uri = 'file:///w/aliases.yaml';
    const text = `${HEAD.replace('NS', 'aliases')}spec:\n  destination: &d 10.20.0.0\n  prefixLen: 16\n  gateway: 10.1.1.1\n  type: gateway\n  list:\n${'    - *d\n'.repeat(16_000)}`;
    const diagnostics = client.nextDiagnostics(uri);
    const started = performance.now();
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const hover = await client.hover(uri, { line: 4, character: 20 });
    const elapsed = performance.now() - started;
    assert.match((hover!.contents as { value: string }).value, /\*\*10\.20\.0\.0\/16\*\*/);
    assert.ok(elapsed < 1000, `hover took ${elapsed.toFixed(0)} ms`);
    assert.deepEqual((await diagnostics).diagnostics.map((d) => d.code), ['unknown-field']);
  });

  test('lines that end in a lone CR: diagnostics on the lines LSP counts', async () => {
    const text = `${HEAD.replace('NS', 'cr')}spec:\n  destination: 10.20.0.0/16\n  gateway: 10.1.1.300\n  type: gateway\n`.replaceAll('\n', '\r');
    const diagnostics = await client.open('file:///w/cr-only.yaml', text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]), [
      ['missing-field', 3, 0, 3, 4],
      ['destination-cidr', 4, 15, 4, 27],
      ['invalid-address', 5, 11, 5, 21],
    ]);
  });

  test('1,200 findings: 999 of them, errors first, and a summary at the top of the file', async () => {
    // 600 warnings (host bits), then 600 errors (a bad gateway), one per document.
    const doc = (i: number, error: boolean) =>
      `---\n${HEAD.replace('{name: r,', `{name: r${i},`).replace('NS', 'cap')}spec: {destination: 10.${i >> 8}.${i & 255}.${error ? 0 : 1}, prefixLen: 24, type: gateway, gateway: ${error ? '10.0.0.300' : '192.168.0.1'}}\n`;
    const text = Array.from({ length: 1200 }, (_, i) => doc(i, i >= 600)).join('');
    const diagnostics = await client.open('file:///w/many.yaml', text);
    assert.equal(diagnostics.length, 1000);
    const [summary, ...rest] = diagnostics;
    assert.deepEqual(
      { code: summary!.code, severity: summary!.severity, source: summary!.source, range: summary!.range },
      { code: 'too-many-diagnostics', severity: 3, source: 'spk-routes', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    );
    assert.equal(summary!.message, '201 more diagnostics are not shown: this file has 1,200, and only 999 are sent to the editor (errors first, then warnings, information, hints); `spk-route lint` lists them all');
    assert.equal(rest.filter((d) => d.code === 'invalid-address' && d.severity === 1).length, 600);
    assert.equal(rest.filter((d) => d.code === 'destination-host-bits' && d.severity === 2).length, 399);
  });
});
