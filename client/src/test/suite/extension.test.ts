// The extension in a real VS Code: diagnostics on the sample draft, the hover text, a quick fix
// that changes the text, and a settings change that takes effect. Asserted through the VS Code
// API, waiting on events (polling the diagnostics), never on fixed sleeps.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 30000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'policylint');

/** A sample file: from the test workspace when there is one, else from the extension's samples/. */
function sampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder && existsSync(join(folder.uri.fsPath, name))) return vscode.Uri.joinPath(folder.uri, name);
  const ext = vscode.extensions.getExtension('policylint.policylint');
  return vscode.Uri.file(join(ext!.extensionPath, 'samples', name));
}
const draftUri = () => sampleUri('draft.md');

describe('PolicyLint in VS Code', () => {
  let doc: vscode.TextDocument;
  let backyard: vscode.Diagnostic;

  before(async () => {
    doc = await vscode.workspace.openTextDocument(draftUri());
    await vscode.window.showTextDocument(doc);
  });

  it('shows PolicyLint diagnostics on the sample draft', async () => {
    const diags = await until(() => {
      const d = ours(doc.uri);
      return d.length >= 5 ? d : undefined;
    }, 'PolicyLint diagnostics');
    backyard = diags.find((d) => d.code && (d.code as { value: string }).value === 'backyard')!;
    assert.ok(backyard, 'a backyard finding');
    assert.equal(doc.getText(backyard.range), 'backyard');
    assert.equal(backyard.range.start.line, 7);
    assert.equal(backyard.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(backyard.message, "'backyard' frames Latin America as a U.S. possession");
  });

  it('explains the finding on hover and quotes its source', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, backyard.range.start.translate(0, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /frames Latin America as a U\.S\. possession/);
    assert.match(text, /> Latin America as a real partner instead of a backyard\./);
    assert.match(text, /Hajiyeva, Nargiz \(2017\)/);
  });

  it('applies a quick fix that rewrites the phrase', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, backyard.range, vscode.CodeActionKind.QuickFix.value);
    const rewrite = actions.find((a) => a.title.startsWith("Rewrite as 'partner'"));
    assert.ok(rewrite?.edit, `a rewrite action among: ${actions.map((a) => a.title).join(' | ')}`);
    const line = backyard.range.start.line;
    assert.ok(await vscode.workspace.applyEdit(rewrite.edit));
    assert.match(doc.lineAt(line).text, /has always been our partner, and Washington/);
    await until(() => (ours(doc.uri).some((d) => d.range.start.line === line && doc.getText(d.range) === 'backyard') ? undefined : true), 'the finding to go');
  });

  it('applies a settings change without a reload', async () => {
    const config = vscode.workspace.getConfiguration('policylint', doc.uri);
    const has = () => ours(doc.uri).some((d) => (d.code as { value: string }).value === 'sphere-of-influence');
    await until(() => (has() ? true : undefined), 'a sphere-of-influence finding');
    await config.update('rules', { 'sphere-of-influence': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await until(() => (has() ? undefined : true), 'the rule to switch off');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(() => (has() ? true : undefined), 'the rule to come back');
  });

  it('cites a source from the bibliography for an unsupported claim, and the finding goes', async () => {
    const evidence = await vscode.workspace.openTextDocument(sampleUri('evidence.md'));
    await vscode.window.showTextDocument(evidence);
    const isClaim = (d: vscode.Diagnostic) => (d.code as { value: string } | undefined)?.value === 'unsourced-threat' && d.range.start.line === 7;
    const claim = await until(() => ours(evidence.uri).find(isClaim), 'the unsupported claim on line 8');
    assert.match(claim.message, /^Security claim with no source: cite evidence for /);
    const unknown = await until(() => ours(evidence.uri).find((d) => (d.code as { value: string }).value === 'unknown-citation'), 'the unknown citation key');
    assert.equal(evidence.getText(unknown.range), 'crisisgroup2042');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', evidence.uri, claim.range, vscode.CodeActionKind.QuickFix.value);
    const cite = actions.find((a) => a.title.startsWith('Cite '));
    assert.ok(cite?.edit, `a Cite action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(cite.title, /^Cite United Nations Office on Drugs and Crime 2023: Global Report on Cocaine/);
    assert.ok(await vscode.workspace.applyEdit(cite.edit));
    assert.match(evidence.lineAt(7).text, /which directly impact U\.S\. interests \[@unodc2023\]\.$/);
    await until(() => (ours(evidence.uri).some(isClaim) ? undefined : true), 'the claim finding to go');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.window.showTextDocument(doc);
  });

  it('restarts the server after it is killed and lints again', async () => {
    const api = vscode.extensions.getExtension('policylint.policylint')!.exports as { client: { sendRequest<T>(m: string): Promise<T> } };
    const { pid } = await api.client.sendRequest<{ pid: number }>('policylint/status');
    process.kill(pid, 'SIGKILL');
    let newPid: number | undefined;
    const start = Date.now();
    while (!newPid && Date.now() - start < 30000) {
      try {
        const s = await api.client.sendRequest<{ pid: number }>('policylint/status');
        if (s.pid !== pid) newPid = s.pid;
      } catch {
        /* not running yet */
      }
      if (!newPid) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(newPid, 'a new server process');
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.lineCount - 1;
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), 'Chile is our backyard.\n\n'));
    await until(() => (ours(doc.uri).some((d) => d.range.start.line === line && doc.getText(d.range) === 'backyard') ? true : undefined), 'a finding from the new server');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
