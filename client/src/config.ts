// Typed access to the client-side settings. The server reads the rest per document.
import * as vscode from 'vscode';

export const SECTION = 'policylint';
export const DEFAULT_LANGUAGES = ['markdown', 'plaintext', 'latex'];

/** Settings the client applies when it starts the server: changing them restarts it. */
export const RESTART_SETTINGS = [`${SECTION}.languages`];

export function languages(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('languages');
  return Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0 ? (value as string[]) : DEFAULT_LANGUAGES;
}
