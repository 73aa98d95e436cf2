// Starts the language server (dist/server.js over stdio) for YAML files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: ['spkRoutes', 'files.exclude'],
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,.spk-scope}'),
    },
    outputChannel: output,
  };
  return new LanguageClient('spkRoutes', 'SPK Routes', serverOptions, clientOptions);
}
