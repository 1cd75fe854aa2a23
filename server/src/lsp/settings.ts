// The settings under `policylint.` as the server reads them, per document, with the checks a
// user needs: a wrong value is reported once and replaced by its default, never a crash.
import { CATEGORIES, SEVERITIES, type Category, type SeveritySetting } from '../engine/index.js';

export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  categories: Partial<Record<Category, boolean>>;
  rules: Record<string, SeveritySetting>;
  lintQuotations: boolean;
  rulePaths: string[];
  /** Bibliography files or globs, relative to the workspace folder. */
  bibliography: string[];
  maxFileSize: number;
  debounceMs: number;
}

export const DEFAULTS: ServerSettings = {
  enable: true,
  run: 'onType',
  categories: {},
  rules: {},
  lintQuotations: false,
  rulePaths: [],
  bibliography: [],
  maxFileSize: 10 * 1024 * 1024,
  debounceMs: 250,
};

const KNOWN = new Set([...Object.keys(DEFAULTS), 'trace', 'documentSelector', 'languages']);
const LEVELS = new Set<string>([...SEVERITIES, 'off']);

/** Validates raw settings; returns the settings and a message per problem. */
export function readSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const s: ServerSettings = { ...DEFAULTS, categories: {}, rules: {} };
  if (raw === null || raw === undefined) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings: s, problems: ['policylint settings must be an object; using the defaults'] };
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) if (!KNOWN.has(key)) problems.push(`unknown setting policylint.${key} (ignored)`);
  const bool = (key: 'enable' | 'lintQuotations') => {
    if (r[key] === undefined) return;
    if (typeof r[key] === 'boolean') s[key] = r[key] as boolean;
    else problems.push(`policylint.${key} must be true or false; using ${DEFAULTS[key]}`);
  };
  bool('enable');
  bool('lintQuotations');
  if (r.run !== undefined) {
    if (r.run === 'onType' || r.run === 'onSave') s.run = r.run;
    else problems.push(`policylint.run must be "onType" or "onSave"; using "onType"`);
  }
  if (r.maxFileSize !== undefined) {
    if (typeof r.maxFileSize === 'number' && r.maxFileSize > 0) s.maxFileSize = r.maxFileSize;
    else problems.push('policylint.maxFileSize must be a positive number of bytes; using 10 MB');
  }
  if (r.debounceMs !== undefined) {
    if (typeof r.debounceMs === 'number' && r.debounceMs >= 0) s.debounceMs = r.debounceMs;
    else problems.push('policylint.debounceMs must be a number of milliseconds; using 250');
  }
  if (r.rulePaths !== undefined) {
    if (Array.isArray(r.rulePaths) && r.rulePaths.every((p) => typeof p === 'string')) s.rulePaths = r.rulePaths as string[];
    else problems.push('policylint.rulePaths must be a list of folder paths; ignored');
  }
  if (r.bibliography !== undefined) {
    if (typeof r.bibliography === 'string') s.bibliography = r.bibliography ? [r.bibliography] : [];
    else if (Array.isArray(r.bibliography) && r.bibliography.every((p) => typeof p === 'string')) s.bibliography = r.bibliography as string[];
    else problems.push('policylint.bibliography must be a list of .bib or CSL-JSON files or globs; ignored');
  }
  if (r.categories !== undefined) {
    if (r.categories && typeof r.categories === 'object') {
      for (const [k, v] of Object.entries(r.categories)) {
        if (!(CATEGORIES as readonly string[]).includes(k)) problems.push(`policylint.categories: unknown category "${k}" (known: ${CATEGORIES.join(', ')})`);
        else if (typeof v !== 'boolean') problems.push(`policylint.categories.${k} must be true or false`);
        else s.categories[k as Category] = v;
      }
    } else problems.push('policylint.categories must be an object of category: true/false');
  }
  if (r.rules !== undefined) {
    if (r.rules && typeof r.rules === 'object') {
      for (const [k, v] of Object.entries(r.rules)) {
        if (typeof v === 'string' && LEVELS.has(v)) s.rules[k] = v as SeveritySetting;
        else problems.push(`policylint.rules.${k} must be one of off, hint, information, warning, error`);
      }
    } else problems.push('policylint.rules must be an object of rule id: level');
  }
  return { settings: s, problems };
}
