// The PolicyLint engine. Imports nothing from vscode or vscode-languageserver (a test checks),
// so the language server, the CLI, the tests and the benchmarks share it.
export * from './types.js';
export { lint, lintSteps, finish, identityOf, analyseChunk, type ChunkResult, effectiveSeverity, DEFAULT_SETTINGS, LintCache, type LintSettings, type LintResult } from './lint.js';
export { splitChunks, type Chunk } from './chunks.js';
export { loadRuleSet, builtinRulesDir, formatCitation, CATEGORY_DEFAULTS, type Rule, type RuleSet, type Source } from './rules.js';
export { languageOf } from './extract/index.js';
export { LineIndex, type Position } from './positions.js';
export { CITATION_MARKERS, hasCitationMarker } from './evidence.js';
export { loadConfig, findConfigFile, mergeSettings, ConfigError, type ProjectConfig } from './config.js';
export { Project, type FileSetup, type SetupOverrides } from './project.js';
export { UNKNOWN_CITATION, documentBibliography, unknownCitations, workspaceBibliographies, expandBibliographySetting, type DocumentBibliography } from './citations.js';
export {
  BibliographyCache,
  parseBibliography,
  parseBibtex,
  parseCslJson,
  formatOf,
  formatReference,
  shortReference,
  rankEntries,
  closestKeys,
  citationMarkup,
  nextNoteNumber,
  bibtexForSource,
  cslForSource,
  PANDOC_KEY,
  type BibEntry,
  type BibFile,
  type BibFormat,
  type CitationRef,
} from './bibliography.js';
export { hedgeWords, attributionWords } from './hedge.js';
export { analyseInWorkers, workerCount, type ChunkJob } from './parallel.js';
