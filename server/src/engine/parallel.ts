// The first lint of a long draft, spread over worker threads: every chunk the cache lacks is
// analysed in a worker, and the results fill the cache, so the lint that follows only moves
// them into place. The workers end with the job, and the memory the parsers churned through
// goes back to the system with them instead of staying in the server's heap.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ChunkResult, LintSettings } from './lint.js';
import type { LoadOptions } from './rules.js';
import type { Language } from './types.js';

/** One worker's share. */
export interface ChunkJob {
  texts: string[];
  language: Language;
  rules: LoadOptions;
  settings: LintSettings;
}

/** How many workers a job gets: the machine's cores, at most four. */
export function workerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Analyses `texts` in `workers` threads running `script` (the lint worker), in the order given.
 * Rejects when a worker fails; the caller then analyses in its own thread.
 */
export async function analyseInWorkers(script: URL, texts: string[], language: Language, rules: LoadOptions, settings: LintSettings, workers = workerCount()): Promise<ChunkResult[]> {
  // Contiguous shares of about equal length.
  const total = texts.reduce((n, t) => n + t.length, 0);
  const shares: string[][] = [];
  let share: string[] = [];
  let size = 0;
  for (const t of texts) {
    share.push(t);
    size += t.length;
    if (size >= total / workers && shares.length < workers - 1) {
      shares.push(share);
      share = [];
      size = 0;
    }
  }
  if (share.length > 0) shares.push(share);
  const results = await Promise.all(shares.map((s) => runWorker(script, { texts: s, language, rules, settings })));
  return results.flat();
}

function runWorker(script: URL, job: ChunkJob): Promise<ChunkResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script);
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.once('message', (m: { results?: ChunkResult[]; error?: string }) => done(() => (m.results ? resolve(m.results) : reject(new Error(m.error ?? 'the lint worker sent no results')))));
    worker.once('error', (e) => done(() => reject(e)));
    worker.once('exit', (code) => done(() => reject(new Error(`the lint worker stopped (exit code ${code})`))));
    worker.postMessage(job);
  });
}
