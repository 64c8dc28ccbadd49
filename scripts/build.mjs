// Bundles the CLI so that start-up loads a handful of files instead of hundreds of modules.
// Verbs are dynamic imports, so esbuild splits them into chunks loaded only when used.

import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/faces/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Native or optional modules stay outside the bundle.
  external: ['node-pty', '@electric-sql/pglite', 'pg'],
  banner: {
    js: "import { createRequire as __ptCreateRequire } from 'node:module'; const require = __ptCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
