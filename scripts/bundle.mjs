// Bundles the CLI, the language server and the VS Code client with esbuild.
// Server and CLI are ESM (.mjs) because the unified ecosystem is ESM-only; the CommonJS
// dependencies they pull in (vscode-languageserver) need a real `require`, hence the banner.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

const esmBanner = {
  js: "import { createRequire as __plCreateRequire } from 'node:module'; const require = __plCreateRequire(import.meta.url);",
};

await Promise.all([
  build({
    entryPoints: Object.fromEntries(Object.entries({ cli: 'server/src/cli.ts', server: 'server/src/server.ts', 'lint-worker': 'server/src/lint-worker.ts' }).filter(([, f]) => existsSync(f))),
    outdir: 'server/dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: esmBanner,
    sourcemap: true,
    logLevel: 'warning',
  }),
  existsSync('client/src/extension.ts') && build({
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir: 'client/dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: true,
    logLevel: 'warning',
  }),
]);
