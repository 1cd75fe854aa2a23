// A worker thread that analyses chunks of a long draft (see engine/parallel.ts). It loads the
// same rules as the thread that asked and answers one message with the results of its chunks.
import { parentPort } from 'node:worker_threads';
import { analyseChunk, loadRuleSet, type RuleSet } from './engine/index.js';
import type { ChunkJob } from './engine/parallel.js';

const rulesets = new Map<string, RuleSet>();

parentPort?.on('message', (job: ChunkJob) => {
  try {
    const key = JSON.stringify(job.rules);
    let rs = rulesets.get(key);
    if (!rs) rulesets.set(key, (rs = loadRuleSet(job.rules)));
    parentPort!.postMessage({ results: job.texts.map((t) => analyseChunk(t, job.language, rs!, job.settings)) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
