// The collector of the git ledger: what `work complete|fail --ledger-out` left in folders (uploaded
// by CI jobs as artifacts) goes to the ledger in one commit, so many executors cost one push.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, PtError } from '../../base/index.js';
import {
  type AuditEntry,
  LEDGER,
  type LedgerFiles,
  type LedgerOutcome,
} from '../../domain/execution/index.js';
import type { LedgerChange } from '../../ports/ledger/index.js';
import type { App } from '../kernel/index.js';
import { auditFiles, PENDING_AUDIT, withLedger } from './ledger.js';

export interface Collected {
  /** Files committed. */
  files: number;
  /** Files already on the ledger with the same content (a collector run again). */
  unchanged: number;
  /** Audit records chained. */
  records: number;
  commit: string | null;
  /** Folders not committed: their attempt ended otherwise on the ledger meanwhile. */
  setAside: SetAside[];
}

export interface SetAside {
  dir: string;
  /** The file that is on the ledger with other content. */
  path: string;
  reason: string;
}

/** What one folder (one execute job's upload) holds: its files and the audit entries they wait for. */
interface Folder {
  dir: string;
  files: Map<string, string>;
  entries: { name: string; entry: AuditEntry }[];
}

/**
 * The collector: the files that `--ledger-out` left in each folder go to the ledger in ONE commit,
 * their audit entries chained on after the head in time order. A file already there with the same
 * bytes is skipped (a collector may run twice). A folder whose attempt ended otherwise on the ledger
 * meanwhile (its lease expired and was failed, say) is set aside whole, and the others committed:
 * one stale result does not hold back the rest of a run's. A folder's gate files open the gates of
 * its attempt: they replace a gate file of an earlier attempt of the step, and give way to a
 * decision made on the ledger since an earlier collect.
 */
export async function ledgerCollect(app: App, dirs: readonly string[]): Promise<Collected> {
  const folders = dirs.map((d) => readFolder(app, d));
  const seen = new Map<string, string>();
  for (const f of folders)
    for (const [path, content] of f.files) {
      const had = seen.get(path);
      if (had !== undefined && had !== content) throw collectConflict(path);
      seen.set(path, content);
    }
  return withLedger(app, async (l) => {
    const t = await l.transact((v) => {
      const out = new Map<string, string>();
      const entries: { name: string; entry: AuditEntry }[] = [];
      const setAside: SetAside[] = [];
      let unchanged = 0;
      for (const f of folders) {
        const r = sortFolder(v, f);
        if ('clash' in r) {
          setAside.push({ dir: f.dir, path: r.clash, reason: endedAs(v.read(r.clash)!) });
          continue;
        }
        unchanged += r.unchanged;
        for (const w of r.write) out.set(w.path, w.content);
        // A folder with nothing new was chained by an earlier run.
        if (r.write.length) entries.push(...f.entries);
      }
      entries.sort((a, b) =>
        a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.name < b.name ? -1 : 1,
      );
      const files = [...out].map(([path, content]) => ({ path, content }));
      const records = files.length
        ? auditFiles(
            v,
            entries.map((e) => e.entry),
          )
        : [];
      const result = { files: files.length, unchanged, records: records.length, setAside };
      return {
        change: files.length
          ? { files: [...files, ...records], message: `collect ${files.length} file(s)` }
          : null,
        result,
      };
    });
    return { ...t.result, commit: t.commit };
  });
}

/** What of a folder to write, what is there already, or the file that shows its attempt ended otherwise. */
function sortFolder(
  v: LedgerFiles,
  f: Folder,
): { write: LedgerChange['files']; unchanged: number } | { clash: string } {
  const write: LedgerChange['files'] = [];
  let unchanged = 0;
  const gates: [string, string][] = [];
  for (const [path, content] of f.files) {
    const there = v.read(path);
    if (there === content) unchanged++;
    else if (path.startsWith(`${LEDGER.gates}/`)) gates.push([path, content]);
    else if (there !== null) return { clash: path };
    else write.push({ path, content });
  }
  // The gates follow the folder's outcome: a new ending opens them; an ending there already (a
  // collector run again) leaves the gate files as the ledger has them.
  const ending = write.some((w) => w.path.startsWith(`${LEDGER.outcomes}/`));
  for (const [path, content] of gates)
    if (ending) write.push({ path, content });
    else unchanged++;
  return { write, unchanged };
}

/** How the ledger says the attempt ended, from its outcome file (or why another file differs). */
function endedAs(there: string): string {
  try {
    const o = JSON.parse(there) as Partial<LedgerOutcome>;
    if (o.attempt && o.status)
      return `attempt ${o.attempt} ended on the ledger as ${o.status} by ${o.actor ?? 'someone'}${o.reason ? `: ${o.reason}` : ''}`;
  } catch {
    // Not an outcome: said plainly below.
  }
  return 'the ledger holds this file with other content';
}

function readFolder(app: App, d: string): Folder {
  const root = resolve(app.cwd, d);
  if (!existsSync(root))
    throw new PtError('work/collect-missing', `${d} does not exist`, {
      hint: 'Give the folders --ledger-out wrote.',
      exit: EXIT.usage,
    });
  const f: Folder = { dir: d, files: new Map(), entries: [] };
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const at = join(root, r);
      // Not followed: a link in an uploaded folder could point at any file of the collector's machine.
      const st = lstatSync(at);
      if (st.isDirectory()) walk(r);
      else if (st.isFile() && new RegExp(`^${PENDING_AUDIT}/[^/]+\\.json$`).test(r))
        f.entries.push({ name, entry: auditEntryIn(at, readFileSync(at, 'utf8')) });
      else if (st.isFile() && /^artifacts\/(outcomes|handoff|gates)\/[^/]+\.json$/.test(r)) {
        const content = readFileSync(at, 'utf8');
        jsonIn(at, content);
        f.files.set(r, content);
      } else throw badCollected(at, 'is not a file work complete or fail --ledger-out writes');
    }
  };
  walk('');
  return f;
}

function badCollected(file: string, what: string): PtError {
  return new PtError('work/collect-bad-file', `${file} ${what}`, {
    hint: 'Give work collect only folders that --ledger-out wrote. Nothing was committed.',
    location: { file },
    exit: EXIT.usage,
  });
}

function jsonIn(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badCollected(file, 'is not JSON');
  }
}

/** An audit entry as ledgerFinish wrote it: a time, an actor, a type and data. */
function auditEntryIn(file: string, text: string): AuditEntry {
  const e = jsonIn(file, text) as Partial<AuditEntry> | null;
  if (
    !e ||
    typeof e.at !== 'string' ||
    Number.isNaN(Date.parse(e.at)) ||
    typeof e.actor !== 'string' ||
    typeof e.type !== 'string' ||
    !('data' in e)
  )
    throw badCollected(file, 'is not an audit entry ({at, actor, type, data})');
  return { at: e.at, actor: e.actor, type: e.type, data: e.data };
}

function collectConflict(path: string): PtError {
  return new PtError('work/collect-conflict', `${path} is in two of the folders with other content`, {
    hint: 'An attempt ends once: two of the folders given hold different files of one name. Nothing was committed.',
    location: { file: path },
    exit: EXIT.conflict,
  });
}
