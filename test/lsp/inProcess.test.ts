// The server's handlers in this process, without dist/server.js: createServer on a connection over two
// in-memory streams, and a protocol client on the other ends.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createConnection, StreamMessageReader as ServerReader, StreamMessageWriter as ServerWriter } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createServer } from '../../server/src/lsp/createServer.js';
import type { ServerState } from '../../server/src/lsp/state.js';
import { RouteTableRequest } from '../../server/src/protocol.js';

interface InProcessServer {
  client: ProtocolConnection;
  state: ServerState;
  capabilities: InitializeResult['capabilities'];
  /** Opens a document and resolves with the first diagnostics published for it. */
  open(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  hover(uri: string, line: number, character: number): Promise<Hover | null>;
  stop(): Promise<void>;
}

async function startInProcess(): Promise<InProcessServer> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new ServerReader(toServer), new ServerWriter(toClient));
  const state = createServer(connection);
  connection.listen();

  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const waiters = new Map<string, (params: PublishDiagnosticsParams) => void>();
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    waiters.get(params.uri)?.(params);
    waiters.delete(params.uri);
  });
  client.listen();
  // No processId: the library would otherwise poll that process for as long as this one runs.
  const result = await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
  await client.sendNotification(InitializedNotification.type, {});

  return {
    client,
    state,
    capabilities: result.capabilities,
    async open(uri, text) {
      const published = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 10 s`)), 10_000);
        waiters.set(uri, (params) => { clearTimeout(timer); resolve(params); });
      });
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      return published;
    },
    hover: (uri, line, character) => client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }),
    async stop() {
      // Shutdown but no exit notification: exit would end this process.
      await client.sendRequest(ShutdownRequest.type);
      client.dispose();
      connection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

const ROUTE = `apiVersion: "k8s.f5net.com/v1"
kind: IngressRouteStaticRoute
metadata:
  name: route-a
  namespace: in-process
spec:
  destination: 10.20.0.0
  prefixLen: 33
  gateway: 10.10.255.252
  type: gateway
`;

describe('the server in this process', () => {
  let a: InProcessServer;
  let b: InProcessServer;
  before(async () => {
    [a, b] = await Promise.all([startInProcess(), startInProcess()]);
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  test('initialize announces the features', () => {
    assert.ok(a.capabilities.hoverProvider);
    assert.ok(a.capabilities.inlayHintProvider);
    assert.deepEqual(a.capabilities.codeLensProvider, { resolveProvider: false });
  });

  test('didOpen of a route with a mistake publishes its diagnostic; hover answers on the gateway', async () => {
    const uri = 'file:///in-process/route.yaml';
    const published = await a.open(uri, ROUTE);
    assert.equal(published.version, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ source: d.source, code: d.code, severity: d.severity, range: d.range, message: d.message })),
      [
        {
          source: 'spk-routes',
          code: 'prefix-length-range',
          severity: 1,
          range: { start: { line: 7, character: 13 }, end: { line: 7, character: 15 } },
          message: 'prefixLen 33 is above 32, the longest IPv4 prefix (destination 10.20.0.0 is IPv4)',
        },
      ],
    );
    const hover = await a.hover(uri, 8, 13);
    assert.equal((hover?.contents as { kind: string }).kind, 'markdown');
    assert.match((hover!.contents as { value: string }).value, /^gateway \\\(next hop\\\): \*\*10\.10\.255\.252\*\* · private network \(RFC 1918\)\n[\s\S]*\| Hex \| `0x0a0afffc` \|/);
    assert.deepEqual(hover!.range, { start: { line: 8, character: 11 }, end: { line: 8, character: 24 } });
  });

  test('two servers in one process share no state: a document open in one is unknown to the other', async () => {
    const uri = 'file:///in-process/only-in-a.yaml';
    await a.open(uri, ROUTE.replace('prefixLen: 33', 'prefixLen: 16').replace('route-a', 'route-only-in-a'));
    assert.ok(a.state.workspace.file(uri));
    assert.equal(b.state.workspace.file(uri), undefined);
    assert.equal(b.state.documents.get(uri), undefined);
    assert.notEqual(a.state, b.state);
    assert.equal(await b.hover(uri, 6, 16), null);
    assert.ok(await a.hover(uri, 6, 16));
    const tableOf = async (server: InProcessServer) => (await server.client.sendRequest(RouteTableRequest, {})).tables.map((t) => t.namespace);
    assert.deepEqual(await tableOf(a), ['in-process']);
    assert.deepEqual(await tableOf(b), []);
  });
});
