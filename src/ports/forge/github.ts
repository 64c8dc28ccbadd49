// The GitHub forge: the port over GitHub's REST API with octokit (throttling, retry, pagination) and
// conditional requests, so a re-plan that changes nothing makes no write and its reads cost 304s.
// Sub-issue and "blocked by" calls take the other issue's database `id`, not its number.
import { execFileSync } from 'node:child_process';
import { Octokit } from 'octokit';
import * as v from 'valibot';
import { DEADLINES, deadlineMs, EXIT, PtError, registerSecret } from '../../base/index.js';
import type { ActionsPort } from './actions-port.js';
import { GitHubActions } from './github-actions.js';
import { mergeRefused, toPtError } from './github-errors.js';
import { type EtagCache, type EtagStats, etagHook } from './github-etag.js';
import { fetchWithDeadline } from './github-fetch.js';
import { emptyRateLimit, type GitHubRateLimit, watchRateLimit } from './github-rate-limit.js';
import * as shape from './github-shapes.js';
import type {
  BranchCommit,
  BranchCommitResult,
  ForgeCheck,
  ForgeIssue,
  ForgeLabel,
  ForgeLinks,
  ForgeMerge,
  ForgePort,
  ForgePullRequest,
  ForgeSecurityAlert,
  IssuePatch,
  MergeRequest,
  NewPullRequest,
} from './port.js';
import { notOnThisForge } from './unsupported.js';

export type { EtagCache } from './github-etag.js';
export type { GitHubRateLimit } from './github-rate-limit.js';

export const GITHUB_API_VERSION = '2022-11-28';
/** The REST API of github.com, octokit's default base URL. */
export const GITHUB_API_URL = 'https://api.github.com';

export type GitHubProgress =
  | { type: 'write'; method: string; path: string; writes: number }
  | { type: 'wait'; reason: 'rate-limit' | 'secondary-rate-limit'; seconds: number; attempt: number };

export interface GitHubForgeOptions {
  /** `owner/name`. */
  repo: string;
  token: string;
  /** Default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3. */
  baseUrl?: string;
  fetch?: typeof fetch;
  userAgent?: string;
  /** Each write as it is sent, and each wait for a rate limit (for a progress bar). */
  onProgress?: (e: GitHubProgress) => void;
  /**
   * Space writes as plugin-throttling does for real GitHub (1 s apart, 3 s for issue and comment
   * creation, within the 80 content-creating requests a minute). Default true; tests turn it off.
   */
  paceWrites?: boolean;
  /** Retries after a rate limit before giving up with `forge/rate-limited` (default 3). */
  rateLimitRetries?: number;
  /** Longest wait for a primary rate-limit reset, in seconds, before giving up (default 60). */
  maxRateLimitWait?: number;
  /** Milliseconds per second of `retry-after` and base of plugin-retry's back-off (default 1000; tests shrink it). */
  retryAfterBaseMs?: number;
  /** ETag cache to reuse (for example one persisted between runs); a fresh Map by default. */
  etags?: EtagCache;
  /** Deadline of each request in milliseconds; default PAPERTRAIL_GITHUB_TIMEOUT seconds (30). */
  timeoutMs?: number;
}

type GhIssue = v.InferOutput<typeof shape.Issue>;
type GhPull = v.InferOutput<typeof shape.Pull>;
type GhCheckRun = v.InferOutput<typeof shape.CheckRun>;
type GhStatus = v.InferOutput<typeof shape.CombinedStatus>['statuses'][number];

/** Statuses of a commit GitHub lists in one page of its combined status, at most. */
const STATUS_PAGE = 100;

/** A throttling group that schedules at once: turns plugin-throttling's write pacing off. */
const immediate = {
  key: () => ({
    schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => fn(...args)),
  }),
};

const noop = () => {};

/** Relationship features GitHub Enterprise Server may lack (its 3.17–3.19 descriptions have no sub-issues). */
export type GitHubRelation = 'sub-issues' | 'dependencies';

const RELATION_LIST = {
  'sub-issues': 'GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
  dependencies: 'GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by',
} as const;

