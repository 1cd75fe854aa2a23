// Commands under the policylint. prefix, as a record of factories.
import * as vscode from 'vscode';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

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
  // The finding under the cursor (or picked from the line's findings): its essay goes into the
  // document's bibliography and is cited in place, by the server, as one undoable edit.
  'policylint.insertReference': (_ctx, client) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('PolicyLint: open a draft and put the cursor on a finding.');
      return;
    }
    const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'policylint' && d.code && d.code !== 'unknown-citation');
    const at = ours.filter((d) => d.range.contains(editor.selection.active));
    let pick = at[0];
    if (!pick) {
      const line = ours.filter((d) => d.range.start.line <= editor.selection.active.line && d.range.end.line >= editor.selection.active.line);
      const chosen = line.length
        ? await vscode.window.showQuickPick(line.map((d) => ({ label: d.message, d })), { placeHolder: 'Finding to insert the reference for' })
        : undefined;
      if (!chosen) {
        if (!line.length) void vscode.window.showInformationMessage('PolicyLint: no finding at the cursor.');
        return;
      }
      pick = chosen.d;
    }
    const code = typeof pick.code === 'object' ? pick.code.value : pick.code;
    const r = pick.range;
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: 'policylint.server.insertReference',
      arguments: [{ uri: editor.document.uri.toString(), ruleId: String(code), range: { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } } }],
    });
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
