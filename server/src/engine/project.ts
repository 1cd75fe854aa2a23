// Per-file setup shared by the CLI and the language server: which project config applies to a
// file, which rule folders it adds, and the rule set for that combination (loaded once, cached).
import { dirname } from 'node:path';
import { ConfigError, findConfigFile, loadConfig, mergeSettings, type ProjectConfig } from './config.js';
import { DEFAULT_SETTINGS, finish, lintSteps, type LintCache, type LintResult, type LintSettings } from './lint.js';
import { BibliographyCache } from './bibliography.js';
import { documentBibliography, expandBibliographySetting, workspaceBibliographies } from './citations.js';
import { loadRuleSet, type RuleSet } from './rules.js';
import type { Language, Problem } from './types.js';

export interface FileSetup {
  ruleset: RuleSet;
  settings: LintSettings;
  config?: ProjectConfig;
  /** Problems with the config file or rule folders, to report once. */
  problems: Problem[];
}

export interface SetupOverrides {
  /** An explicit config file (CLI --config); otherwise one is searched from the file upwards. */
  configFile?: string;
  /** When false, project config files and their rule folders are ignored (untrusted workspace). */
  useProjectConfig?: boolean;
  /** Extra rule folders from flags or editor settings. */
  rulePaths?: string[];
  /** Settings that win over the project config (CLI flags, editor settings). */
  settings?: Partial<LintSettings>;
  /** Bibliography files or globs from flags or settings. */
  bibliography?: string[];
  /** A workspace folder to search for *.bib and CSL-JSON files. */
  workspaceRoot?: string;
}

export class Project {
  private rulesets = new Map<string, RuleSet>();
  private configs = new Map<string, ProjectConfig | ConfigError>();
  private workspaces = new Map<string, string[]>();
  private expansions = new Map<string, string[]>();
  /** Parsed bibliography files, by path and modification time (or open-editor text). */
  readonly bibliographies = new BibliographyCache();

  /** Forget cached configs and rule sets (after a rule or config file changed). */
  reset(): void {
    this.rulesets.clear();
    this.configs.clear();
  }

  /** Forget bibliography files (after a .bib or .json file changed, appeared or went away). */
  resetBibliographies(file?: string): void {
    this.bibliographies.forget(file);
    this.workspaces.clear();
    this.expansions.clear();
  }

  /** Bibliography files and globs from config and settings, expanded once until files change. */
  private expandBibliography(patterns: string[], root: string | undefined): string[] {
    if (patterns.length === 0) return patterns;
    const key = JSON.stringify([root, patterns]);
    let paths = this.expansions.get(key);
    if (!paths) {
      paths = expandBibliographySetting(patterns, root);
      this.expansions.set(key, paths);
    }
    return paths;
  }

  workspaceBibliographies(root: string): string[] {
    let found = this.workspaces.get(root);
    if (!found) {
      found = workspaceBibliographies(root);
      this.workspaces.set(root, found);
    }
    return found;
  }

  ruleset(extraDirs: string[] = []): RuleSet {
    const key = JSON.stringify([...extraDirs].sort());
    let rs = this.rulesets.get(key);
    if (!rs) {
      rs = loadRuleSet({ extraDirs });
      this.rulesets.set(key, rs);
    }
    return rs;
  }

  private config(file: string): ProjectConfig | ConfigError {
    let c = this.configs.get(file);
    if (!c) {
      try {
        c = loadConfig(file);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        c = e;
      }
      this.configs.set(file, c);
    }
    return c;
  }

  /** The setup for a file at `path` (which need not exist, e.g. an untitled editor buffer). */
  setupFor(path: string | undefined, overrides: SetupOverrides = {}): FileSetup {
    const problems: Problem[] = [];
    let config: ProjectConfig | undefined;
    const useProject = overrides.useProjectConfig !== false;
    const configFile = overrides.configFile ?? (useProject && path ? findConfigFile(dirname(path)) : undefined);
    if (configFile) {
      const c = this.config(configFile);
      if (c instanceof ConfigError) problems.push({ severity: 'error', file: c.file, line: c.line, message: c.detail });
      else config = c;
    }
    const extra = [...(config?.rulePaths ?? []), ...(overrides.rulePaths ?? [])];
    const ruleset = this.ruleset(extra);
    problems.push(...ruleset.problems);
    const settings = mergeSettings(DEFAULT_SETTINGS, config, overrides.settings);
    return { ruleset, settings, config, problems };
  }

  lint(text: string, language: Language, path: string | undefined, overrides: SetupOverrides = {}, cache?: LintCache): LintResult & { setup: FileSetup } {
    return finish(this.lintSteps(text, language, path, overrides, cache));
  }

  /** The same lint in steps (see lintSteps in lint.ts), for callers that run it in slices. */
  *lintSteps(text: string, language: Language, path: string | undefined, overrides: SetupOverrides = {}, cache?: LintCache): Generator<void, LintResult & { setup: FileSetup }> {
    const setup = this.setupFor(path, overrides);
    const root = overrides.workspaceRoot;
    const result = yield* lintSteps(text, language, setup.ruleset, setup.settings, cache, (named) =>
      documentBibliography(this.bibliographies, {
        docPath: path,
        language,
        named,
        // Already expanded: the query passes plain paths through without globbing again.
        configured: this.expandBibliography([...(setup.config?.bibliography ?? []), ...(overrides.bibliography ?? [])], root),
        root,
        workspace: root ? this.workspaceBibliographies(root) : [],
      }),
    );
    return { ...result, setup };
  }
}
