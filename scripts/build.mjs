// Bundles the CLI so that start-up loads a handful of files instead of hundreds of modules.
// What a verb loads is a dynamic import (src/faces/cli/lazy.ts), so esbuild splits it into chunks
// loaded only when used.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// Every build gets its own identity (src/base/build-id.ts), so results one build worked out and
// kept in a workspace's cache are never taken for another build's.
const buildId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
// What every bundle of the CLI shares. Native or optional modules stay outside the bundle.
const nodeBundle = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: ['node-pty', '@electric-sql/pglite', 'pg-native'],
  banner: {
    js: "import { createRequire as __ptCreateRequire } from 'node:module'; const require = __ptCreateRequire(import.meta.url);",
  },
  define: { __PAPERTRAIL_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
  // Less source for V8 to scan at every start; names are kept, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
};
// The YAML library (dist/yaml.cjs, behind the stand-in scripts/lazy-yaml.mjs) is loaded on first use:
// a command in a workspace whose papertrail.yaml is cached parsed (base/config-cache.ts) and whose
// documents' summaries are cached never parses it at all.
const lazyYamlShim = fileURLToPath(new URL('./lazy-yaml.mjs', import.meta.url));
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.importer === lazyYamlShim ? undefined : { path: lazyYamlShim },
    );
    b.onResolve({ filter: /^\.\.?\/yaml\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  ...nodeBundle,
  entryPoints: { cli: 'src/faces/cli/main.ts', 'work-list': 'src/faces/cli/work-list-main.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lazyYaml],
});
// `validate` alone, in one file: bin/papertrail.js loads it for that verb, which then starts sooner
// than through the full CLI's chunks (see src/faces/cli/validate-main.ts and BENCHMARKS.md). What the
// usual run does not need stays in files of its own, loaded on first use, so V8 does not even parse
// them at start: commander's reading of unusual command lines (dist/validate-usage.js) and the YAML
// library (as above).
const validateSplit = {
  name: 'validate-split',
  setup(b) {
    b.onResolve({ filter: /^\.\/validate-usage\.js$/ }, (args) => ({ path: args.path, external: true }));
    // The check of an implementing repository's spec (plan's own), needed only in one.
    b.onResolve({ filter: /^\.\/plan\/validate-implementing\.js$/ }, () => ({
      path: './validate-implementing.js',
      external: true,
    }));
  },
};
await build({
  ...nodeBundle,
  entryPoints: { validate: 'src/faces/cli/validate-main.ts' },
  plugins: [lazyYaml, validateSplit],
});
await build({ ...nodeBundle, entryPoints: { 'validate-usage': 'src/faces/cli/validate-usage.ts' } });
// `audit verify`'s worker thread (src/app/execution/audit-verify.ts finds it beside the CLI).
await build({
  ...nodeBundle,
  entryPoints: { 'audit-verify-worker': 'src/app/execution/audit-verify-worker.ts' },
});
await build({
  ...nodeBundle,
  entryPoints: { 'validate-implementing': 'src/app/workflow/plan/validate-implementing.ts' },
  plugins: [lazyYaml, validateSplit],
});
// V8 reads a script with one non-ASCII character (a regex's ellipsis, say) as two-byte text, which
// slows every start; esbuild escapes strings but not regular expressions, so the sources must.
for (const file of ['dist/cli.js', 'dist/validate.js', 'dist/validate-implementing.js']) {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) {
    const line = text.slice(0, at).split('\n').length;
    throw new Error(`${file}:${line} holds a non-ASCII character; write it as a \\u escape in the source`);
  }
}
await build({
  ...nodeBundle,
  entryPoints: { yaml: 'yaml' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  banner: {},
});

// A migrated, empty embedded store for new stores to start from (saves PGlite's initdb, the slowest
// part of a workspace's first store; BENCHMARKS.md). Made once per PGlite version and migration set,
// cached under node_modules.
await build({
  entryPoints: ['scripts/store-template.ts'],
  outfile: 'dist/tools/store-template.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@electric-sql/pglite', 'kysely'],
  // The store reaches base, which brings CommonJS packages (yaml) that require Node's modules.
  banner: nodeBundle.banner,
  logLevel: 'warning',
});
const { makeStoreTemplate, templateKey, unpackStoreTemplate } = await import(
  new URL('../dist/tools/store-template.mjs', import.meta.url)
);
rmSync(new URL('../dist/tools', import.meta.url), { recursive: true, force: true });
const cacheDir = new URL('../node_modules/.cache/papertrail/', import.meta.url);
const cached = new URL(`store-template-${templateKey()}.tar.gz`, cacheDir);
const target = new URL('../dist/store-template.tar.gz', import.meta.url);
if (!existsSync(cached) || !existsSync(new URL(`${cached.pathname}.json`, 'file:'))) {
  mkdirSync(cacheDir, { recursive: true });
  await makeStoreTemplate(cached.pathname);
}
copyFileSync(cached, target);
copyFileSync(new URL(`${cached.pathname}.json`, 'file:'), new URL(`${target.pathname}.json`, 'file:'));
await unpackStoreTemplate(target.pathname);

// The control room's web app (web/), served by `serve`: built files only, loaded by no other verb.
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)) });
