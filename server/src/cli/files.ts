// Turning the CLI's arguments into files: globs are expanded with tinyglobby, folders are
// searched for drafts, and every file is checked for being text before it is linted.
import { readFileSync, statSync } from 'node:fs';
import { globSync, isDynamicPattern } from 'tinyglobby';

export const DRAFT_GLOB = '**/*.{md,markdown,mdown,mkd,qmd,rmd,txt,text,tex,latex,ltx}';
const IGNORE = ['**/node_modules/**', '**/.git/**'];

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing. */
  missing: string[];
}

export function expandArgs(args: string[]): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (isDynamicPattern(arg)) {
      const found = globSync(arg, { ignore: IGNORE, dot: false }).sort();
      if (found.length === 0) missing.push(arg);
      files.push(...found);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      missing.push(arg);
      continue;
    }
    if (isDir) files.push(...globSync(DRAFT_GLOB, { cwd: arg, ignore: IGNORE }).sort().map((f) => `${arg.replace(/\/$/, '')}/${f}`));
    else files.push(arg);
  }
  return { files: [...new Set(files)], missing };
}

/** Decodes a draft, or says why it cannot be linted. */
export function decodeDraft(bytes: Buffer): { text: string } | { error: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: 'binary file (it contains NUL bytes); skipped' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0 && bad > text.length / 100) return { error: 'not UTF-8 text; skipped (save the file as UTF-8)' };
  return { text: text.replace(/^\uFEFF/, '') };
}

export function readDraft(file: string): { text: string } | { error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder' : `cannot read: ${code ?? (e as Error).message}` };
  }
  return decodeDraft(bytes);
}
