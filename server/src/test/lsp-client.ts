// A minimal LSP client for tests: spawns the built server and speaks JSON-RPC over stdio, as an
// editor does. It answers workspace/configuration from `settings`, records messages the server
// shows, and lets tests wait for the diagnostics of a given document version.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent, WorkspaceEdit } from 'vscode-languageserver';

export const SERVER = resolve(import.meta.dirname, '../../dist/server.mjs');

export interface StartOptions {
  settings?: Record<string, unknown>;
  root?: string;
  trusted?: boolean;
  configuration?: boolean;
  /** workspace.workspaceEdit client capabilities (documentChanges, snippetEditSupport, ...). */
  workspaceEdit?: Record<string, unknown>;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: Array<{ type: number; message: string }> = [];
  readonly shownDocuments: string[] = [];
  /** Edits the server asked to apply (workspace/applyEdit); all are reported applied. */
  readonly appliedEdits: Array<{ label?: string; edit: WorkspaceEdit }> = [];
  settings: Record<string, unknown>;
  private waiters: Array<() => void> = [];
  stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, opts.settings ?? {});
    proc.stderr!.on('data', (d) => (client.stderr += String(d)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      client.wake();
    });
    conn.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      client.messages.push(m);
      client.wake();
    });
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => {
      client.messages.push(m);
      client.wake();
      return null;
    });
    conn.onRequest('window/showDocument', (p: { uri: string }) => {
      client.shownDocuments.push(p.uri);
      return { success: true };
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: WorkspaceEdit }) => {
      client.appliedEdits.push(p);
      client.wake();
      return { applied: true };
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => client.settings));
    conn.listen();
    const root = opts.root ? pathToFileURL(opts.root).href : null;
    const result = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: root ? [{ uri: root, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: opts.configuration !== false, didChangeConfiguration: { dynamicRegistration: true }, applyEdit: true, workspaceEdit: opts.workspaceEdit ?? {} },
        window: { showDocument: { support: true } },
      },
      initializationOptions: { workspaceTrusted: opts.trusted !== false, settings: opts.configuration === false ? { policylint: opts.settings ?? {} } : undefined },
    });
    (client as { capabilities?: unknown }).capabilities = (result as { capabilities: unknown }).capabilities;
    await conn.sendNotification('initialized', {});
    return client;
  }

  capabilities?: Record<string, unknown>;

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `check` holds, re-checking on every message from the server. */
  async until<T>(check: () => T | undefined, what: string, timeoutMs = 10000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-500)}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, timeoutMs);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** The diagnostics published for this document version (the newest publication for it). */
  diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    return this.until(() => {
      const hits = this.published.filter((p) => p.uri === uri && p.version === version);
      return hits.length > 0 ? hits[hits.length - 1].diagnostics : undefined;
    }, `diagnostics for ${uri} v${version}`);
  }

  open(uri: string, text: string, languageId = 'markdown', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((res) => this.proc.once('exit', (code) => res(code)));
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      this.proc.kill();
    }
    const code = await exited;
    this.conn.dispose();
    return code;
  }
}

/**
 * A server of its own on a fresh temporary folder holding `files` (relative path -> text), the
 * folder being its workspace unless `folderAsRoot` is false. `use` gets the client and the folder;
 * afterwards the server is stopped and the folder removed, whatever happened. Resolves to the
 * server's exit code.
 */
export async function inWorkspace(
  prefix: string,
  files: Record<string, string>,
  opts: Omit<StartOptions, 'root'> & { folderAsRoot?: boolean },
  use: (client: LspClient, dir: string) => Promise<void>,
): Promise<number | null> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const { folderAsRoot = true, ...start } = opts;
  const client = await LspClient.start({ ...start, root: folderAsRoot ? dir : undefined });
  let code: number | null;
  try {
    await use(client, dir);
  } finally {
    code = await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return code;
}
