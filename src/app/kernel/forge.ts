import { join } from 'node:path';
import { cachesAllowed, envSecondsMs, PtError } from '../../base/index.js';
import type {
  ForgePort,
  ForgeReads,
  GitHubForge,
  GitHubForgeOptions,
  GitHubProgress,
} from '../../ports/forge/index.js';
// The snapshot `next` answers from is read before anything loads the store or its driver.
import { readSnapshot, snapshotPlace, writeSnapshot } from '../../ports/forge/local-snapshot.js';
import type { App } from './context.js';
import { lentStore } from './lent-store.js';
import type { OnNote } from './notes.js';

type EtagCache = NonNullable<GitHubForgeOptions['etags']>;

export interface OpenForge {
  forge: ForgePort;
  close(): Promise<void>;
  /**
   * Keeps reads of this forge for `next` to answer from without opening the store (see
   * keptForgeReads): only on the local forge in the embedded store, while this process owns it (not
   * through serve's socket), so that no write can fall between the reads and what is kept. Null
   * or absent otherwise; after close it keeps nothing.
   */
  keep?: ((reads: ForgeReads) => void) | null;
  /**
   * Writes now what close would write for the next process (GitHub's ETags), for a process that
   * keeps its forge open for hours (a poller): killed outright, it still leaves what it learnt.
   */
  saveCache?: () => void;
}

const storeDirOf = (app: App) => join(app.ws.root, '.papertrail', 'store');

/** Where the local forge's snapshot is kept and read, or null when none may be. */
function snapshotOf(app: App) {
  const repo = app.ws.config.repo;
  if (!repo || app.ws.config.forge === 'github' || process.env.DATABASE_URL || !cachesAllowed()) return null;
  return snapshotPlace(storeDirOf(app), repo);
}

/**
 * The reads of the local forge kept by the last command that read them while owning the embedded
 * store, when no write has happened since (every write of issues, labels or links removes them) and
 * the store is the one they were read from; null otherwise, or on Postgres, GitHub or inside a run.
 */
export function keptForgeReads(app: App): { repo: string; reads: ForgeReads } | null {
  const place = lentStore(app.ws.root) ? null : snapshotOf(app);
  const reads = place && readSnapshot(place);
  return place && reads ? { repo: place.repo, reads } : null;
}

/** Rate-limit waits are worth telling a person about; everything else stays quiet. */
function progress(onNote: OnNote | undefined): ((e: GitHubProgress) => void) | undefined {
  if (!onNote) return undefined;
  return (e) => {
    if (e.type === 'wait') onNote({ type: 'github-wait', seconds: e.seconds, reason: e.reason });
  };
}

/** Where a workspace keeps GitHub's ETags between runs (in `.papertrail/`, which git ignores). */
export function etagFile(root: string): string {
  return join(root, '.papertrail', 'cache', 'github-etags-v1.json');
}

/**
 * A GitHub forge for `repo`, configured from the environment (token, Enterprise URL, pacing). With
 * `etags`, its conditional requests start from that cache; `onNote` hears its waits.
 */
export async function openGitHubForge(
  repo: string,
  opts: { token?: string; etags?: EtagCache; onNote?: OnNote | undefined } = {},
): Promise<GitHubForge> {
  // Loaded only here: octokit is slow to load (BENCHMARKS.md), and the local forge should not pay for it.
  const { GitHubForge } = await import('../../ports/forge/github.js');
  return GitHubForge.open({
    repo,
    token: opts.token ?? GitHubForge.tokenFromEnv() ?? '',
    ...(opts.etags ? { etags: opts.etags } : {}),
    // GitHub Enterprise Server: https://HOST/api/v3 (the variable GitHub Actions sets).
    ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
    // Real GitHub needs writes paced under its secondary limits; a server without them may opt out.
    paceWrites: process.env.PAPERTRAIL_GITHUB_PACE !== '0',
    onProgress: progress(opts.onNote),
  });
}

/**
 * How long a command waits for another to let go of the embedded store: PAPERTRAIL_STORE_WAIT
 * seconds (0 refuses at once), 10 by default, which covers any one command on the local forge.
 */
