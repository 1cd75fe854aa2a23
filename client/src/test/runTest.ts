// The standard @vscode/test-electron entry: downloads VS Code (where the machine may) and runs
// the suite in its extension host. `npm run test:vscode`. On machines without internet access
// the same suite runs inside code-server instead (scripts/e2e/run.mjs).
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  const workspace = mkdtempSync(join(tmpdir(), 'policylint-vscode-'));
  copyFileSync(join(root, 'samples/draft.md'), join(workspace, 'draft.md'));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(__dirname, 'suite/index'),
    launchArgs: [workspace, '--disable-extensions'],
  });
}

main().catch((e: unknown) => {
  console.error('VS Code tests failed:', e);
  process.exit(1);
});
