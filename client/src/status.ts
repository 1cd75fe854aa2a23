// The status-bar item: the server's state and the number of findings in the active document.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

export function createStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('policylint.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'PolicyLint';
  item.command = 'policylint.showOutput';
  let state = 'starting';
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const count = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'policylint').length : 0;
    if (state !== 'running') {
      item.text = state === 'starting' ? '$(sync~spin) PolicyLint' : '$(error) PolicyLint';
      item.tooltip = state === 'starting' ? 'PolicyLint is starting' : 'PolicyLint server stopped: click for its output';
    } else {
      item.text = count > 0 ? `$(warning) PolicyLint ${count}` : '$(check) PolicyLint';
      item.tooltip = `${count} PolicyLint finding${count === 1 ? '' : 's'} in this document`;
    }
    item.show();
  };
  context.subscriptions.push(
    item,
    client.onDidChangeState((e) => {
      state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
      update();
    }),
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
