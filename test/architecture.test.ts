// The layer plan of docs/ARCHITECTURE.md, checked on the sources: imports point down only
// (base < ports < domain < app < faces), there is no loop between folders, a folder is entered through
// its index.ts, app folders import the kernel, never each other, and faces open no port. Imports are
// read with a regular expression (`import … from`, `export … from`, `import '…'`, `import('…')`),
// which is enough for code that Biome formats; every relative import must resolve to a file under src/.
//
// KNOWN lists today's exceptions exactly. A new violation fails, and so does a KNOWN entry that no
// longer occurs, so the list only shrinks: delete the entry when a change removes it. The app-kernel
// step of issue 15 (src/app/kernel, one module per verb, shared vocabulary in the domain) removes most.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAYERS = ['base', 'ports', 'domain', 'app', 'faces'];
/** The one app folder every other app folder may import. */
const KERNEL = 'src/app/kernel';

interface Import {
  from: string;
  line: number;
  specifier: string;
  /** `import('…')`: loaded when first used. */
  dynamic: boolean;
  /** The file it resolves to, relative to the repository (`src/…/x.ts`). */
  to: string;
}

interface Violation {
  key: string;
  message: string;
}

const IMPORT =
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;

function sourceFiles(dir = 'src'): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function isFile(rel: string): boolean {
  try {
    return statSync(join(ROOT, rel)).isFile();
  } catch {
    return false;
  }
}

function resolveImport(from: string, specifier: string): string | null {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const c of [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]) if (isFile(c)) return c;
  return null;
}

const FILES = sourceFiles();
const UNRESOLVED: string[] = [];
const IMPORTS: Import[] = FILES.flatMap((from) => {
  const text = readFileSync(join(ROOT, from), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[1] ?? m[2] ?? m[3] ?? '';
    if (!specifier.startsWith('.')) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const to = resolveImport(from, specifier);
    if (to === null || !to.startsWith('src/')) UNRESOLVED.push(`${from}:${line} imports '${specifier}'`);
    else found.push({ from, line, specifier, to, dynamic: m[2] !== undefined });
  }
  return found;
});

const folderOf = (file: string) => posix.dirname(file);
const layerOf = (file: string) => file.split('/')[1] ?? '';
/** `inner` is `outer` or sits inside it. */
const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
const where = (i: Import) => `${i.from}:${i.line} imports '${i.specifier}'`;
/** The top-level app folder a file is in (`src/app/workflow`), or null outside the app layer. */
const appFolder = (file: string) => (layerOf(file) === 'app' ? file.split('/').slice(0, 3).join('/') : null);

function upward(): Violation[] {
  return IMPORTS.filter((i) => LAYERS.indexOf(layerOf(i.to)) > LAYERS.indexOf(layerOf(i.from))).map((i) => ({
    key: `upward: ${i.from} -> ${i.to}`,
    message: `${where(i)}: an upward import (${layerOf(i.from)} may import only ${LAYERS.slice(0, LAYERS.indexOf(layerOf(i.from)) + 1).join(', ')})`,
  }));
}

/**
 * The CLI's one place for lazy loading: each verb loads only the modules it runs, which importing a
 * folder's index would defeat, so its `import()`s name files.
 */
const LAZY_LOADERS = ['src/faces/cli/lazy.ts'];

