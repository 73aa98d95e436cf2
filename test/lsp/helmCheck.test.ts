// spk/helmCheck in this process, with the real helm (scripts/helm/build-helm.sh): the chart of a file
// rendered and checked, its findings on the template files; and spk/manifests never offers a chart
// template for apply, even one without an action.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { createConnection, StreamMessageReader as ServerReader, StreamMessageWriter as ServerWriter } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { ensureHelmBinary } from '../../scripts/helm/helm.js';
import { createServer } from '../../server/src/lsp/createServer.js';
import { HelmCheckRequest, ManifestsRequest } from '../../server/src/protocol.js';

const CHART = join(__dirname, '..', 'fixtures', 'helm', 'spk-egress');
const uriOf = (file: string) => pathToFileURL(join(CHART, file)).href;

let helm = '';
let client: ProtocolConnection;
let stop: () => void;

before(async () => {
  helm = ensureHelmBinary();
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new ServerReader(toServer), new ServerWriter(toClient));
  createServer(connection);
  connection.listen();
  client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
  await client.sendNotification(InitializedNotification.type, {});
  stop = () => {
    client.dispose();
    connection.dispose();
    toServer.end();
    toClient.end();
  };
});

after(async () => {
  await client.sendRequest(ShutdownRequest.type);
  stop();
});

describe('spk/helmCheck', () => {
  test('the chart of a template, rendered: each finding on its template file, mapped or quoted', async () => {
    const result = await client.sendRequest(HelmCheckRequest, { uri: uriOf('templates/vlan.yaml'), helmPath: helm, timeoutMs: 60_000 });
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.equal(result.chart, pathToFileURL(CHART).href);
    const found = result.files.flatMap((f) => f.diagnostics.map((d) => `${f.uri.slice(result.chart.length + 1)}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.mapped ? 'mapped' : 'unmapped'} ${d.severity} ${d.code}`));
    assert.deepEqual(found.sort(), [
      'templates/routes.yaml:10:11-10:39 mapped error invalid-address',
      'templates/routes.yaml:18:15-18:24 mapped warning destination-host-bits',
      'templates/snatpool.yaml:1:0-1:0 unmapped error wrong-type',
    ]);
  });

  test('helm missing: the error, nothing checked', async () => {
    const result = await client.sendRequest(HelmCheckRequest, { uri: uriOf('values.yaml'), helmPath: '/nonexistent', timeoutMs: 60_000 });
    assert.deepEqual(result, { error: 'helm was not found at "/nonexistent"' });
  });

  test('a file in no chart', async () => {
    const result = await client.sendRequest(HelmCheckRequest, { uri: pathToFileURL(join(__dirname, 'helmCheck.test.ts')).href, helmPath: helm, timeoutMs: 60_000 });
    assert.deepEqual(result, { error: 'this file is in no Helm chart (no folder above it has a Chart.yaml)' });
  });
});

describe('spk/manifests of a chart template', () => {
  test('a template without any action is refused all the same', async () => {
    const uri = uriOf('templates/static.yaml');
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(join(CHART, 'templates', 'static.yaml'), 'utf8') } });
    const result = await client.sendRequest(ManifestsRequest, { uri });
    assert.ok('manifests' in result);
    assert.equal(result.manifests.length, 1);
    assert.equal(result.manifests[0]!.body, '');
    assert.match(result.manifests[0]!.refusal!.message, /^not sent: this file is a Helm chart template \(under templates\/ beside Chart\.yaml\)/);
  });
});
