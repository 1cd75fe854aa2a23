// Mocha runner for the extension host. Writes a JSON summary to POLICYLINT_TEST_RESULT when set,
// because code-server's extension host does not report the exit status of a test run.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const f of readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    const failures: string[] = [];
    const passes: string[] = [];
    const runner = mocha.run((failed) => {
      const out = process.env.POLICYLINT_TEST_RESULT;
      if (out) writeFileSync(out, JSON.stringify({ passed: passes.length, failed, passes, failures }, null, 2));
      if (failed > 0) reject(new Error(`${failed} VS Code test(s) failed:\n${failures.join('\n')}`));
      else resolve();
    });
    runner.on('pass', (t) => passes.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => failures.push(`${t.fullTitle()}: ${err.message}`));
  });
}
