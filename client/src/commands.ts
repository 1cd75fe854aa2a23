// Commands under the policylint. prefix, as a record of factories.
import * as vscode from 'vscode';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';

const DOCS = 'https://github.com/policylint/policylint/blob/v0.1.0/rules/';
const DRAFTS = '**/*.{md,markdown,txt,tex}';

type Factory = (context: vscode.ExtensionContext, client: LanguageClient) => (...args: unknown[]) => unknown;

export const commands: Record<string, Factory> = {
  'policylint.restartServer': (_ctx, client) => async () => {
    await client.restart();
  },
  'policylint.showOutput': (_ctx, client) => () => client.outputChannel.show(true),
  'policylint.openRuleDocumentation': (context) => async (url?: unknown) => {
    let target = typeof url === 'string' ? url : undefined;
    if (!target) {
      // From the command palette: pick a rule from the rule folders shipped with the extension.
      const root = context.asAbsolutePath('rules');
      const items = readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'schema')
        .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith('.yml')).map((f) => ({ label: f.replace(/\.yml$/, ''), description: d.name })));
      const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Rule to open' });
      if (!pick) return;
      target = `${DOCS}${pick.description}/${pick.label}.yml`;
    }
    await vscode.env.openExternal(vscode.Uri.parse(target));
  },
  'policylint.lintWorkspace': () => async () => {
    const files = await vscode.workspace.findFiles(DRAFTS, '**/node_modules/**');
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'PolicyLint: linting workspace', cancellable: true },
      async (progress, token) => {
        for (const [i, uri] of files.entries()) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
          // Opening a document sends it to the server, which lints it; results go to Problems.
          await vscode.workspace.openTextDocument(uri);
          void i;
        }
      },
    );
    void vscode.commands.executeCommand('workbench.actions.view.problems');
  },
};

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  for (const [id, factory] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, factory(context, client)));
}
