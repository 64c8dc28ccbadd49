// The stored handoff artifacts as files, in the layout other tools of the handoff-artifact world read
// (artifacts/handoff/<time>-<item>-<step>-<attempt>.json), with the audit trail's checkpoint beside
// them: a copy to commit or archive, from which `audit verify --checkpoint` later tells whether the
// store still holds the history the copy was made from.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FileWrite, PtError, redactDeep, secretValues, writeFilesAtomic } from '../../base/index.js';
import { type Checkpoint, type HandoffArtifact, handoffPath } from '../../domain/execution/index.js';
import { auditHead, readArtifacts } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';

export const CHECKPOINT_FILE = 'audit-checkpoint.json';

export interface ExportArtifactsResult {
  /** The folder written, as given (default `artifacts`). */
  dir: string;
  /** Every artifact file, relative to `dir`, in the order the artifacts were written. */
  files: string[];
  /** How many files were new or changed; the others already held the same bytes. */
  written: number;
  checkpoint: Checkpoint;
}

// The store keeps artifacts redacted; a secret registered since is caught on the way to the file too.
const fileText = (a: unknown) =>
  `${JSON.stringify(redactDeep(a, secretValues(), { patterns: true }), null, 2)}\n`;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Relative names for the artifacts: handoffPath's, with the event type (then the row) when two share one. */
function namesOf(rows: { id: number; body: HandoffArtifact }[]): string[] {
  const strip = (p: string) => p.replace(/^artifacts\//, '');
  const plain = rows.map((r) => strip(handoffPath(r.body)));
  const count = (xs: string[]) =>
    xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const n1 = count(plain);
  const typed = rows.map((r, i) => (n1.get(plain[i]!)! > 1 ? strip(handoffPath(r.body, true)) : plain[i]!));
  const n2 = count(typed);
  return typed.map((p, i) => (n2.get(p)! > 1 ? p.replace(/\.json$/, `-${rows[i]!.id}.json`) : p));
}

/**
 * Writes every stored handoff artifact of the plan under `dir` and the audit checkpoint ({length,
 * head}) as `dir/audit-checkpoint.json`, all in one atomic write. Idempotent: a second run with nothing
 * new writes the same bytes, and files that already hold them are not touched.
 */
export async function exportArtifacts(app: App, opts: { dir?: string } = {}): Promise<ExportArtifactsResult> {
  const dir = opts.dir ?? 'artifacts';
  const { rows, checkpoint } = await withStore(
    app,
    async (s) => {
      const stored = await readArtifacts(s.x.db, s.planKey);
      return {
        rows: stored.map((r) => ({ id: r.id, body: JSON.parse(r.body) as HandoffArtifact })),
        checkpoint: await auditHead(s.x),
      };
    },
    // Not read-only: the audit records still pending are chained first, so the checkpoint covers them.
  );
  return writeExport(app, dir, rows, checkpoint);
}

/**
 * Writes the artifacts (in the order they were written; `id` tells apart two that would share a
 * name) and the checkpoint under `dir`, in one atomic write, touching only the files that change.
 */
export function writeExport(
  app: App,
  dir: string,
  rows: { id: number; body: HandoffArtifact }[],
  checkpoint: Checkpoint,
): ExportArtifactsResult {
  const root = resolve(app.cwd, dir);
  const files = namesOf(rows);
  const all: FileWrite[] = rows.map((r, i) => ({ path: join(root, files[i]!), content: fileText(r.body) }));
  all.push({
    path: join(root, CHECKPOINT_FILE),
    content: fileText({ length: checkpoint.length, head: checkpoint.head }),
  });
  const changed = all.filter((f) => readOrNull(f.path) !== f.content);
  if (changed.length) writeFilesAtomic(changed);
  return { dir, files, written: changed.length, checkpoint };
}

/** A checkpoint file as exportArtifacts writes it; refused (exit 3) when missing or not of that shape. */
export function readCheckpoint(app: App, file: string): Checkpoint {
  const path = resolve(app.cwd, file);
  const bad = (why: string) =>
    new PtError('audit/bad-checkpoint', `${file} is not an audit checkpoint: ${why}`, {
      hint: 'Give the audit-checkpoint.json that papertrail work export-artifacts wrote ({"length", "head"}).',
      location: { file },
      exit: 3,
    });
  const text = readOrNull(path);
  if (text === null) throw bad('it cannot be read');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad('it is not JSON');
  }
  const c = v as Partial<Checkpoint> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    !Number.isSafeInteger(c.length) ||
    (c.length as number) < 0 ||
    typeof c.head !== 'string' ||
    !/^[0-9a-f]{64}$/.test(c.head)
  )
    throw bad('it needs "length" (a whole number) and "head" (a SHA-256 in hex)');
  return { length: c.length as number, head: c.head };
}
