// The language client: starts the bundled server over IPC for the languages we lint.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { languages } from './config';
import { restartDecider } from './restart';

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6012'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...languages().flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Bibliographies: the server reads the editor's text of an open .bib or CSL-JSON file
      // (unsaved entries complete at once) and puts parse errors on it; it never lints them as prose.
      { scheme: 'file', pattern: '**/*.{bib,bibtex}' },
    ],
    synchronize: {
      configurationSection: 'policylint',
      // Project config and rule files: the server re-reads them when they change.
      // Bibliographies: new, changed or deleted .bib and CSL-JSON files update keys and checks.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.policylintrc.yaml,.policylintrc.yml,.policylintrc.json,*.yml,*.yaml,*.bib,*.json}'),
    },
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: output,
    errorHandler: restartPolicy(),
  };
  return new LanguageClient('policylint', 'PolicyLint', serverOptions, clientOptions);
}

/**
 * Restart the server when it dies (the client then re-sends the open documents and they are
 * linted again), but not more than 4 times in 3 minutes: a server that keeps dying gets a clear
 * message instead of a restart loop.
 */
function restartPolicy() {
  const decide = restartDecider();
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const d = decide();
      if (!d.restart) {
        void vscode.window.showErrorMessage(d.message!);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
