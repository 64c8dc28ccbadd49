import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findWorkspace, PtError } from '../../base/index.js';
import { loadFile, summarizeDoc, toPosix } from '../../domain/docs/index.js';
import type { Finding } from '../../domain/findings/index.js';
import { type LintResult, summarize } from '../../domain/lint/summary.js';
import type { MemoStats } from '../../domain/openspec/index.js';
import { type App, insideApp, keep, memoEnabled, recall, stampDocs } from '../kernel/index.js';

export interface ValidateRequest {
  paths?: string[];
  strict?: boolean;
  /**
   * Reuse the results of the last run for unchanged OpenSpec files (`validate --cache`);
   * `location` as for cacheLocation, `version` the running Papertrail's.
   */
  cache?: { location?: string; version: string };
}

export interface ValidateResult extends LintResult {
  /** What was read: Papertrail documents, an OpenSpec tree, or both. */
  sources: { papertrail: boolean; openspec: boolean };
  /** With `cache`: where it is, how much of the OpenSpec tree was reused, and any write problem. */
  cache?: { file: string; stats: MemoStats | null; writeError: string | null };
}

/**
 * With nothing to validate here and no Papertrail workspace above, validate works on the nearest
 * OpenSpec project above, the one `openspec validate` would pick from the same folder.
 */
async function nearestProject(app: App): Promise<App> {
  if (app.ws.initialized || existsSync(app.ws.docsRoot)) return app;
  // Where there is an openspec/ folder, the reader is loaded below anyway.
  const { nearestOpenSpecProject } = await import('../../domain/openspec/index.js');
  const project = nearestOpenSpecProject(app.ws.root);
  return project && project !== app.ws.root ? { ...app, ws: findWorkspace(project) } : app;
}

/** What the document rules found in the workspace, and the documents they read (files). */
interface DocsChecked {
  docs: string[];
  findings: Finding[];
}

const isDocsChecked = (v: unknown): v is DocsChecked =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as DocsChecked).docs) &&
  Array.isArray((v as DocsChecked).findings);

/**
 * Runs the document rules over the workspace and the Markdown files named on the command line, or
 * hands back what an earlier run found in the same files (docs-memo.ts) when every file named is
 * one of the workspace's documents anyway. The workspace's documents come from the per-file index
 * (kernel/indexed): only files changed since an earlier run are parsed and checked on their own; the
 * rules across documents run over every document's summary.
 */
async function checkDocs(
  app: App,
  hasDocs: boolean,
  named: { abs: string; rel: string }[],
): Promise<DocsChecked> {
  const stamp = hasDocs && memoEnabled(app) ? stampDocs(app) : null;
  const kept = stamp ? recall(app, 'findings', stamp, isDocsChecked) : null;
  if (kept && named.every((t) => kept.docs.includes(t.rel))) return kept;
  // The document rules are loaded only where there are documents: an OpenSpec-only tree skips them.
  const { indexDocs } = await import('../kernel/indexed/index.js');
  const { inRuleOrder, lintAcross, lintDoc } = await import('../../domain/lint/index.js');
  const ix = hasDocs
    ? indexDocs(app, { stamp })
    : { docs: [], own: [], problems: [], unreadable: [], keep() {} };
  const problems = [...ix.problems];
  const extra = named.filter((t) => !ix.docs.some((d) => d.path === t.abs));
  for (const t of extra) {
    const doc = loadFile(t.abs, app.ws.root, app.scheme, problems);
    if (!doc) continue;
    ix.docs.push(summarizeDoc(doc, app.ws.docsRoot, app.scheme));
    ix.own.push(lintDoc(doc, app.scheme));
  }
  const across = lintAcross({
    docs: ix.docs,
    scheme: app.scheme,
    docsRoot: app.ws.docsRoot,
    unreadable: ix.unreadable.map((u) => u.path),
  });
  const checked = {
    docs: ix.docs.map((d) => d.file),
    findings: [...problems, ...inRuleOrder(ix.own, across)],
  };
  // Only what the workspace alone gives is kept: a file read besides it changes the findings.
  if (stamp && extra.length === 0) keep(app, 'findings', stamp, checked);
  return checked;
}

