// What a GitHub webhook delivery says about checks: the check's name, state, page and the pull
// requests and head commit it ran on. A check run names itself; a workflow run reports under its
// workflow's name; a check suite under its app's name ("GitHub Actions") and has no page of its own.

export interface DeliveredCheck {
  check: string;
  status: string | null;
  conclusion: string | null;
  /** The check's page; undefined when the delivery has none (the gate keeps its url). */
  url?: string | null;
  prs: number[];
  head: string | null;
  /** The repository it ran in (`owner/name`): pull request numbers mean something only there. */
  repo: string | null;
}

const ACTIONS: Record<string, readonly string[]> = {
  check_run: ['created', 'completed', 'rerequested'],
  check_suite: ['completed'],
  workflow_run: ['completed'],
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function prsOf(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  return v.map((p) => obj(p)?.number).filter((n): n is number => Number.isSafeInteger(n));
}

/** The check a delivery reports, or null when it reports none that moves a gate. */
export function checkOfDelivery(
  event: string,
  action: string | null,
  payload: unknown,
): DeliveredCheck | null {
  if (!action || !ACTIONS[event]?.includes(action)) return null;
  const body = obj(payload);
  const what = obj(body?.[event]);
  if (!what) return null;
  const check = event === 'check_suite' ? str(obj(what.app)?.name) : str(what.name);
  if (!check) return null;
  const url = event === 'check_suite' ? undefined : str(what.html_url);
  return {
    check,
    status: str(what.status),
    conclusion: str(what.conclusion),
    ...(url === undefined ? {} : { url }),
    prs: prsOf(what.pull_requests),
    head: str(what.head_sha),
    repo: str(obj(body?.repository)?.full_name),
  };
}
