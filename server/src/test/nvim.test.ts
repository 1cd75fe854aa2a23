// The README's Neovim config (scripts/nvim/policylint.lua), loaded as it is into a headless
// Neovim: it must show PolicyLint's diagnostics on the sample draft and offer code actions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
// The project installs what its tests need: Debian's neovim, where the machine allows.
spawnSync('bash', [join(ROOT, 'scripts/nvim/setup.sh')], { stdio: 'inherit', timeout: 300000 });
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

it('works in Neovim with the README config', { skip: !hasNvim && 'nvim is not installed and could not be installed here (scripts/nvim/setup.sh)', timeout: 60000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'policylint-nvim-'));
  try {
    const env = { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_STATE_HOME: scratch, XDG_CACHE_HOME: scratch, POLICYLINT_SERVER: join(ROOT, 'server/dist/server.mjs') };
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', 'filetype on', '-c', 'luafile scripts/nvim/policylint.lua', '-c', 'edit samples/draft.md', '-c', 'luafile scripts/nvim/check.lua'], { cwd: ROOT, env, encoding: 'utf8', timeout: 50000 });
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 0, out);
    assert.match(out, /diagnostics: 10/);
    assert.match(out, /first: 8:35 'backyard' frames Latin America as a U\.S\. possession/);
    assert.match(out, /actions: Rewrite as 'partner' \(Hajiyeva 2017, proposal 1\)/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
