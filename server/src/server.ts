#!/usr/bin/env node
// policylint-server: the PolicyLint language server. `policylint-server --stdio` for any LSP
// editor; VS Code's client starts it over IPC.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/service.js';

if (process.argv.includes('--version')) {
  process.stdout.write('0.1.0\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.stderr.write('Usage: policylint-server --stdio   (or --node-ipc, --socket=<port>, --pipe=<name>)\n');
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));
