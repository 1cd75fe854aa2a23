// The language client: starts the bundled server over IPC for the languages we lint.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { languages } from './config';

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6012'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages().flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: 'policylint',
      // Project config and rule files: the server re-reads them when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.policylintrc.yaml,.policylintrc.yml,.policylintrc.json,*.yml,*.yaml}'),
    },
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  return new LanguageClient('policylint', 'PolicyLint', serverOptions, clientOptions);
}
