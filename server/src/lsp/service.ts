// The language server: documents, settings per document, debounced linting with push
// diagnostics, hovers, code actions and commands. The engine does the linting; this file
// decides when, with which settings, and how results reach the editor.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
  type InitializeResult,
  TextDocuments,
  DiagnosticSeverity,
  ResponseError,
  ErrorCodes,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseInWorkers, LineIndex, LintCache, Project, type SetupOverrides, UNKNOWN_CITATION, formatOf, type CitationRef, type DocumentBibliography, type Finding, type Language, type Problem, type RuleSet } from '../engine/index.js';
import { appendEntry, citeEdits, citeFixes, completionItems, keyAtCursor, keyHover } from './citations.js';
import { codeActions, COMMANDS, FIX_ALL_KIND, FRONT_MATTER } from './actions.js';
import { DiagnosticCache, diagnosticKey, isOurs, SOURCE, toDiagnostic, type DiagnosticData, type Positions } from './convert.js';
import { hoverMarkdown } from './hover.js';
import { IgnoreStore } from './ignore-store.js';
import { readSettings, type ServerSettings } from './settings.js';
import { EditMap, runSliced } from './slices.js';

const LANGUAGES: Record<string, Language> = { markdown: 'markdown', plaintext: 'plaintext', text: 'plaintext', latex: 'latex', tex: 'latex', quarto: 'markdown', rmd: 'markdown', mdx: 'markdown' };

interface Linted {
  version: number;
  /** The text that was linted (hovers during the next lint map positions through the edit). */
  text: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** The rules this document was linted with (built-in plus its rule folders). */
  ruleset?: RuleSet;
  /** Citation keys in this version of the document, and the bibliography it was checked against. */
  citations?: CitationRef[];
  bibliography?: DocumentBibliography;
}

/** A document's own line table: kept up to date through edits, unlike a new scan of its text. */
function positionsOf(doc: TextDocument): Positions {
  return { position: (offset: number) => doc.positionAt(offset) };
}

function getOrMake<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** Which rules are built in (their documentation is linked), by id. */
function builtinRules(rs: RuleSet): Map<string, boolean> {
  const builtin = new Map(rs.rules.map((r) => [r.id, r.builtin]));
  builtin.set(UNKNOWN_CITATION, true);
  return builtin;
}

/**
 * Below this much text to analyse, the server's own thread is as fast: starting workers and
 * copying their results back cost about as much as they save on a 100k-word draft here.
 */
const PARALLEL_MIN_CHARS = 2 * 1024 * 1024;
/** The lint worker: beside the bundled server, or in the compiled tree when run from there. */
const WORKER = new URL(import.meta.url.endsWith('.mjs') ? './lint-worker.mjs' : '../lint-worker.js', import.meta.url);

