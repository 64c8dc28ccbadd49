import { EXIT, PtError } from '../../base/index.js';
import {
  APPROVAL_GATE,
  ENVS,
  type Env,
  type InputValue,
  type LoadedTemplate,
  needsApproval,
  parseInputPairs,
  resolveInputs,
  templateForIntent,
} from '../../domain/ops/index.js';
import { createRun } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import type { OpsDeps } from './deps.js';
import { type ExecuteOptions, executeRun } from './execute.js';
import { notifyRunChange } from './notify.js';
import { approvalPolicy } from './policy.js';
import { findTemplate, loadTemplates } from './templates.js';
import { type RunView, runView, type StoredPlan } from './view.js';

export interface StartRequest {
  /** A template's slug; or */
  template?: string;
  /** a sentence the template is picked by (and kept with the run). */
  intent?: string;
  /** `k=v` pairs as typed, or values by name. */
  input?: readonly string[] | Readonly<Record<string, string>>;
  env?: string;
  /** Who asks (default PAPERTRAIL_ACTOR, else git user.name). */
  actor?: string;
}

/** What a run would be, shown before it runs: nothing is written to make it. */
export interface RunPlanView {
  template: { slug: string; title: string; kind: string; source: string };
  pickedBy: { by: 'name' } | { by: 'intent'; intent: string; words: string[] };
  env: Env;
  input: Record<string, InputValue>;
  risk: { level: string; codes: string[] };
  approval: { required: boolean; quorum: number; approvers: string[]; timeoutMinutes: number };
  checks: string[];
  phases: { name: string; steps: { id: string; title: string; kind: string }[] }[];
}

interface Planned {
  view: RunPlanView;
  loaded: LoadedTemplate;
}

function envOf(raw: string | undefined): Env {
  const env = raw ?? 'dev';
  if (!(ENVS as readonly string[]).includes(env))
    throw new PtError('ops/bad-env', `"${env}" is not an environment`, {
      hint: `Use one of: ${ENVS.join(', ')}.`,
      exit: EXIT.conflict,
    });
  return env as Env;
}

function plan(app: App, req: StartRequest, deps: OpsDeps): Planned {
  if (!req.template && !req.intent?.trim())
    throw new PtError('ops/no-template', 'Name a template or say what the run is for', {
      hint: 'papertrail ops start spec --input "payment processing", or ops start --intent "fix errors in auth".',
      exit: EXIT.usage,
    });
  const all = loadTemplates(app, deps);
  const picked = req.template
    ? null
    : templateForIntent(
        req.intent!,
        all.map((l) => l.template),
      );
  const loaded = findTemplate(all, req.template ?? picked!.slug);
  const t = loaded.template;
  const given = Array.isArray(req.input)
    ? parseInputPairs(t, req.input as readonly string[])
    : ((req.input ?? {}) as Record<string, string>);
  const input = resolveInputs(t, given);
  const env = envOf(req.env);
  const policy = approvalPolicy(app);
  return {
    loaded,
    view: {
      template: { slug: t.slug, title: t.title, kind: t.kind, source: loaded.source },
      pickedBy: picked ? { by: 'intent', intent: req.intent!, words: picked.words } : { by: 'name' },
      env,
      input,
      risk: { level: t.risk.level, codes: [...t.risk.codes] },
      approval: {
        required: needsApproval(t, env),
        quorum: policy.quorum,
        approvers: [...policy.approvers],
        timeoutMinutes: Math.round(policy.timeoutMs / 60_000),
      },
      checks: t.checks,
      phases: t.phases.map((p) => ({
        name: p.name,
        steps: p.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind })),
      })),
    },
  };
}

/** `ops start --dry-run`, and what a page shows before Run: the template picked, its inputs, risk and approval. */
export function planRun(app: App, req: StartRequest, deps: OpsDeps): RunPlanView {
  return plan(app, req, deps).view;
}

export interface StartResult {
  plan: RunPlanView;
  run: RunView;
  /** Whether the run ran here; a run waiting for approval does not. */
  executed: boolean;
}

/**
 * Creates a run and, unless it must wait for approval (high risk in prod), runs it in this process.
 * A waiting run has a pending "Manual Approval" gate and a deadline after which it is denied.
 */
export async function startRun(
  app: App,
  req: StartRequest,
  deps: OpsDeps,
  opts: ExecuteOptions & { execute?: boolean } = {},
): Promise<StartResult> {
  const { view, loaded } = plan(app, req, deps);
  const actor = req.actor ?? opts.actor ?? actorOf(app.ws.root);
  const t = loaded.template;
  const waits = view.approval.required;
  const stored: StoredPlan = { phases: t.phases, checks: t.checks };
  const why =
    view.pickedBy.by === 'intent'
      ? `picked for "${view.pickedBy.intent}" by ${view.pickedBy.words.join(', ') || 'default'}`
      : 'named';
  const created = await withStore(app, async ({ x }) => {
    const run = await createRun(x, {
      env: view.env,
      kind: t.kind,
      template: {
        slug: t.slug,
        title: t.title,
        description: t.description,
        source: loaded.source,
        yaml: loaded.yaml,
      },
      intent: req.intent?.trim() || null,
      input: view.input,
      plan: stored,
      risk: t.risk.level,
      requestedBy: actor,
      approvalDeadline: waits ? new Date(Date.now() + view.approval.timeoutMinutes * 60_000) : null,
      quorum: view.approval.quorum,
      gates: waits
        ? [
            {
              name: APPROVAL_GATE,
              details: {
                risk: t.risk.level,
                codes: t.risk.codes,
                env: view.env,
                requiresApproval: true,
                quorum: view.approval.quorum,
              },
            },
          ]
        : [],
      events: [
        {
          level: 'info',
          source: 'ops',
          message: `Run of template ${t.slug} (${why}) in ${view.env}, asked by ${actor}`,
        },
        ...(waits
          ? [
              {
                level: 'warn' as const,
                source: 'ops',
                message: `High-risk operation in ${view.env} requires manual approval: ${view.approval.quorum} approval(s) by ${view.approval.approvers.length ? view.approval.approvers.join(', ') : 'anyone'} other than ${actor}`,
              },
            ]
          : []),
      ],
    });
    return runView(x.db, run);
  });
  notifyRunChange({ type: 'status', run: created.id, status: created.status });
  if (waits || opts.execute === false) return { plan: view, run: created, executed: false };
  const run = await executeRun(app, created.id, deps, { ...opts, actor });
  return { plan: view, run, executed: true };
}