export async function validate(given: App, req: ValidateRequest = {}): Promise<ValidateResult> {
  const app = await nearestProject(given);
  const strict = !!req.strict;
  const hasDocs = existsSync(app.ws.docsRoot);
  // The OpenSpec reader is loaded only where there is an openspec/ folder to read.
  const openspec = existsSync(join(app.ws.root, 'openspec'))
    ? await import('../../domain/openspec/index.js')
    : null;
  const openspecRoot = openspec?.findOpenSpecRoot(app.ws.root) ?? null;
  const targets = (req.paths ?? []).map((p) => {
    const abs = resolve(app.cwd, p);
    if (!existsSync(abs)) {
      throw new PtError('file/not-found', `${p} does not exist`, {
        hint: 'Pass files or folders inside the workspace.',
        location: { file: p },
        exit: 3,
      });
    }
    insideApp(app, abs, p);
    return { abs, rel: toPosix(relative(app.ws.root, abs)), dir: statSync(abs).isDirectory() };
  });
  // An implementing repository (made by bootstrap): its spec is checked as plan checks it.
  const implementing = existsSync(join(app.ws.root, '.github/spec/spec.md'));
  const inSpecCopy = (rel: string) =>
    implementing && (rel === '.github/spec' || rel.startsWith('.github/spec/'));
  if (!hasDocs && !openspecRoot && !implementing && !app.ws.initialized && targets.length === 0) {
    throw new PtError(
      'workspace/not-found',
      `Nothing to validate in ${app.cwd}: no ${app.ws.config.docs}/ folder, no openspec/ folder`,
      {
        hint: 'Run "papertrail init", or run validate where your documents are.',
        exit: 3,
      },
    );
  }
  const findings: Finding[] = [];
  let documents = 0;
  if (hasDocs || targets.some((t) => !inSpecCopy(t.rel))) {
    // A file named on the command line is checked even when it sits outside the docs root.
    const named = targets.filter(
      (t) => !t.dir && t.abs.endsWith('.md') && !t.rel.startsWith('openspec/') && !inSpecCopy(t.rel),
    );
    const r = await checkDocs(app, hasDocs, named);
    findings.push(...r.findings);
    documents += r.docs.length;
  }
  if (implementing) {
    // Loaded only in an implementing repository: the usual run over a workspace's documents skips it.
    const { checkImplementingRepo } = await import('./plan/validate-implementing.js');
    const r = checkImplementingRepo(app);
    if (r) {
      findings.push(...r.findings);
      documents += r.documents;
    }
  }
  let cache: ValidateResult['cache'];
  if (openspec && openspecRoot) {
    // --cache covers the OpenSpec tree; what is kept of the Papertrail documents (checkDocs) needs
    // no flag.
    const store = req.cache ? await import('./validate-cache.js') : null;
    const file = req.cache && store ? store.cacheLocation(app, req.cache.location) : null;
    const engine = req.cache ? openspec.cacheEngine(req.cache.version) : '';
    const r = openspec.validateOpenSpec(app.ws.root, {
      strict,
      cache: file && store ? { data: store.loadCache(file, engine), engine } : undefined,
    });
    findings.push(...r.findings);
    documents += r.items.length;
    if (file && store && r.cache) {
      const writeError = r.cache.changed ? store.saveCache(file, r.cache.data) : null;
      cache = { file, stats: r.cache.stats, writeError };
    }
  }
  const selected = targets.length
    ? findings.filter((f) =>
        targets.some((t) =>
          t.dir ? f.file === t.rel || f.file.startsWith(t.rel ? `${t.rel}/` : '') : f.file === t.rel,
        ),
      )
    : findings;
  return {
    ...summarize(selected, documents, strict),
    sources: { papertrail: hasDocs || implementing, openspec: !!openspecRoot },
    ...(cache ? { cache } : {}),
  };
}
