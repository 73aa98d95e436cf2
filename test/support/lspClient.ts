// A real LSP client for tests and benchmarks: starts `node dist/server.js --stdio` and speaks the
// protocol to it over its standard streams.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type ShowMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';

import { SchemaSourcesNotification, type SchemaSourcesParams } from '../../server/src/protocol.js';

export const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  stderr = '';
  /** `window/showMessage` and `window/logMessage` notifications, in order. */
  readonly shown: ShowMessageParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** Every `spk/schemaSources` notification, in order. */
  readonly schemaSources: SchemaSourcesParams[] = [];
  private readonly shownWaiters: ((p: ShowMessageParams) => void)[] = [];
  private readonly publishListeners: ((p: PublishDiagnosticsParams) => void)[] = [];

  private constructor(readonly process: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      for (const listener of this.publishListeners) listener(params);
      for (const waiter of this.waiters.filter((w) => w.uri === params.uri)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.shown.push(params);
      for (const waiter of this.shownWaiters.splice(0)) waiter(params);
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
    });
    this.connection.onNotification(SchemaSourcesNotification, (params) => {
      this.schemaSources.push(params);
    });
    this.connection.listen();
  }

  /**
   * `settings`, when given, are what the client answers to `workspace/configuration` by section
   * (e.g. `{ spkRoutes: { codeLens: { enabled: false } } }`), as an editor does.
   */
  static async start(options: {
    serverPath?: string;
    execArgv?: string[];
    rootUri?: string;
    /** Instead of the one folder of `rootUri`. */
    workspaceFolders?: { uri: string; name: string }[];
    settings?: Record<string, unknown>;
    /** Runs the server as this user (when the tests run as root). */
    uid?: number;
  } = {}): Promise<LspClient> {
    const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
    const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath ?? SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...ids });
    const client = new LspClient(child);
    const settings = options.settings;
    if (settings) {
      client.configured = new Promise((resolve) => {
        client.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
          setImmediate(resolve);
          return params.items.map((item) => settings[item.section ?? ''] ?? null);
        });
      });
    }
    const result: InitializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: !!settings } },
      workspaceFolders: options.workspaceFolders ?? (options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null),
    });
    client.capabilities = result.capabilities;
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  capabilities: InitializeResult['capabilities'] = {};
  /** Resolves once the server has asked for the settings given to `start` and been answered. */
  configured: Promise<void> = Promise.resolve();

  /** Opens a document and resolves with the first diagnostics published for it. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return (await next).diagnostics;
  }

  /** Replaces a range (or the whole text) and resolves with the diagnostics that follow. */
  async change(uri: string, text: string, range?: Range): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [range ? { range, text } : { text }],
    });
    return (await next).diagnostics;
  }

  /** Calls `listener` with every `textDocument/publishDiagnostics`, for any file, as it arrives. */
  onPublish(listener: (params: PublishDiagnosticsParams) => void): void {
    this.publishListeners.push(listener);
  }

  /** The files that diagnostics were published for. */
  diagnosedUris(): string[] {
    return [...this.diagnostics.keys()];
  }

  /** The first `window/showMessage` from now (or the first one already shown, with `earlier`). */
  nextShown(timeoutMs = 60_000, earlier = false): Promise<ShowMessageParams> {
    if (earlier && this.shown.length) return Promise.resolve(this.shown[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no window/showMessage within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      this.shownWaiters.push((p) => { clearTimeout(timer); resolve(p); });
    });
  }

  /** The last diagnostics published for a file, if any. */
  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri);
  }

  nextDiagnostics(uri: string, timeoutMs = 60_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionList | CompletionItem[] | null = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(result) ? result : result?.items ?? [];
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  async symbols(uri: string): Promise<DocumentSymbol[]> {
    return ((await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? []) as DocumentSymbol[];
  }

  get exitCode(): number | null {
    return this.process.exitCode;
  }

  /** Shuts the server down; kills it when it has not exited `exitWaitMs` after the exit notification. */
  async stop(exitWaitMs = 2000): Promise<void> {
    if (this.process.exitCode === null) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // the server is gone already
      }
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.process.kill('SIGKILL'); resolve(); }, exitWaitMs);
        this.process.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    }
  }
}
