// The language server's process (`node dist/server.js --stdio`): the one module with side effects.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './createServer.js';

const connection = createConnection(ProposedFeatures.all);
createServer(connection);
connection.listen();