export class GitHubForge implements ForgePort {
  readonly kind = 'github' as const;
  /** GitHub makes branches through its API, and its web page reviews and merges pull requests. */
  readonly branches = 'forge' as const;
  readonly review = 'forge' as const;
  /** Requests sent with `If-None-Match`, and how many of them GitHub answered 304. */
  readonly etagStats: EtagStats = { conditional: 0, notModified: 0 };
  /** The rate limit as GitHub's last answer told it. */
  rateLimit: GitHubRateLimit = emptyRateLimit();
  private writes = 0;
  /** Relationship endpoints this server does not have, found once per forge (one run). */
  private readonly missing = new Set<GitHubRelation>();
  /** A true private field: it does not show when the forge is inspected or logged. */
  readonly #token: string;
  #actions: ActionsPort | undefined;

  private constructor(
    readonly octokit: Octokit,
    readonly repo: string,
    private readonly owner: string,
    private readonly name: string,
    token: string,
    readonly etags: EtagCache,
    private readonly onProgress: ((e: GitHubProgress) => void) | undefined,
  ) {
    this.#token = token;
  }

  static async open(opts: GitHubForgeOptions): Promise<GitHubForge> {
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(opts.repo);
    if (!m) {
      throw new PtError('forge/invalid-repo', `"${opts.repo}" is not a GitHub repository (owner/name)`, {
        hint: 'Set "repo: OWNER/NAME" in papertrail.yaml, like my-org/my-service.',
        exit: 2,
      });
    }
    if (!opts.token) {
      throw new PtError('forge/unauthorized', 'No GitHub token', {
        hint: 'Set GITHUB_TOKEN, or log in with `gh auth login` (papertrail reads `gh auth token`).',
        exit: 4,
      });
    }
    // Whatever GitHub or a proxy echoes back, the token never leaves the process.
    registerSecret(opts.token);
    const timeoutMs = opts.timeoutMs ?? deadlineMs(DEADLINES.github);
    const base = opts.retryAfterBaseMs ?? 1000;
    const retries = opts.rateLimitRetries ?? 3;
    const maxWait = opts.maxRateLimitWait ?? 60;
    const onProgress = opts.onProgress;
    const seen = emptyRateLimit();
    const onLimit =
      (reason: 'rate-limit' | 'secondary-rate-limit') =>
      (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
        if (retryCount >= retries || retryAfter > maxWait) return false;
        onProgress?.({ type: 'wait', reason, seconds: retryAfter, attempt: retryCount + 1 });
        return true;
      };
    const octokit = new Octokit({
      auth: opts.token,
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl.replace(/\/+$/, '') } : {}),
      ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
      request: { fetch: fetchWithDeadline(timeoutMs, watchRateLimit(seen, opts.fetch ?? globalThis.fetch)) },
      log: { debug: noop, info: noop, warn: noop, error: noop },
      retry: { retryAfterBaseValue: base },
      throttle: {
        retryAfterBaseValue: base,
        onRateLimit: onLimit('rate-limit'),
        onSecondaryRateLimit: onLimit('secondary-rate-limit'),
        ...(opts.paceWrites === false ? { write: immediate, notifications: immediate } : {}),
        // biome-ignore lint/suspicious/noExplicitAny: the Bottleneck group types are not exported by octokit.
      } as any,
    });
    const etags = opts.etags ?? new Map();
    const forge = new GitHubForge(octokit, opts.repo, m[1]!, m[2]!, opts.token, etags, onProgress);
    forge.rateLimit = seen;
    const conditional = etagHook(etags, forge.etagStats, (o) => octokit.request.endpoint(o as never));
    octokit.hook.wrap('request', async (request, options) => {
      const o = options as { method?: string; url?: string; headers: Record<string, string> };
      o.headers['x-github-api-version'] = GITHUB_API_VERSION;
      if ((o.method ?? 'GET') !== 'GET') {
        forge.writes++;
        onProgress?.({
          type: 'write',
          method: o.method ?? '',
          path: String(o.url ?? ''),
          writes: forge.writes,
        });
      }
      // biome-ignore lint/suspicious/noExplicitAny: octokit's hook types are narrower than the wrapper's.
      const res = (await conditional(request as any, options as any)) as any;
      // Invalid JSON reaches here as the raw text (octokit keeps what it cannot parse): refuse it
      // before pagination or a caller reads fields of a string.
      const data: unknown = res.data;
      const json = typeof data === 'object' && data !== null && !(data instanceof ArrayBuffer);
      if (!json && res.status !== 204 && res.status !== 205) throw new shape.NotJson(data, res.status);
      return res;
    });
    return forge;
  }

  /** `GITHUB_TOKEN`, else `gh auth token` when gh is installed (2 s timeout), else null. Never printed. */
  static tokenFromEnv(
    env: NodeJS.ProcessEnv = process.env,
    gh: () => string = () =>
      execFileSync('gh', ['auth', 'token'], {
        timeout: 2000,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
      }),
  ): string | null {
    const fromEnv = env.GITHUB_TOKEN?.trim();
    if (fromEnv) return fromEnv;
    try {
      const t = gh().trim();
      return t || null;
    } catch {
      return null;
    }
  }

  /** GitHub Actions of the repository (runners, workflow runs, deployments), through this forge's client. */
  actions(): ActionsPort {
    this.#actions ??= new GitHubActions(this.octokit, this.repo, this.owner, this.name, {
      call: (what, f) => this.call(what, f),
      read: (what, schema, expected, f) => this.read(what, schema, expected, f),
      readAll: (what, schema, expected, f) => this.readAll(what, schema, expected, f),
    });
    return this.#actions;
  }

  /** Write requests made so far (a retry of one counts once). */
  get writeCount(): number {
    return this.writes;
  }

  private get r() {
    return { owner: this.owner, repo: this.name };
  }

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw toPtError(e, { repo: this.repo, token: this.#token, what });
    }
  }

  /** One answer, checked to be `schema` (`expected` says what that is, for the error). */
  private async read<S extends v.GenericSchema>(
    what: string,
    schema: S,
    expected: string,
    f: () => Promise<{ data: unknown }>,
  ): Promise<v.InferOutput<S>> {
    const res = await this.call(what, f);
    return shape.parseShape(schema, res.data, `${what} on ${this.repo}`, expected);
  }

  /** Every page of a list, each item checked to be `schema`. */
  private async readAll<S extends v.GenericSchema>(
    what: string,
    schema: S,
    expected: string,
    f: () => Promise<unknown>,
  ): Promise<v.InferOutput<S>[]> {
    const items = await this.call(what, f);
    return shape.parseShape(v.array(schema), items, `${what} on ${this.repo}`, `a list of ${expected}`);
  }

  /** A link that already exists is what was asked for (a retried request whose first answer was lost). */
  private async link(what: string, f: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(what, f);
    } catch (e) {
      if (!(e instanceof PtError && e.code === 'forge/conflict')) throw e;
    }
  }

  /**
   * A call to a sub-issue or dependency endpoint. A 404 there means the issue is missing or the server
   * has no such endpoint (GitHub Enterprise Server without the feature); the issue itself tells them
   * apart, once: after that the forge answers `forge/unsupported` without a request.
   */
  private async relation<T>(
    kind: GitHubRelation,
    n: number,
    f: () => Promise<T>,
    listing = false,
  ): Promise<T> {
    if (this.missing.has(kind)) throw this.unsupported(kind);
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof PtError && e.code === 'forge/not-found')) throw e;
      if (!(await this.endpointMissing(kind, n, listing))) throw e;
      this.missing.add(kind);
      throw this.unsupported(kind);
    }
  }

  /** True when GitHub has issue `n` but no `kind` endpoint for it (a 404 from the list, a 200 for the issue). */
  private async endpointMissing(kind: GitHubRelation, n: number, listed: boolean): Promise<boolean> {
    const status = async (f: () => Promise<unknown>) => {
      try {
        await f();
        return 200;
      } catch (e) {
        return (e as { status?: number }).status ?? 0;
      }
    };
    if (!listed) {
      const list = await status(() =>
        this.octokit.request(RELATION_LIST[kind], { ...this.r, issue_number: n, per_page: 1 }),
      );
      if (list !== 404) return false;
    }
    const issue = await status(() =>
      this.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { ...this.r, issue_number: n }),
    );
    return issue === 200;
  }

  private unsupported(kind: GitHubRelation): PtError {
    const what = kind === 'sub-issues' ? 'sub-issues' : 'issue dependencies ("blocked by")';
    return new PtError('forge/unsupported', `The GitHub server of ${this.repo} has no ${what}`, {
      hint:
        kind === 'sub-issues'
          ? 'GitHub Enterprise Server 3.17\u20133.19 lacks them; plan keeps a task list in the tracking issue instead.'
          : 'GitHub Enterprise Server 3.17 and 3.18 lack them; each issue\'s "Depends on" section names its blockers instead.',
      exit: 4,
    });
  }

  /** Whether a sub-issue or dependency endpoint was found missing on this server (in this run). */
  lacks(kind: GitHubRelation): boolean {
    return this.missing.has(kind);
  }

  private toIssue(i: GhIssue): ForgeIssue {
    const deps = i.issue_dependencies_summary;
    return {
      number: i.number,
      id: i.id,
      title: i.title,
      body: i.body ?? '',
      state: i.state === 'closed' ? 'closed' : 'open',
      stateReason:
        i.state_reason === 'duplicate'
          ? 'not_planned'
          : ((i.state_reason ?? null) as ForgeIssue['stateReason']),
      labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== ''),
      ...(deps ? { blockedByCount: deps.total_blocked_by } : {}),
    };
  }

  async listLabels(): Promise<ForgeLabel[]> {
    const labels = await this.readAll('listing labels', shape.Label, 'labels', () =>
      this.octokit.paginate('GET /repos/{owner}/{repo}/labels', { ...this.r, per_page: 100 }),
    );
    return labels.map((l) => ({
      name: l.name,
      color: (l.color ?? '').replace(/^#/, '').toLowerCase(),
      description: l.description ?? '',
    }));
  }

  async createLabel(l: ForgeLabel): Promise<void> {
    await this.call(`creating label ${l.name}`, () =>
      this.octokit.request('POST /repos/{owner}/{repo}/labels', {
        ...this.r,
        name: l.name,
        color: l.color.replace(/^#/, ''),
        description: l.description,
      }),
    );
  }

  async updateLabel(l: ForgeLabel): Promise<void> {
    await this.call(`updating label ${l.name}`, () =>
      this.octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', {
        ...this.r,
        name: l.name,
        color: l.color.replace(/^#/, ''),
        description: l.description,
      }),
    );
  }

  async listIssues(q: { label: string }): Promise<ForgeIssue[]> {
    const items = await this.readAll(`listing issues labelled ${q.label}`, shape.Issue, 'issues', () =>
      this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
        ...this.r,
        state: 'all',
        labels: q.label,
        direction: 'asc',
        per_page: 100,
      }),
    );
    // GitHub lists pull requests as issues too; the port wants issues only.
    return items
      .filter((i) => !i.pull_request)
      .map((i) => this.toIssue(i))
      .sort((a, b) => a.number - b.number);
  }

  async createIssue(i: { title: string; body: string; labels: string[] }): Promise<ForgeIssue> {
    const res = await this.read(`creating issue "${i.title}"`, shape.Issue, 'an issue', () =>
      this.octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...this.r,
        title: i.title,
        body: i.body,
        labels: i.labels,
        // A retry after a lost answer could open a second issue; a re-plan finds the first by its marker.
        request: { retries: 0 },
      }),
    );
    return this.toIssue(res);
  }

  async updateIssue(n: number, p: IssuePatch): Promise<ForgeIssue> {
    const closing = p.state === 'closed';
    const res = await this.read(`updating issue #${n}`, shape.Issue, 'an issue', () =>
      this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...this.r,
        issue_number: n,
        ...(p.title !== undefined ? { title: p.title } : {}),
        ...(p.body !== undefined ? { body: p.body } : {}),
        ...(p.labels !== undefined ? { labels: p.labels } : {}),
        ...(p.state !== undefined ? { state: p.state } : {}),
        ...(closing ? { state_reason: p.stateReason ?? 'completed' } : {}),
      }),
    );
    return this.toIssue(res);
  }

  async comment(n: number, body: string): Promise<void> {
    await this.call(`commenting on #${n}`, () =>
      this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...this.r,
        issue_number: n,
        body,
        request: { retries: 0 },
      }),
    );
  }

  async listSubIssues(parent: number): Promise<number[]> {
    const items = await this.relation(
      'sub-issues',
      parent,
      () =>
        this.readAll(`listing sub-issues of #${parent}`, shape.IssueNumber, 'issues', () =>
          this.octokit.paginate(RELATION_LIST['sub-issues'], {
            ...this.r,
            issue_number: parent,
            per_page: 100,
          }),
        ),
      true,
    );
    return items.map((i) => i.number);
  }

  async addSubIssue(parent: number, child: ForgeIssue): Promise<void> {
    await this.relation('sub-issues', parent, () =>
      this.link(`adding #${child.number} as a sub-issue of #${parent}`, () =>
        this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
          ...this.r,
          issue_number: parent,
          sub_issue_id: child.id,
        }),
      ),
    );
  }

  async listBlockedBy(n: number): Promise<number[]> {
    const items = await this.relation(
      'dependencies',
      n,
      () =>
        this.readAll(`listing what blocks #${n}`, shape.IssueNumber, 'issues', () =>
          this.octokit.paginate(RELATION_LIST.dependencies, { ...this.r, issue_number: n, per_page: 100 }),
        ),
      true,
    );
    return items.map((i) => i.number).sort((a, b) => a - b);
  }

  async addBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    await this.relation('dependencies', n, () =>
      this.link(`marking #${n} blocked by #${blocker.number}`, () =>
        this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
          ...this.r,
          issue_number: n,
          issue_id: blocker.id,
        }),
      ),
    );
  }

  async removeBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    try {
      await this.relation('dependencies', n, () =>
        this.call(`removing the link "#${n} blocked by #${blocker.number}"`, () =>
          this.octokit.request(
            'DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}',
            { ...this.r, issue_number: n, issue_id: blocker.id },
          ),
        ),
      );
    } catch (e) {
      // A link already gone (a retried request whose first answer was lost) is what was asked for.
      if (!(e instanceof PtError && e.code === 'forge/not-found')) throw e;
      if ((await this.listBlockedBy(n)).includes(blocker.number)) throw e;
    }
  }

  /**
   * Makes sure the repository exists: creates it (with a first commit, so git data calls work) in the
   * organisation, or for the token's user when the owner is that user. `internal` needs GitHub
   * Enterprise (Cloud or Server); where the server refuses it, the repository is made private.
   */
  async ensureRepository(opts: {
    visibility: 'public' | 'private' | 'internal';
    description?: string;
  }): Promise<{ created: boolean; visibility: string; defaultBranch: string }> {
    const existing = await this.getRepository();
    if (existing) return { created: false, ...existing };
    const user = await this.read('reading the authenticated user', shape.User, 'a user', () =>
      this.octokit.request('GET /user'),
    );
    const mine = user.login.toLowerCase() === this.owner.toLowerCase();
    const base = { name: this.name, auto_init: true, has_issues: true, description: opts.description ?? '' };
    const create = (visibility: 'public' | 'private' | 'internal') =>
      this.read(`creating ${this.repo}`, shape.Repository, 'a repository', () =>
        mine
          ? this.octokit.request('POST /user/repos', { ...base, private: visibility !== 'public' })
          : this.octokit.request('POST /orgs/{org}/repos', {
              ...base,
              org: this.owner,
              // api.github.com's types omit `internal`, which Enterprise Cloud and Server accept.
              visibility: visibility as 'private',
            }),
      );
    let res: Awaited<ReturnType<typeof create>>;
    try {
      res = await create(opts.visibility);
    } catch (e) {
      // GitHub.com outside Enterprise Cloud, and user accounts, have no internal visibility.
      if (
        opts.visibility !== 'internal' ||
        !(e instanceof PtError) ||
        !/visibility|internal/i.test(e.message)
      )
        throw e;
      res = await create('private');
    }
    const d = res;
    return {
      created: true,
      visibility: d.visibility ?? (d.private ? 'private' : 'public'),
      defaultBranch: d.default_branch ?? 'main',
    };
  }

  /** The repository's visibility and default branch, or null when it does not exist (or is hidden from the token). */
  async getRepository(): Promise<{ visibility: string; defaultBranch: string } | null> {
    try {
      const d = await this.read(`reading ${this.repo}`, shape.Repository, 'a repository', () =>
        this.octokit.request('GET /repos/{owner}/{repo}', this.r),
      );
      return {
        visibility: d.visibility ?? (d.private ? 'private' : 'public'),
        defaultBranch: d.default_branch ?? 'main',
      };
    } catch (e) {
      if (e instanceof PtError && e.code === 'forge/not-found') return null;
      throw e;
    }
  }

  /**
   * Every file on `branch` as path → git blob SHA, in three reads (ref, commit, recursive tree), so a
   * caller can tell which of its files differ without downloading them. Null when the branch is absent.
   */
  async readTree(branch: string): Promise<Map<string, string> | null> {
    const head = await this.refSha(branch);
    if (!head) return null;
    const commit = await this.read(`reading commit ${head.slice(0, 7)}`, shape.Commit, 'a commit', () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
        ...this.r,
        commit_sha: head,
      }),
    );
    const treeSha = commit.tree.sha;
    const d = await this.read(`reading the files of ${branch}`, shape.Tree, 'a tree', () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
        ...this.r,
        tree_sha: treeSha,
        recursive: '1',
      }),
    );
    if (d.truncated) {
      throw new PtError('forge/tree-too-large', `${this.repo} has too many files to list in one read`, {
        hint: 'GitHub truncates recursive trees past 100,000 entries; bootstrap such a repository with --dir on a clone.',
        exit: 4,
      });
    }
    const files = new Map<string, string>();
    for (const e of d.tree) if (e.type === 'blob' && e.path && e.sha) files.set(e.path, e.sha);
    return files;
  }

  /** A blob's content as UTF-8 text. */
  async readBlob(sha: string): Promise<string> {
    const d = await this.read(`reading blob ${sha.slice(0, 7)}`, shape.Blob, 'a blob', () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...this.r, file_sha: sha }),
    );
    return Buffer.from(d.content, d.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  }

  private async refSha(branch: string): Promise<string | null> {
    try {
      const res = await this.read(`reading branch ${branch}`, shape.Ref, 'a git reference', () =>
        this.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
          ...this.r,
          ref: `heads/${branch}`,
        }),
      );
      return res.object.sha;
    } catch (e) {
      if (e instanceof PtError && e.code === 'forge/not-found') return null;
      throw e;
    }
  }

  /**
   * One commit with every file on `branch` (blob→tree→commit→ref), creating the branch from `base`
   * when it does not exist. Files not named keep their content. When the files are already so, no
   * commit is made (`changed: false`), so a re-run writes nothing.
   */
  async commitFiles(c: BranchCommit): Promise<BranchCommitResult> {
    const head = await this.refSha(c.branch);
    let parent = head;
    if (!parent) {
      const base = c.base ?? (await this.ensureRepository({ visibility: 'private' })).defaultBranch;
      parent = await this.refSha(base);
      if (!parent)
        throw new PtError('forge/not-found', `${this.repo} has no branch ${base} to start ${c.branch} from`, {
          hint: `Push ${base} to GitHub first, or give another base (--base).`,
          exit: 3,
        });
    }
    const from = parent;
    const commit = await this.read(`reading commit ${from.slice(0, 7)}`, shape.Commit, 'a commit', () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
        ...this.r,
        commit_sha: from,
      }),
    );
    const baseTree = commit.tree.sha;
    const tree: {
      path: string;
      mode: '100644' | '100755';
      type: 'blob';
      content?: string;
      sha?: string | null;
    }[] = [];
    for (const f of c.files) {
      const mode = f.executable ? '100755' : '100644';
      if (f.content === null) {
        // A null sha removes the path from the base tree.
        tree.push({ path: f.path, mode, type: 'blob', sha: null });
        continue;
      }
      if (typeof f.content === 'string') {
        tree.push({ path: f.path, mode, type: 'blob', content: f.content });
        continue;
      }
      const bytes = f.content;
      const blob = await this.read(`uploading ${f.path}`, shape.Sha, 'a blob', () =>
        this.octokit.request('POST /repos/{owner}/{repo}/git/blobs', {
          ...this.r,
          content: Buffer.from(bytes).toString('base64'),
          encoding: 'base64',
        }),
      );
      tree.push({ path: f.path, mode, type: 'blob', sha: blob.sha });
    }
    const treeSha = tree.length
      ? (
          await this.read('writing a tree', shape.Sha, 'a tree', () =>
            this.octokit.request('POST /repos/{owner}/{repo}/git/trees', {
              ...this.r,
              base_tree: baseTree,
              tree,
            }),
          )
        ).sha
      : baseTree;
    // Nothing to change: no empty commit, and no branch that would only repeat its base.
    if (treeSha === baseTree && !c.allowEmpty) return { sha: from, changed: false, createdBranch: false };
    const next = await this.read('writing a commit', shape.Sha, 'a commit', () =>
      this.octokit.request('POST /repos/{owner}/{repo}/git/commits', {
        ...this.r,
        message: c.message,
        tree: treeSha,
        parents: [from],
      }),
    );
    const sha = next.sha;
    if (head) {
      await this.call(`moving ${c.branch}`, () =>
        this.octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
          ...this.r,
          ref: `heads/${c.branch}`,
          sha,
          force: false,
        }),
      );
    } else {
      await this.call(`creating branch ${c.branch}`, () =>
        this.octokit.request('POST /repos/{owner}/{repo}/git/refs', {
          ...this.r,
          ref: `refs/heads/${c.branch}`,
          sha,
        }),
      );
    }
    return { sha, changed: true, createdBranch: !head };
  }

  /** Creates `branch` from `base` with one empty commit (implement's "Resolves #N"); null if it exists. */
  async startBranch(branch: string, base: string, message: string): Promise<string | null> {
    if (await this.refSha(branch)) return null;
    return (await this.commitFiles({ branch, base, message, files: [], allowEmpty: true })).sha;
  }

  /** GitHub has no read of every link at once: they are read issue by issue. */
  async listLinks(): Promise<ForgeLinks | null> {
    return null;
  }

  /** GitHub has no transactions: the calls run one by one. */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async markReady(n: number): Promise<ForgePullRequest> {
    throw notOnThisForge(this.repo, 'marks pull requests ready on GitHub', `gh pr ready ${n}`);
  }

  async recordMerge(n: number): Promise<ForgePullRequest> {
    throw notOnThisForge(
      this.repo,
      'merges pull requests on GitHub',
      `gh pr merge ${n} (GitHub closes the issues it resolves)`,
    );
  }

  /**
   * Merges through GitHub's merge API (a merge commit; branch protection and required reviews are
   * GitHub's to enforce). Not retried on its own: a re-run asks again and finds it merged. GitHub's
   * 405 (not mergeable) and 409 (head moved) read the pull request once to tell "merged already"
   * (a lost answer, or a merge on the page) from a real refusal.
   */
  async mergePullRequest(n: number, req: MergeRequest): Promise<ForgeMerge> {
    try {
      const r = await this.read(`merging pull request #${n}`, shape.MergeResult, 'a merge result', () =>
        this.octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
          ...this.r,
          pull_number: n,
          merge_method: 'merge',
          ...(req.sha ? { sha: req.sha } : {}),
          ...(req.title ? { commit_title: req.title } : {}),
          request: { retries: 0 },
        }),
      );
      return { number: n, commit: r.sha, already: false };
    } catch (e) {
      const status = e instanceof PtError ? (e.details as { status?: number } | undefined)?.status : 0;
      if (status !== 405 && status !== 409) throw e;
      const pr = await this.read(`reading pull request #${n}`, shape.Pull, 'a pull request', () =>
        this.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...this.r, pull_number: n }),
      );
      if (pr.merged_at) return { number: n, commit: pr.merge_commit_sha ?? null, already: true };
      throw mergeRefused(this.repo, n, status, (e as PtError).message, req.sha, pr.head.sha);
    }
  }

  /**
   * Check runs (GitHub Actions and other apps) and commit statuses (older integrations) of `ref`.
   * GitHub's own filter keeps the latest check run of each name, and its combined status the latest
   * status of each context.
   */
  async listChecks(ref: string): Promise<ForgeCheck[]> {
    const runs = await this.readAll(`listing the check runs of ${ref}`, shape.CheckRun, 'check runs', () =>
      this.octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
        ...this.r,
        ref,
        filter: 'latest',
        per_page: 100,
      }),
    );
    const statuses: GhStatus[] = [];
    for (let page = 1; ; page++) {
      const d = await this.read(
        `reading the commit statuses of ${ref}`,
        shape.CombinedStatus,
        'a combined status',
        () =>
          this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', {
            ...this.r,
            ref,
            per_page: STATUS_PAGE,
            page,
          }),
      );
      statuses.push(...d.statuses);
      if (d.statuses.length < STATUS_PAGE || statuses.length >= d.total_count) break;
    }
    const checks = [...runs.map(fromCheckRun), ...statuses.map(fromStatus)];
    return checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  }

  /**
   * Open Dependabot alerts, every page (GitHub pages them with cursors, which octokit follows). A 403
   * here is alerts turned off or a token that may not read them, never a missing write permission.
   */
  async listSecurityAlerts(): Promise<ForgeSecurityAlert[]> {
    let alerts: v.InferOutput<typeof shape.DependabotAlert>[];
    try {
      alerts = await this.readAll(
        'listing open Dependabot alerts',
        shape.DependabotAlert,
        'Dependabot alerts',
        () =>
          this.octokit.paginate('GET /repos/{owner}/{repo}/dependabot/alerts', {
            ...this.r,
            state: 'open',
            per_page: 100,
          }),
      );
    } catch (e) {
      if (!(e instanceof PtError && e.code === 'forge/forbidden')) throw e;
      throw new PtError(
        'forge/dependabot-unavailable',
        `GitHub does not give the Dependabot alerts of ${this.repo}: ${e.message}`,
        {
          hint: 'Turn on Dependabot alerts (the repository\'s Settings, Code security), and give the token read access to them (fine-grained: "Dependabot alerts: read"; classic: security_events or repo). Or use the npm audit source: security: { audit: audit.json }.',
          exit: EXIT.external,
          details: e.details,
        },
      );
    }
    return alerts.map((a) => ({
      number: a.number,
      name: a.dependency.package?.name ?? '',
      ecosystem: a.dependency.package?.ecosystem ?? '',
      manifest: a.dependency.manifest_path ?? '',
      relationship: a.dependency.relationship ?? null,
      severity: a.security_vulnerability.severity,
      patched: a.security_vulnerability.first_patched_version?.identifier ?? null,
      url: a.html_url,
    }));
  }

  private toPull(p: GhPull): ForgePullRequest {
    return {
      number: p.number,
      title: p.title,
      body: p.body ?? '',
      head: p.head.ref,
      base: p.base.ref,
      draft: !!p.draft,
      state: p.state === 'closed' ? 'closed' : 'open',
      merged: !!p.merged_at,
      ...(p.head.sha ? { headSha: p.head.sha } : {}),
      ...(p.html_url ? { url: p.html_url } : {}),
    };
  }

  async listPullRequests(): Promise<ForgePullRequest[]> {
    const items = await this.readAll('listing pull requests', shape.Pull, 'pull requests', () =>
      this.octokit.paginate('GET /repos/{owner}/{repo}/pulls', { ...this.r, state: 'all', per_page: 100 }),
    );
    return items.map((p) => this.toPull(p)).sort((a, b) => a.number - b.number);
  }

  async createPullRequest(pr: NewPullRequest): Promise<ForgePullRequest> {
    const res = await this.read(`opening a pull request from ${pr.head}`, shape.Pull, 'a pull request', () =>
      this.octokit.request('POST /repos/{owner}/{repo}/pulls', { ...this.r, ...pr, request: { retries: 0 } }),
    );
    return this.toPull(res);
  }
}

/** GitHub Actions' waiting, requested and pending runs have not started: queued, as far as a gate goes. */
function fromCheckRun(c: GhCheckRun): ForgeCheck {
  const status =
    c.status === 'completed' ? 'completed' : c.status === 'in_progress' ? 'in_progress' : 'queued';
  const url = c.html_url ?? c.details_url;
  return {
    name: c.name,
    status,
    conclusion: status === 'completed' ? (c.conclusion ?? null) : null,
    ...(url ? { url } : {}),
    ...(c.started_at ? { startedAt: c.started_at } : {}),
    ...(c.completed_at && status === 'completed' ? { completedAt: c.completed_at } : {}),
    source: 'check-run',
  };
}

/** A pending commit status is a check under way; success, failure and error are its conclusions. */
function fromStatus(s: GhStatus): ForgeCheck {
  const done = s.state !== 'pending';
  return {
    name: s.context,
    status: done ? 'completed' : 'in_progress',
    conclusion: done ? s.state : null,
    ...(s.target_url ? { url: s.target_url } : {}),
    ...(s.created_at ? { startedAt: s.created_at } : {}),
    ...(done && s.updated_at ? { completedAt: s.updated_at } : {}),
    source: 'status',
  };
}