export function startServer(connection: Connection): void {
  let parallelLints = 0;
  const documents = new TextDocuments(TextDocument);
  const project = new Project();
  const linted = new Map<string, Linted>();
  // One cache per open document: an edit re-analyses only the chunks it touched.
  const caches = new Map<string, LintCache>();
  const cacheFor = (uri: string) => getOrMake(caches, uri, () => new LintCache());
  // And its diagnostics, so that those of findings that only moved are moved, not rebuilt.
  const diagnosticCaches = new Map<string, DiagnosticCache>();
  const diagnosticCacheFor = (uri: string) => getOrMake(diagnosticCaches, uri, () => new DiagnosticCache());
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let bibTimer: NodeJS.Timeout | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const reported = new Set<string>();
  const problemFiles = new Set<string>();
  let hasConfiguration = false;
  let globalSettings: unknown = undefined;
  let trusted = true;
  let roots: string[] = [];
  const stores = new Map<string, IgnoreStore>();
  let snippetEdits = false;
  let documentChanges = false;
  // Bibliography text the server has just asked the client to write (Insert reference), used
  // until the file's own change arrives, so the new key is known at once.
  const pendingBib = new Map<string, string>();
  const bibDiagnostics = new Set<string>();
  project.bibliographies.overlay = (file) => documents.get(pathToFileURL(file).href)?.getText() ?? pendingBib.get(file);

  const warnOnce = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    connection.console.warn(message);
    void connection.window.showWarningMessage(message);
  };

  // A bibliography open in the editor is read for its entries, never linted as prose.
  const isBibliography = (uri: string) => formatOf(uri.replace(/[?#].*$/, '')) !== undefined;
  const languageOf = (doc: TextDocument): Language | undefined => (isBibliography(doc.uri) ? undefined : LANGUAGES[doc.languageId]);
  const pathOf = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
  const rootOf = (path: string | undefined) => (path ? roots.filter((r) => path === r || path.startsWith(r + sep)).sort((a, b) => b.length - a.length)[0] : undefined);
  const storeFor = (root: string) => getOrMake(stores, root, () => new IgnoreStore(root, warnOnce));

  function settingsFor(uri: string): Promise<ServerSettings> {
    let p = settingsCache.get(uri);
    if (!p) {
      const raw: Promise<unknown> = hasConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'policylint' }).then(
            (v) => v,
            () => undefined,
          )
        : Promise.resolve((globalSettings as { policylint?: unknown } | undefined)?.policylint ?? globalSettings);
      p = raw.then((r) => {
        const { settings, problems } = readSettings(r);
        for (const m of problems) warnOnce(`PolicyLint: ${m}`);
        return settings;
      });
      settingsCache.set(uri, p);
    }
    return p;
  }

  /** Problems with config and rule files go on those files when they are in the workspace. */
  function publishProblems(problems: Problem[]): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      if (p.file && existsSync(p.file) && !p.file.endsWith('/')) {
        const uri = pathToFileURL(p.file).href;
        const line = Math.max(0, (p.line ?? 1) - 1);
        const list = byFile.get(uri) ?? [];
        list.push({ range: { start: { line, character: 0 }, end: { line, character: 1000 } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: p.message });
        byFile.set(uri, list);
      }
      warnOnce(`PolicyLint: ${p.file ?? ''}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    }
    for (const uri of problemFiles) if (!byFile.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    problemFiles.clear();
    for (const [uri, diagnostics] of byFile) {
      problemFiles.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  async function validate(doc: TextDocument): Promise<void> {
    const language = languageOf(doc);
    if (!language) return;
    const settings = await settingsFor(doc.uri);
    // A newer version may have arrived while settings were fetched: lint that one instead.
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return;
    if (!settings.enable) {
      linted.delete(doc.uri);
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return;
    }
    const text = doc.getText();
    if (text.length > settings.maxFileSize) {
      linted.set(doc.uri, { version: doc.version, text, findings: [], diagnostics: [] });
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      void connection.sendDiagnostics({
        uri: doc.uri,
        version: doc.version,
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Information,
            source: SOURCE,
            message: `PolicyLint skipped this file: ${mb(text.length)} is over policylint.maxFileSize (${mb(settings.maxFileSize)}).`,
          },
        ],
      });
      return;
    }
    const path = pathOf(doc.uri);
    const version = doc.version;
    const uri = doc.uri;
    // The document object is updated in place by later edits: this lint is of this text and
    // version, and is dropped as soon as a newer version arrives (that version has its own lint).
    const stale = () => documents.get(uri)?.version !== version;
    const root = rootOf(path);
    const overrides = {
      useProjectConfig: trusted,
      rulePaths: trusted ? settings.rulePaths : [],
      settings: { lintQuotations: settings.lintQuotations, categories: settings.categories, rules: settings.rules },
      bibliography: settings.bibliography,
      workspaceRoot: root,
    };
    await analyseAhead(text, language, path, overrides, cacheFor(uri));
    if (stale()) return;
    const steps = (function* () {
      const result = yield* project.lintSteps(text, language, path, overrides, cacheFor(uri));
      const converted = diagnosticCacheFor(uri);
      const store = root ? storeFor(root) : undefined;
      const rel = root && path ? relative(root, path).split(sep).join('/') : undefined;
      const findings = store && rel ? result.findings.filter((f) => !store.has(rel, f.ruleId, f.actual)) : result.findings;
      // The document is still at this version here, or the lint is dropped between slices.
      const index = positionsOf(doc);
      const builtin = builtinRules(result.setup.ruleset);
      const diagnostics: Diagnostic[] = [];
      for (const f of findings) {
        diagnostics.push(converted.diagnostic(index, f, builtin.get(f.ruleId) ?? false));
        if (diagnostics.length % 1000 === 0) yield;
      }
      return { result, findings, diagnostics };
    })();
    let done;
    try {
      done = await runSliced(steps, stale);
    } catch (e) {
      warnOnce(`PolicyLint could not lint ${uri}: ${(e as Error).message}`);
      return;
    }
    if (!done || stale()) return; // stale: never publish
    const { result, findings, diagnostics } = done;
    publishProblems([...result.setup.problems, ...result.problems]);
    publishBibliographyProblems(result.bibliography);
    linted.set(uri, { version, text, findings, diagnostics, ruleset: result.setup.ruleset, citations: result.citations, bibliography: result.bibliography });
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * When a long document is linted for the first time, worker threads analyse its chunks first,
   * in parallel, and fill the cache. If the workers cannot run, the lint analyses them itself.
   */
  async function analyseAhead(text: string, language: Language, path: string | undefined, overrides: SetupOverrides, cache: LintCache): Promise<void> {
    // Only a document's first lint (or the first after the rules or settings changed) is worth
    // it; after an edit, finding the few missing chunks would itself hold up hovers on a long draft.
    if (text.length < PARALLEL_MIN_CHARS) return;
    const setup = project.setupFor(path, overrides);
    if (!cache.isEmpty(language, setup.ruleset, setup.settings)) return;
    const texts = cache.missing(text, language, setup.ruleset, setup.settings);
    if (texts.reduce((n, t) => n + t.length, 0) < PARALLEL_MIN_CHARS || !setup.ruleset.loadedWith) return;
    try {
      const results = await analyseInWorkers(WORKER, texts, language, setup.ruleset.loadedWith, setup.settings);
      cache.fill(language, setup.ruleset, setup.settings, texts, results);
      parallelLints++;
    } catch (e) {
      connection.console.warn(`PolicyLint: worker threads failed (${(e as Error).message}); linting in the server's own thread.`);
    }
  }

  /** A malformed .bib or CSL-JSON file gets its errors as diagnostics on that file. */
  function publishBibliographyProblems(bib: DocumentBibliography | undefined): void {
    for (const f of bib?.files ?? []) {
      if (f.problems.some((p) => p.message.startsWith('bibliography file not found'))) continue;
      const uri = pathToFileURL(f.file).href;
      if (f.problems.length === 0 && !bibDiagnostics.has(uri)) continue;
      const diagnostics: Diagnostic[] = f.problems.map((p) => ({
        range: { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: 1000 } },
        severity: DiagnosticSeverity.Error,
        source: SOURCE,
        message: `${p.message} (the other entries are still used)`,
      }));
      if (diagnostics.length) bibDiagnostics.add(uri);
      else bibDiagnostics.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  /** The edit between the linted text and the document now, worked out once per version. */
  const editMaps = new WeakMap<Linted, { version: number; map: EditMap }>();
  function editMapFor(state: Linted, doc: TextDocument): EditMap {
    let m = editMaps.get(state);
    if (!m || m.version !== doc.version) {
      m = { version: doc.version, map: new EditMap(state.text, doc.getText()) };
      editMaps.set(state, m);
    }
    return m.map;
  }

  function schedule(doc: TextDocument, delay: number): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        void validate(doc);
      }, delay),
    );
  }

  function relintDrafts(): void {
    for (const doc of documents.all()) if (languageOf(doc)) schedule(doc, 0);
  }

  function revalidateAll(): void {
    settingsCache.clear();
    project.reset();
    relintDrafts();
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    const we = params.capabilities.workspace?.workspaceEdit as { snippetEditSupport?: boolean; documentChanges?: boolean } | undefined;
    snippetEdits = !!we?.snippetEditSupport;
    documentChanges = !!we?.documentChanges;
    const opts = (params.initializationOptions ?? {}) as { workspaceTrusted?: boolean; settings?: unknown };
    trusted = opts.workspaceTrusted !== false;
    globalSettings = opts.settings;
    roots = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => !!p);
    if (roots.length === 0 && params.rootUri) {
      const p = pathOf(params.rootUri);
      if (p) roots = [p];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['@', '{', ','], resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.ignore, COMMANDS.docs, COMMANDS.insertReference] },
      },
      serverInfo: { name: 'policylint', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'policylint' });
  });

  connection.onDidChangeConfiguration((change) => {
    if (!hasConfiguration) globalSettings = change.settings;
    revalidateAll();
  });

  connection.onNotification('policylint/workspaceTrust', (params: { trusted: boolean }) => {
    trusted = !!params?.trusted;
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    let onlyBibliographies = true;
    for (const c of params.changes) {
      const p = pathOf(c.uri);
      const bib = !!p && !!formatOf(p) && !basename(p).startsWith('.policylintrc');
      if (bib) pendingBib.delete(p);
      else onlyBibliographies = false;
    }
    project.resetBibliographies();
    // A .bib or CSL-JSON file: the rules and settings stay as they are.
    if (onlyBibliographies) relintDrafts();
    else revalidateAll();
  });

  // For editors and tests: which process serves, and how many documents it holds.
  connection.onRequest('policylint/status', () => ({ pid: process.pid, version: '0.1.0', documents: documents.all().length, parallelLints }));

  // TextDocuments reports an open as a content change too, so this one handler lints new
  // documents at once (whatever policylint.run says) and edits after the debounce.
  documents.onDidChangeContent(async (e) => {
    if (isBibliography(e.document.uri)) {
      // An edited bibliography: the drafts that use it are checked again.
      const p = pathOf(e.document.uri);
      if (p) pendingBib.delete(p);
      clearTimeout(bibTimer);
      // The bibliography cache notices the new editor text itself (it keys open files by content).
      bibTimer = setTimeout(relintDrafts, 300);
      return;
    }
    const first = !linted.has(e.document.uri) && !timers.has(e.document.uri);
    const s = await settingsFor(e.document.uri);
    if (first) schedule(e.document, 0);
    else if (s.run === 'onType') schedule(e.document, s.debounceMs);
  });
  documents.onDidSave(async (e) => {
    const s = await settingsFor(e.document.uri);
    if (s.run === 'onSave') schedule(e.document, 0);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    linted.delete(e.document.uri);
    caches.delete(e.document.uri);
    diagnosticCaches.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    const state = linted.get(params.textDocument.uri);
    if (!doc || !state) return null;
    // While a newer version is being linted, the last results answer through the edit between them.
    const map = state.version === doc.version ? undefined : editMapFor(state, doc);
    const here = doc.offsetAt(params.position);
    const offset = map ? map.toBefore(here) : here;
    if (offset === undefined) return null;
    const range = (start: number, end: number) => {
      const r = map ? map.rangeToAfter(start, end) : ([start, end] as [number, number]);
      return r && { start: doc.positionAt(r[0]), end: doc.positionAt(r[1]) };
    };
    const key = state.citations?.find((c) => offset >= c.start && offset <= c.end);
    const entry = key && state.bibliography?.entries.get(key.key);
    const keyRange = key && range(key.start, key.end);
    if (entry && keyRange) return { contents: { kind: 'markdown', value: keyHover(entry) }, range: keyRange };
    const hit = state.findings.find((f) => offset >= f.start && offset <= f.end);
    const hitRange = hit && range(hit.start, hit.end);
    if (!hit || !hitRange) return null;
    const rule = (state.ruleset ?? project.ruleset()).rules.find((r) => r.id === hit.ruleId);
    return { contents: { kind: 'markdown', value: hoverMarkdown(hit, rule) }, range: hitRange };
  });

  /**
   * Our diagnostics as the last lint built them (with their fixes in `data`), for diagnostics the
   * client sent back: the wire carries no `data`, to keep long drafts' publications small. When
   * the document changed since that lint, findings the edit did not touch are moved through it
   * and the others have no fixes until the lint of this version.
   */
  function withData(doc: TextDocument, state: Linted | undefined, wanted: Diagnostic[] | 'all'): Array<Diagnostic & { data: DiagnosticData }> {
    if (!state) return [];
    if (state.version === doc.version) {
      const withFixes = (d: Diagnostic) => diagnosticCaches.get(doc.uri)?.withFixes(d);
      const byKey = diagnosticKeys(state);
      const found = wanted === 'all' ? state.diagnostics : wanted.map((d) => (d.source === SOURCE ? byKey.get(diagnosticKey(d)) : undefined));
      const out: Array<Diagnostic & { data: DiagnosticData }> = [];
      for (const d of found) {
        const full = d && withFixes(d);
        if (full) out.push(full);
      }
      return out;
    }
    const map = editMapFor(state, doc);
    const index = positionsOf(doc);
    const builtin = builtinRules(state.ruleset ?? project.ruleset());
    const moved = (f: Finding): Finding | undefined => {
      const r = map.rangeToAfter(f.start, f.end);
      if (!r) return undefined;
      const suggestions = [];
      for (const sg of f.suggestions) {
        const e = map.rangeToAfter(sg.edit.start, sg.edit.end);
        if (e) suggestions.push({ ...sg, edit: { ...sg.edit, start: e[0], end: e[1] } });
      }
      return { ...f, start: r[0], end: r[1], suggestions };
    };
    const convert = (f: Finding) => toDiagnostic(index, f, builtin.get(f.ruleId) ?? false) as Diagnostic & { data: DiagnosticData };
    if (wanted === 'all') {
      const out = [];
      for (const f of state.findings) {
        const m = moved(f);
        if (m) out.push(convert(m));
      }
      return out;
    }
    return wanted.flatMap((d) => {
      if (d.source !== SOURCE || !d.range) return [];
      const start = doc.offsetAt(d.range.start);
      const end = doc.offsetAt(d.range.end);
      for (const f of state.findings) {
        if (f.ruleId !== d.code) continue;
        const m = moved(f);
        if (m && m.start === start && m.end === end) return [convert(m)];
      }
      return [];
    });
  }

  const keyTables = new WeakMap<Linted, Map<string, Diagnostic>>();
  function diagnosticKeys(state: Linted): Map<string, Diagnostic> {
    let m = keyTables.get(state);
    if (!m) {
      m = new Map();
      for (const d of state.diagnostics) m.set(diagnosticKey(d), d);
      keyTables.set(state, m);
    }
    return m;
  }

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const language = languageOf(doc);
    if (!language) return [];
    const state = linted.get(doc.uri);
    const rs = state?.ruleset ?? project.ruleset();
    const citeOf = (ruleId: string) => rs.rules.find((r) => r.id === ruleId)?.citations[0]?.short;
    const text = doc.getText();
    const entries = [...(state?.bibliography?.entries.values() ?? [])];
    const claimRules = new Set(rs.rules.filter((r) => r.kind === 'claim').map((r) => r.id));
    const cites = (d: Diagnostic) => {
      if (!isOurs(d) || !claimRules.has(d.data.ruleId) || entries.length === 0) return [];
      return citeFixes(text, language, d.data.actual, d.range.end, entries);
    };
    const wantsAll = params.context.only?.some((k) => k.startsWith('source')) ?? false;
    const asked = withData(doc, state, params.context.diagnostics);
    // Fix-all needs every finding; quick fixes for one finding look only at its rule's.
    const all = wantsAll || asked.length > 0 ? withData(doc, state, 'all') : [];
    return codeActions({ uri: doc.uri, text, language, citeOf, version: doc.version, snippets: snippetEdits, citeFixes: cites }, asked, params.context.only, all);
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    const language = doc && languageOf(doc);
    if (!doc || !language) return null;
    const lineBefore = doc.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
    const at = keyAtCursor(lineBefore, language);
    const entries = linted.get(doc.uri)?.bibliography?.entries;
    if (!at || !entries || entries.size === 0) return null;
    return { isIncomplete: false, items: completionItems(entries, at.prefix, params.position) };
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === COMMANDS.docs) {
      const url = params.arguments?.[0];
      if (typeof url !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected the documentation URL');
      await connection.window.showDocument({ uri: url, external: true });
      return null;
    }
    if (params.command === COMMANDS.ignore) {
      const arg = params.arguments?.[0] as { uri?: string; ruleId?: string; text?: string } | undefined;
      if (!arg?.uri || !arg.ruleId || typeof arg.text !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri, ruleId, text }');
      const path = pathOf(arg.uri);
      const root = rootOf(path);
      if (!root || !path) {
        void connection.window.showInformationMessage('PolicyLint can only remember ignored findings for files inside a workspace folder.');
        return null;
      }
      storeFor(root).add({ file: relative(root, path).split(sep).join('/'), ruleId: arg.ruleId, text: arg.text });
      const doc = documents.get(arg.uri);
      if (doc) await validate(doc);
      return null;
    }
    if (params.command === COMMANDS.insertReference) return insertReference(params.arguments?.[0]);
    throw new ResponseError(ErrorCodes.InvalidRequest, `unknown command ${params.command}`);
  });

  /**
   * Adds the essay a finding's rule rests on to the document's bibliography (BibTeX or CSL-JSON,
   * whichever it uses; a new references.bib beside the document when it has none) and cites it
   * right after the finding. One workspace edit, so one undo takes it all back.
   */
  async function insertReference(arg: unknown): Promise<{ key: string; file?: string } | null> {
    const a = arg as { uri?: string; ruleId?: string; range?: { end?: { line?: number; character?: number } } } | undefined;
    const doc = a?.uri ? documents.get(a.uri) : undefined;
    const end = a?.range?.end;
    if (!doc || !a?.ruleId || typeof end?.line !== 'number' || typeof end.character !== 'number') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri, ruleId, range } of an open document');
    }
    const language = languageOf(doc);
    const state = linted.get(doc.uri);
    const rs = state?.ruleset ?? project.ruleset();
    const citation = rs.rules.find((r) => r.id === a.ruleId)?.citations[0];
    const source = citation ? rs.sources.get(citation.source) : undefined;
    if (!language || !source) {
      void connection.window.showInformationMessage(`PolicyLint: rule ${a.ruleId} cites no essay to insert.`);
      return null;
    }
    const at = { line: end.line, character: end.character };
    const text = doc.getText();
    const changes: NonNullable<WorkspaceEdit['documentChanges']> = [];
    const docEdits: TextEdit[] = [];
    let file: string | undefined;
    docEdits.push(...citeEdits(text, language, at, source.key, citation!.text).edits);
    // Plain text has no bibliography file: its note carries the reference. Elsewhere the essay
    // goes into the bibliography unless it is there already.
    const primary = state?.bibliography?.primary;
    if (language !== 'plaintext' && !state?.bibliography?.entries.has(source.key)) {
      if (primary) {
        file = primary.file;
        const uri = pathToFileURL(primary.file).href;
        const bibText = project.bibliographies.overlay(primary.file) ?? readFileSync(primary.file, 'utf8');
        const add = appendEntry(bibText, primary.format, source);
        const pos = new LineIndex(bibText).position(add.offset);
        changes.push({ textDocument: { uri, version: documents.get(uri)?.version ?? null }, edits: [{ range: { start: pos, end: pos }, newText: add.newText }] });
        pendingBib.set(primary.file, bibText.slice(0, add.offset) + add.newText + bibText.slice(add.offset));
      } else {
        const docPath = pathOf(doc.uri);
        if (!docPath || !documentChanges) {
          void connection.window.showInformationMessage('PolicyLint: this document has no bibliography file to add the reference to. Save it in a folder, or set policylint.bibliography.');
          return null;
        }
        let name = 'references.bib';
        for (let i = 2; existsSync(join(dirname(docPath), name)); i++) name = `references-${i}.bib`;
        file = join(dirname(docPath), name);
        const uri = pathToFileURL(file).href;
        const add = appendEntry('', 'bibtex', source);
        changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
        changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: add.newText }] });
        pendingBib.set(file, add.newText);
        // The document names its new bibliography, so the key resolves wherever it is linted.
        if (language === 'markdown') {
          const found = FRONT_MATTER.exec(text);
          const fm = found?.[1] === '---' ? found : undefined; // YAML only
          if (fm && !/^bibliography:/m.test(fm[2])) docEdits.push({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: `bibliography: ${name}\n` });
          else if (!fm) docEdits.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `---\nbibliography: ${name}\n---\n\n` });
        } else {
          void connection.window.showInformationMessage(`PolicyLint: added ${name}; name it in the preamble with \\addbibresource{${name}} (biblatex) or \\bibliography{${name.replace(/\.bib$/, '')}}.`);
        }
      }
    }
    changes.push({ textDocument: { uri: doc.uri, version: doc.version }, edits: docEdits });
    const result = documentChanges
      ? await connection.workspace.applyEdit({ label: `Insert reference ${source.key}`, edit: { documentChanges: changes } })
      : await connection.workspace.applyEdit({ label: `Insert reference ${source.key}`, edit: { changes: Object.fromEntries(changes.filter((c): c is TextDocumentEdit => 'textDocument' in c).map((c) => [c.textDocument.uri, c.edits as TextEdit[]])) } });
    if (!result.applied) {
      if (file) pendingBib.delete(file);
      void connection.window.showWarningMessage(`PolicyLint could not insert the reference${result.failureReason ? `: ${result.failureReason}` : ''}.`);
      return null;
    }
    project.resetBibliographies();
    return { key: source.key, file };
  }

  documents.listen(connection);
  connection.listen();
}

