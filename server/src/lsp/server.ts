// Connection wiring only: every answer comes from the pure core.
import {
  createConnection,
  MarkupKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from '../core/features/codeActions.js';
import { complete } from '../core/features/completion.js';
import { hover } from '../core/features/hover.js';
import { documentSymbols } from '../core/features/symbols.js';
import { FileModel } from '../core/fileModel.js';
import { toCodeAction, toCompletionItem, toDocumentSymbol, toLspDiagnostic } from './convert.js';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new Map<string, { version: number; model: FileModel }>();
const pending = new Set<string>();

/** The analysed model of an open document, brought up to its current version. */
function modelOf(document: TextDocument): FileModel {
  const entry = models.get(document.uri);
  if (entry && entry.version === document.version) return entry.model;
  const text = document.getText();
  if (entry) entry.model.update(text);
  const model = entry?.model ?? new FileModel(text);
  models.set(document.uri, { version: document.version, model });
  return model;
}

/** Validation runs once per burst of changes, after the pending messages are read. */
function scheduleValidation(uri: string): void {
  if (pending.has(uri)) return;
  pending.add(uri);
  setImmediate(() => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const diagnostics = guarded(() => modelOf(document).diagnostics(), []);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, uri)) });
  });
}

/** A feature that throws answers with nothing rather than taking the server down. */
function guarded<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    connection.console.error(`spk-routes: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fallback;
  }
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    completionProvider: { triggerCharacters: [' ', ':', '-'] },
    codeActionProvider: { codeActionKinds: ['quickfix'] },
    documentSymbolProvider: true,
  },
  serverInfo: { name: 'spk-routes' },
}));

documents.onDidChangeContent((event) => scheduleValidation(event.document.uri));
documents.onDidClose((event) => {
  models.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const result = guarded(() => hover(modelOf(document), params.position), undefined);
  return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: result.range } : null;
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const entries = guarded(() => complete(modelOf(document), document.getText(), params.position), []);
  return entries.map(toCompletionItem);
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return guarded(() => quickFixes(modelOf(document), params.range), []).map((action) => toCodeAction(action, document.uri));
});

connection.onDocumentSymbol((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return guarded(() => documentSymbols(modelOf(document)), []).map(toDocumentSymbol);
});

documents.listen(connection);
connection.listen();
