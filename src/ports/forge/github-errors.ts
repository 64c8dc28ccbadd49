// GitHub's failures as PtErrors: a stable code, GitHub's own message, a hint, exit 4 for what went
// wrong outside (3 for "not found" and "already exists"). The token never appears in what this returns.
import { DEADLINES, EXIT, formatWait, PtError, redactDeep, secretValues } from '../../base/index.js';
import { isGitHubTimeout } from './github-fetch.js';
import { badResponse, NotJson } from './github-shapes.js';

interface FieldError {
  resource?: string;
  field?: string;
  code?: string;
  message?: string;
}

interface HttpLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

const TOKEN_HINT =
  'Set GITHUB_TOKEN to a token that can read and write issues of the repository, or log in with `gh auth login` (papertrail reads `gh auth token`).';

/** One line per GitHub field error: `Label.color invalid`, or the error's own message. */
export function summariseFieldErrors(errors: unknown): string {
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e: FieldError | string) => {
      if (typeof e === 'string') return e;
      const where = [e.resource, e.field].filter(Boolean).join('.');
      const what = e.message ?? e.code ?? '';
      return [where, what].filter(Boolean).join(' ');
    })
    .filter(Boolean)
    .join('; ');
}

/** The token (whatever its length), every other known secret and anything secret-shaped, in any string of `value`. */
function redact<T>(value: T, token: string): T {
  const secrets = [...(token ? [token] : []), ...secretValues()];
  return redactDeep(value, secrets, { patterns: true });
}

/** GitHub's message on one line, cut short: a proxy's HTML error page is not a message. */
function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

function isRateLimit(status: number, message: string, headers: Record<string, string | undefined>): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message);
}

/** Maps an octokit RequestError (or any failure of a request) to a PtError. */
export function toPtError(err: unknown, ctx: { repo: string; token: string; what: string }): PtError {
  if (err instanceof PtError) return err;
  if (isGitHubTimeout(err)) return timeout(err.ms, err.attempts, err.method, ctx);
  if (err instanceof NotJson) return badResponse(`${ctx.what} on ${ctx.repo}`, 'JSON', err.data, err.status);
  const e = (err ?? {}) as HttpLikeError;
  const status = typeof e.status === 'number' ? e.status : 0;
  const data = (e.response?.data ?? {}) as {
    message?: unknown;
    errors?: unknown;
    documentation_url?: unknown;
  };
  const headers = e.response?.headers ?? {};
  // Redacted before it is cut to one line: a secret cut in two would no longer match.
  const ghMessage = oneLine(
    redact(
      typeof data.message === 'string' && data.message ? data.message : (e.message ?? String(err)),
      ctx.token,
    ),
  );
  const where = `${ctx.what} on ${ctx.repo}`;
  // Every field a server can fill is redacted, not only the message: a proxy may echo the token anywhere.
  const details = redact(
    {
      status,
      ...(headers['x-github-request-id'] ? { requestId: headers['x-github-request-id'] } : {}),
      ...(typeof data.documentation_url === 'string' ? { documentation: data.documentation_url } : {}),
    },
    ctx.token,
  );

  if (!e.response) {
    // No answer at all: DNS, refused connection, dropped socket, TLS. Octokit reports these as status 500.
    return new PtError('forge/unreachable', `GitHub is unreachable (${where}): ${ghMessage}`, {
      hint: 'Check the network and the base URL (GitHub Enterprise: https://HOST/api/v3); a re-run finishes the job.',
      exit: EXIT.external,
      details,
    });
  }
  if (status === 401) {
    return new PtError('forge/unauthorized', `GitHub refused the token (${where}): ${ghMessage}`, {
      hint: TOKEN_HINT,
      exit: EXIT.external,
      details,
    });
  }
  if (isRateLimit(status, ghMessage, headers)) {
    const reset = Number(headers['x-ratelimit-reset']);
    const after = headers['retry-after'];
    const when =
      headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset) && reset > 0
        ? `the limit resets at ${new Date(reset * 1000).toISOString()}`
        : after
          ? `GitHub asks to wait ${after} s`
          : 'wait a few minutes';
    return new PtError('forge/rate-limited', `GitHub rate limit (${where}): ${ghMessage}`, {
      hint: `Papertrail retried and gave up; ${when}, then re-run: the run resumes without duplicates.`,
      exit: EXIT.external,
      details,
    });
  }
  if (status === 403) {
    return new PtError('forge/forbidden', `GitHub forbids this (${where}): ${ghMessage}`, {
      hint: `The token lacks a permission for ${ctx.repo} (issues: write, pull requests: write, contents: write).`,
      exit: EXIT.external,
      details,
    });
  }
  if (status === 404) {
    return new PtError('forge/not-found', `GitHub: ${ghMessage} (${where})`, {
      hint: `Check that it exists in ${ctx.repo} and that the token can see the repository (GitHub answers 404 to tokens without access).`,
      exit: EXIT.notFound,
      details,
    });
  }
  if (status === 422) {
    const summary = redact(summariseFieldErrors(data.errors), ctx.token);
    const all = Array.isArray(data.errors) ? (data.errors as FieldError[]) : [];
    const exists = all.length > 0 && all.every((f) => f.code === 'already_exists');
    const message = `GitHub rejected ${where}: ${ghMessage}${summary ? ` (${summary})` : ''}`;
    if (exists)
      return new PtError('forge/conflict', message, {
        hint: 'It exists already on GitHub; a re-run of the same command picks it up.',
        exit: EXIT.conflict,
        details,
      });
    // GitHub's caps: 100 sub-issues per parent, 50 links per dependency type (the local forge's forge/limit).
    if (/more than \d+ (sub-issues|issues)/i.test(message))
      return new PtError('forge/limit', message, {
        hint: 'GitHub allows 100 sub-issues per parent; plan hangs larger specs under group issues.',
        exit: EXIT.conflict,
        details,
      });
    return new PtError('forge/invalid', message, {
      hint: "GitHub's message says which field it refused; details lists them all (--json).",
      exit: EXIT.external,
      details,
    });
  }
  if (status === 410) {
    return new PtError('forge/gone', `GitHub: ${ghMessage} (${where})`, {
      hint: `Enable issues on ${ctx.repo}.`,
      exit: EXIT.external,
      details,
    });
  }
  return new PtError('forge/failed', `GitHub answered ${status} (${where}): ${ghMessage}`, {
    hint: 'Papertrail retried; re-run later: the run resumes without duplicates.',
    exit: EXIT.external,
    details,
  });
}

