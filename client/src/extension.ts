// PolicyLint for VS Code: one language client, its commands and a status-bar item. `activate`
// returns the client so tests can wait for it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { RESTART_SETTINGS } from './config';
import { createStatus } from './status';

export interface PolicyLintApi {
  client: LanguageClient;
  ready: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PolicyLintApi {
  const output = vscode.window.createOutputChannel('PolicyLint', { log: true });
  client = createClient(context, output);
  registerCommands(context, client);
  createStatus(context, client);
  const c = client;
  context.subscriptions.push(
    // Rule folders and project config from an untrusted workspace wait for trust (the server
    // only runs the built-in rules until then); granting trust re-lints open documents.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification('policylint/workspaceTrust', { trusted: true })),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) void c.restart();
    }),
  );
  // Not awaited: activation returns at once and the server starts in the background.
  const ready = client.start().catch((e: unknown) => {
    // VS Code shows nothing when a language server fails to start, so we do.
    void vscode.window.showErrorMessage(`PolicyLint could not start its server: ${(e as Error).message}`);
  });
  return { client, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