function indexBypass(): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const i of IMPORTS) {
    const target = folderOf(i.to);
    if (within(folderOf(i.from), target) || i.to === `${target}/index.ts`) continue;
    if (i.dynamic && LAZY_LOADERS.includes(i.from)) continue;
    const key = `index: ${i.from} -> ${i.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      key,
      message: `${where(i)}: bypasses the index of ${target} (import ${target}/index.ts, and export what is needed there)`,
    });
  }
  return out;
}

/**
 * Loops in the folder graph (Tarjan's strongly connected components). A sub-folder is part of the folder
 * it sits in and may use its files, so an import from a folder into one that contains it is no edge.
 */
function loops(): Violation[] {
  const edges = new Map<string, Map<string, Import>>();
  for (const i of IMPORTS) {
    const a = folderOf(i.from);
    const b = folderOf(i.to);
    if (within(a, b)) continue;
    const out = edges.get(a) ?? new Map<string, Import>();
    if (!out.has(b)) out.set(b, i);
    edges.set(a, out);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => {
    const links = c.flatMap((a) =>
      [...(edges.get(a) ?? [])].filter(([b]) => c.includes(b)).map(([b, i]) => `${a} -> ${b} (${where(i)})`),
    );
    return {
      key: `loop: ${c.join(', ')}`,
      message: `a loop between folders ${c.join(', ')}: ${links.join('; ')}`,
    };
  });
}

function appSiblings(): Violation[] {
  const found = new Map<string, Violation>();
  for (const i of IMPORTS) {
    const a = appFolder(i.from);
    const b = appFolder(i.to);
    if (a === null || b === null || a === b || b === KERNEL) continue;
    const key = `app: ${a} -> ${b}`;
    if (!found.has(key))
      found.set(key, {
        key,
        message: `${where(i)}: app folders import ${KERNEL}, never each other (${a} -> ${b})`,
      });
  }
  return [...found.values()];
}

/** What opens a port: the kernel's functions for the forge and the store, and the store's own. */
const OPENS_PORT = /\b(?:withForge|openForge|openGitHubForge|openStore)\b/;

/**
 * Faces never open ports: a use case opens the forge or the store it needs and closes it before it
 * returns, so a face only parses, calls and renders. A face neither imports a port nor names what
 * opens one.
 */
function facesOpeningPorts(): Violation[] {
  const out: Violation[] = [];
  for (const i of IMPORTS)
    if (layerOf(i.from) === 'faces' && (layerOf(i.to) === 'ports' || i.to === `${KERNEL}/forge.ts`))
      out.push({
        key: `ports: ${i.from} -> ${i.to}`,
        message: `${where(i)}: a face opens no port (call the use case that does)`,
      });
  for (const file of FILES.filter((f) => layerOf(f) === 'faces')) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const m = OPENS_PORT.exec(text);
    if (m)
      out.push({
        key: `ports: ${file} names ${m[0]}`,
        message: `${file}:${text.slice(0, m.index).split('\n').length} names ${m[0]}: a face opens no port (call the use case that does)`,
      });
  }
  return out;
}

/** New violations with their messages, then KNOWN entries of this rule that no longer occur. */
function problems(rule: string, found: Violation[]): string[] {
  const known = new Set(KNOWN.filter((k) => k.startsWith(`${rule}: `)));
  const keys = new Set(found.map((v) => v.key));
  return [
    ...found.filter((v) => !known.has(v.key)).map((v) => `${v.message} [KNOWN key: "${v.key}"]`),
    ...[...known]
      .filter((k) => !keys.has(k))
      .map((k) => `KNOWN lists "${k}", which no longer occurs: delete it from test/architecture.test.ts`),
  ];
}

describe('architecture (docs/ARCHITECTURE.md)', () => {
  it('reads every relative import and finds every file in a layer', () => {
    expect(IMPORTS.length).toBeGreaterThan(500);
    expect(UNRESOLVED).toEqual([]);
    expect(FILES.filter((f) => !LAYERS.includes(layerOf(f)))).toEqual([]);
  });

  it('imports point down only: base < ports < domain < app < faces', () => {
    expect(problems('upward', upward())).toEqual([]);
  });

  it('has no loop between folders', () => {
    expect(problems('loop', loops())).toEqual([]);
  });

  it("enters a folder only through its index.ts (a sub-folder may use its parent's files)", () => {
    expect(problems('index', indexBypass())).toEqual([]);
  });

  it('keeps app folders apart: they share the kernel, never import each other', () => {
    expect(problems('app', appSiblings())).toEqual([]);
  });

  it('keeps faces off the ports: the use case opens and closes the forge and the store', () => {
    expect(problems('ports', facesOpeningPorts())).toEqual([]);
  });

  it('lists each KNOWN exception once', () => {
    expect(KNOWN.filter((k, n) => KNOWN.indexOf(k) !== n)).toEqual([]);
  });
});

// Today's exceptions, exactly. Only delete from this list.
const KNOWN: string[] = [
  // Imports past a folder's index.ts. Folders without an index today: faces/cli, faces/cli/commands,
  // faces/cli/interview.
  'index: src/app/workflow/assistant/files.ts -> src/domain/graph/suggest.ts',
  'index: src/app/workflow/implement.ts -> src/app/workflow/plan/contexts.ts',
  'index: src/app/workflow/implement.ts -> src/app/workflow/plan/dependencies-file.ts',
  'index: src/app/workflow/implement.ts -> src/app/workflow/plan/next.ts',
  'index: src/app/workflow/unknown-value.ts -> src/base/errors.ts',
  'index: src/app/workflow/unknown-value.ts -> src/domain/graph/suggest.ts',
  'index: src/faces/cli/choice-option.ts -> src/app/workflow/unknown-value.ts',
  'index: src/faces/cli/commands/shared.ts -> src/faces/cli/interview/asker.ts',
  'index: src/faces/cli/interrupt.ts -> src/base/errors.ts',
  'index: src/faces/cli/interrupt.ts -> src/base/exit-guard.ts',
  'index: src/faces/cli/interview/asker.ts -> src/base/errors.ts',
  'index: src/faces/cli/io.ts -> src/base/errors.ts',
  'index: src/faces/cli/io.ts -> src/base/redact.ts',
  // The snapshot `next` answers from, read before the local forge, the store and their drivers load.
  'index: src/app/kernel/forge.ts -> src/ports/forge/local-snapshot.ts',
  // octokit, loaded only for a GitHub forge.
  'index: src/app/kernel/forge.ts -> src/ports/forge/github-etag-file.ts',
  'index: src/app/kernel/forge.ts -> src/ports/forge/github.ts',
  'index: src/app/workflow/bootstrap/github.ts -> src/ports/forge/github.ts',
  // What validate's own bundle (dist/validate.js) loads, file by file, so its start stays small.
  'index: src/app/workflow/validate.ts -> src/app/workflow/plan/validate-implementing.ts',
  'index: src/app/workflow/validate.ts -> src/domain/lint/summary.ts',
  'index: src/faces/cli/commands/validate.ts -> src/app/kernel/context.ts',
  'index: src/faces/cli/commands/validate.ts -> src/app/workflow/validate.ts',
  'index: src/faces/cli/commands/validate.ts -> src/domain/lint/report/json.ts',
  'index: src/faces/cli/commands/validate.ts -> src/domain/lint/report/sarif.ts',
  'index: src/faces/cli/commands/validate.ts -> src/domain/lint/report/text.ts',
  'index: src/faces/cli/validate-main.ts -> src/faces/cli/commands/validate.ts',
  // The plain `work list`'s own entry (dist/work-list.js): the list's command, not every work verb.
  'index: src/faces/cli/work-list-main.ts -> src/faces/cli/commands/work/list.ts',
];
