// The collector of the git ledger: what `work complete|fail --ledger-out` left in folders (uploaded
// by CI jobs as artifacts) goes to the ledger in one commit, so many executors cost one push.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, PtError } from '../../base/index.js';
import type { AuditEntry } from '../../domain/execution/index.js';
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
}

/**
 * The collector: the files that `--ledger-out` left in each folder go to the ledger in ONE commit,
 * their audit entries chained on after the head in time order. A file already there with the same
 * bytes is skipped (a collector may run twice); one there with other bytes refuses the whole batch.
 */
export async function ledgerCollect(app: App, dirs: readonly string[]): Promise<Collected> {
  const files = new Map<string, string>();
  const entries: { name: string; entry: AuditEntry }[] = [];
  const walk = (root: string, rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const at = join(root, r);
      // Not followed: a link in an uploaded folder could point at any file of the collector's machine.
      const st = lstatSync(at);
      if (st.isDirectory()) walk(root, r);
      else if (st.isFile() && new RegExp(`^${PENDING_AUDIT}/[^/]+\\.json$`).test(r)) {
        entries.push({ name, entry: auditEntryIn(at, readFileSync(at, 'utf8')) });
      } else if (st.isFile() && /^artifacts\/(outcomes|handoff|gates)\/[^/]+\.json$/.test(r)) {
        const content = readFileSync(at, 'utf8');
        jsonIn(at, content);
        const had = files.get(r);
        if (had !== undefined && had !== content) throw collectConflict(r);
        files.set(r, content);
      } else throw badCollected(at, 'is not a file work complete or fail --ledger-out writes');
    }
  };
  for (const d of dirs) {
    const root = resolve(app.cwd, d);
    if (!existsSync(root))
      throw new PtError('work/collect-missing', `${d} does not exist`, {
        hint: 'Give the folders --ledger-out wrote.',
        exit: EXIT.usage,
      });
    walk(root, '');
  }
  entries.sort((a, b) =>
    a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.name < b.name ? -1 : 1,
  );
  return withLedger(app, async (l) => {
    const t = await l.transact((v) => {
      const out: LedgerChange['files'] = [];
      let unchanged = 0;
      for (const [path, content] of files) {
        const there = v.read(path);
        if (there === content) unchanged++;
        else if (there !== null) throw collectConflict(path);
        else out.push({ path, content });
      }
      // Entries whose files were all there already were chained by an earlier run.
      const fresh = unchanged === files.size ? [] : entries.map((e) => e.entry);
      const records = out.length ? auditFiles(v, fresh) : [];
      const result = { files: out.length, unchanged, records: records.length };
      return {
        change: out.length ? { files: [...out, ...records], message: `collect ${out.length} file(s)` } : null,
        result,
      };
    });
    return { ...t.result, commit: t.commit };
  });
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
  return new PtError('work/collect-conflict', `${path} is on the ledger with other content`, {
    hint: 'An attempt ends once: the folder holds a second ending of an attempt already ended. Nothing was committed.',
    location: { file: path },
    exit: EXIT.conflict,
  });
}