/** No answer within the deadline: what waited, how long, and the setting that changes it. */
function timeout(ms: number, attempts: number, method: string, ctx: { repo: string; what: string }): PtError {
  const d = DEADLINES.github;
  const tries = attempts > 1 ? `, ${attempts} attempts` : '';
  const write = method !== 'GET' && method !== 'HEAD';
  return new PtError(
    'forge/timeout',
    `GitHub did not answer within ${formatWait(ms)} (${ctx.what} on ${ctx.repo}${tries})`,
    {
      hint:
        `Check the network and GITHUB_API_URL; if GitHub is only slow, raise ${d.env} (seconds, ${d.defaultSeconds} by default). ` +
        (write
          ? 'The write may have been done: a re-run finds it and does not repeat it.'
          : 'A re-run resumes without duplicates.'),
      exit: EXIT.external,
      details: { timeoutMs: ms, attempts, setting: d.env },
    },
  );
}

/**
 * GitHub refused a merge: 405 (a draft, conflicts, a required check or review missing: its branch
 * protection) or 409 (the head moved since `expected` was read). Exit 3: nothing was merged, and the
 * fix is on the pull request, not in the network.
 */
export function mergeRefused(
  repo: string,
  n: number,
  status: number,
  github: string,
  expected: string | undefined,
  head: string | null | undefined,
): PtError {
  if (status === 409)
    return new PtError(
      'forge/head-changed',
      `Pull request #${n} of ${repo} was not merged: its head moved${expected ? ` from ${expected.slice(0, 12)}` : ''}${head ? ` to ${head.slice(0, 12)}` : ''}`,
      {
        hint: 'New commits arrived after its checks were read: let the checks run on them, then run the step again.',
        exit: EXIT.conflict,
        details: { status, pr: n, ...(expected ? { expected } : {}), ...(head ? { head } : {}) },
      },
    );
  return new PtError(
    'forge/not-mergeable',
    `GitHub will not merge pull request #${n} of ${repo}: ${github}`,
    {
      hint: `A draft, a conflict with its base, or a branch protection rule unmet (gh pr view ${n} says which); fix it, then run the step again.`,
      exit: EXIT.conflict,
      details: { status, pr: n },
    },
  );
}