export function storeWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  return envSecondsMs(
    'PAPERTRAIL_STORE_WAIT',
    10,
    {
      allowZero: true,
      hint: 'Set it to 0 to fail at once when the store is in use, or unset it for the default of 10.',
    },
    env,
  );
}

/**
 * The workspace's forge: `local` is the store (embedded under .papertrail/, or DATABASE_URL) plus git;
 * `github` is REST. `readOnly` is for dry runs: the local forge then reads the store without writing it
 * or creating it (see openStore), and GitHub is only read because a dry run sends no write.
 */
export async function openForge(app: App, opts: { readOnly?: boolean } = {}): Promise<OpenForge> {
  const repo = app.ws.config.repo;
  if (!repo) {
    throw new PtError('config/no-repo', 'papertrail.yaml does not say which repository this is', {
      hint: 'Set "repo: ORG/NAME" in papertrail.yaml (bootstrap writes it).',
      location: { file: 'papertrail.yaml' },
      exit: 2,
    });
  }
  const lent = lentStore(app.ws.root)?.forge;
  // The run that lent it closes it.
  if (lent) return { forge: lent, close: async () => {} };
  if (app.ws.config.forge === 'github') return openCachedGitHubForge(app, repo, !!opts.readOnly);
  const { checkForgeRecords, openStore } = await import('../../ports/store/index.js');
  const { LocalForge, snapshotFileOf } = await import('../../ports/forge/index.js');
  const dataDir = storeDirOf(app);
  const store = await openStore({
    dataDir,
    waitMs: storeWaitMs(),
    readOnly: !!opts.readOnly,
    onWait: (owner) => app.onNote?.({ type: 'store-wait', pid: owner?.pid }),
  });
  try {
    // The store is this forge's only record of its issues: rows lost to damage must stop the command,
    // or a plan would create the lost issues again under new numbers.
    await checkForgeRecords(store.db, store.where, store.kind);
    // A dry run reads a copy of the embedded store, and Postgres has no snapshot to drop.
    const embedded = store.kind === 'pglite' && !opts.readOnly;
    const forge = await LocalForge.open(store.db, repo, 'main', {
      readOnly: !!opts.readOnly,
      snapshot: embedded ? snapshotFileOf(dataDir) : null,
    });
    const place = embedded && !store.served ? snapshotOf(app) : null;
    let open = true;
    return {
      forge,
      close: () => {
        open = false;
        return store.close();
      },
      keep: place && ((reads) => open && writeSnapshot(place, reads)),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/**
 * The GitHub forge with the workspace's ETag cache: read at the start, so the first read of a re-plan
 * is already conditional, and written back at the end, except by a dry run, which writes nothing.
 */
async function openCachedGitHubForge(app: App, repo: string, readOnly: boolean): Promise<OpenForge> {
  const [{ GitHubForge, GITHUB_API_URL }, { loadEtags }] = await Promise.all([
    import('../../ports/forge/github.js'),
    import('../../ports/forge/github-etag-file.js'),
  ]);
  const token = GitHubForge.tokenFromEnv() ?? '';
  const stored = loadEtags(etagFile(app.ws.root), process.env.GITHUB_API_URL || GITHUB_API_URL, token);
  const forge = await openGitHubForge(repo, { token, etags: stored.cache, onNote: app.onNote });
  const save = () => {
    if (readOnly) return;
    const failed = stored.save();
    // The cache only saves requests: a failure to keep it is a note, never a failed command.
    if (failed) app.onNote?.({ type: 'etags-not-kept', error: failed });
  };
  return {
    forge,
    close: async () => save(),
    saveCache: save,
  };
}

/**
 * Runs `fn` with the workspace's forge, open for it and closed after, whatever happens. Each call
 * opens its own, so a long-running face (the MCP server) never keeps others out of the store.
 */
export async function withForge<T>(
  app: App,
  fn: (forge: ForgePort, opened: OpenForge) => Promise<T>,
  opts: { readOnly?: boolean } = {},
): Promise<T> {
  const opened = await openForge(app, opts);
  try {
    return await fn(opened.forge, opened);
  } finally {
    await opened.close();
  }
}
