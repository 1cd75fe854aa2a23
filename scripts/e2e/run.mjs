// Runs PolicyLint in a real VS Code on this machine: code-server (a full VS Code whose extension
// host runs on the server) driven by headless Chromium.
//   1. the Mocha suite of client/src/test/suite inside the extension host (loaded as a
//      development extension through the smoke-test payload), checked through a result file;
//   2. the packaged .vsix installed into code-server, used as a person would: open the sample
//      draft, wait for the squiggle, hover it and read the citation, apply a quick fix from the
//      light bulb, see the Problems count drop, save a screenshot.
// Exits 0 when everything passed, 1 on a failure, 3 when the environment cannot run it (setup
// could not install a prerequisite). Every process it starts is stopped on the way out.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cache = join(root, '.cache/e2e');
const log = (...a) => console.log('[e2e]', ...a);
const children = [];
const scratch = mkdtempSync(join(tmpdir(), 'policylint-e2e-'));
const shots = process.env.POLICYLINT_SCREENSHOTS ?? join(cache, 'screenshots');
let failed = false;

function cleanup() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {}
  }
  rmSync(scratch, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

const setup = spawnSync('bash', [join(root, 'scripts/e2e/setup.sh')], { stdio: 'inherit' });
if (setup.status === 3) {
  console.log('[e2e] SKIPPED: the real-editor prerequisites cannot be installed on this machine (see above)');
  process.exit(3);
}
if (setup.status !== 0) throw new Error('e2e setup failed');

const node24 = join(cache, 'node24/node_modules/node/bin/node');
const codeServer = join(cache, 'cs/node_modules/code-server/out/node/entry.js');
const require = createRequire(join(cache, 'cs/package.json'));
const { chromium } = require('playwright-core');

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startCodeServer(name, extraArgs) {
  const dir = join(scratch, name);
  const home = join(dir, 'home');
  for (const d of ['ud/User', 'exts', 'home', 'xdg']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(
    join(dir, 'ud/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'policylint.debounceMs': 100,
      'workbench.colorTheme': 'Default Light Modern',
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'editor.minimap.enabled': false,
    }),
  );
  const port = await freePort();
  writeFileSync(join(dir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_DATA_HOME: join(dir, 'xdg'), XDG_CACHE_HOME: join(dir, 'xdg'), POLICYLINT_TEST_RESULT: join(dir, 'result.json') };
  const args = [codeServer, '--config', join(dir, 'config.yaml'), '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', join(dir, 'ud'), '--extensions-dir', join(dir, 'exts'), ...extraArgs];
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return { port, dir, env, log: () => out };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not start:\n${out.slice(-2000)}`);
}

function workspace(name) {
  const ws = join(scratch, name);
  mkdirSync(ws, { recursive: true });
  cpSync(join(root, 'samples/draft.md'), join(ws, 'draft.md'));
  // A draft with a bibliography, for the "Cite ..." quick fix.
  cpSync(join(root, 'samples/evidence.md'), join(ws, 'evidence.md'));
  cpSync(join(root, 'samples/references.bib'), join(ws, 'references.bib'));
  return ws;
}

async function browser() {
  const profile = join(scratch, `chromium-${Date.now()}`);
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, HOME: join(scratch, 'chromium-home') },
  });
}

async function until(check, what, timeoutMs = 60000) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// 1. The Mocha suite inside code-server's extension host.
async function extensionHostSuite() {
  log('extension-host suite: starting code-server');
  const ws = workspace('ws-suite');
  const cs = await startCodeServer('suite', ['--vscode-option', 'enable-smoke-test-driver']);
  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(join(root, 'client/out/test/suite/index'))],
  ];
  const url = `http://127.0.0.1:${cs.port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ctx = await browser();
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(url);
    const resultFile = join(cs.dir, 'result.json');
    await until(() => existsSync(resultFile), 'the extension-host suite to finish', 180000);
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    for (const p of result.passes) log(`  ok   ${p}`);
    for (const f of result.failures) log(`  FAIL ${f}`);
    log(`extension-host suite: ${result.passed} passed, ${result.failed} failed`);
    if (result.failed > 0 || result.passed === 0) failed = true;
  } finally {
    await ctx.close();
  }
}

// 2. The packaged extension, used through the workbench as a person would.
async function workbenchAsUser() {
  log('workbench: packaging and installing the .vsix');
  const vsix = join(scratch, 'policylint.vsix');
  const pack = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`vsce package failed: ${pack.stderr}${pack.stdout}`);
  const ws = workspace('ws-user');
  const cs = await startCodeServer('user', []);
  const install = spawnSync(node24, [codeServer, '--extensions-dir', join(cs.dir, 'exts'), '--user-data-dir', join(cs.dir, 'ud'), '--install-extension', vsix], { env: cs.env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`--install-extension failed: ${install.stderr}${install.stdout}`);
  const ctx = await browser();
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`http://127.0.0.1:${cs.port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    log('workbench: opening draft.md from the explorer');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'draft.md' });
    await row.waitFor({ timeout: 60000 });
    await row.click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    log('workbench: waiting for a squiggle');
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 60000 });

    log('workbench: Problems panel');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ timeout: 30000 });
    const countProblems = async () => {
      const badge = await page.locator('.panel .action-item .badge-content, .part.panel .badge .badge-content').first().textContent().catch(() => null);
      return Number(badge ?? (await rows.count()));
    };
    const before = await until(async () => {
      const n = await countProblems();
      return n >= 5 ? n : 0;
    }, 'the Problems count');
    log(`workbench: ${before} problems before the fix`);

    log('workbench: hovering the first squiggle');
    const box = await until(async () => squiggle.boundingBox(), 'the squiggle position');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Hajiyeva' });
    await hover.first().waitFor({ timeout: 30000 });
    const hoverText = await hover.first().innerText();
    if (!/Latin America as a real partner instead of a backyard/.test(hoverText)) throw new Error(`hover lacks the quoted source: ${hoverText}`);
    log('workbench: hover quotes the source');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'hover.png') });

    log('workbench: quick fix from the light bulb');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row, .context-view .monaco-list-row').filter({ hasText: "Rewrite as 'partner'" });
    await item.first().waitFor({ timeout: 30000 });
    await item.first().click();
    const after = await until(async () => {
      const n = await countProblems();
      return n < before ? n : 0;
    }, 'the Problems count to drop');
    log(`workbench: ${after} problems after the fix`);
    const text = await page.locator('.monaco-editor .view-lines').first().innerText();
    if (!/our partner, and Washington/.test(text.replace(/\u00a0/g, ' '))) throw new Error('the quick fix did not change the text');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 40);
    await page.screenshot({ path: join(shots, 'after-fix.png') });
    log(`workbench: screenshots saved in ${shots}`);
  } catch (e) {
    mkdirSync(shots, { recursive: true });
    const page = ctx.pages()[0];
    if (page) await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
    log(`workbench: failure screenshot in ${join(shots, 'failure.png')}`);
    throw e;
  } finally {
    await ctx.close();
  }
}

try {
  await extensionHostSuite();
  await workbenchAsUser();
} catch (e) {
  failed = true;
  console.error('[e2e] FAILED:', e.message);
}
console.log(failed ? '[e2e] real-editor tests FAILED' : '[e2e] real-editor tests passed');
process.exit(failed ? 1 : 0);
