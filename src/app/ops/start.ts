import { EXIT, PtError, redactDeep, secretValues } from '../../base/index.js';
import {
  APPROVAL_GATE,
  ENVS,
  type Env,
  type InputValue,
  type IntentMatch,
  interpolate,
  type LoadedTemplate,
  needsApproval,
  parseInputPairs,
  type RunTemplate,
  resolveInputs,
  templateForIntent,
} from '../../domain/ops/index.js';
import { createRun, type NewRunEvent } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { notConfigured, runModel } from './ask-step.js';
import type { OpsDeps } from './deps.js';
import { type ExecuteOptions, executeRun } from './execute.js';
import { type ModelPick, pickWithModel } from './intent-model.js';
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
  pickedBy:
    | { by: 'name' }
    /** `modelSaid`: why the model's choice was not used, when one was asked. */
    | { by: 'intent'; intent: string; words: string[]; modelSaid?: string }
    | { by: 'model'; intent: string; model: string };
  env: Env;
  input: Record<string, InputValue>;
  risk: { level: string; codes: string[] };
  approval: { required: boolean; quorum: number; approvers: string[]; timeoutMinutes: number };
  /** The environments the run deploys to, each with its approval rule. */
  deploys?: { environment: string; ref: string; approval: 'risk' | 'always' | 'never' }[];
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

/** The templates, and the one a typed intent picks by its keywords (none when a template is named). */
function byKeywords(
  app: App,
  req: StartRequest,
  deps: OpsDeps,
): { all: LoadedTemplate[]; picked: IntentMatch | null } {
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
  return { all, picked };
}

function plan(
  app: App,
  req: StartRequest,
  { all, picked }: ReturnType<typeof byKeywords>,
  byModel: ModelPick | null = null,
): Planned {
  const loaded = findTemplate(all, req.template ?? byModel?.slug ?? picked!.slug);
  const t = loaded.template;
  for (const p of t.phases)
    for (const s of p.steps)
      if (s.kind === 'ask' && s.ask.fallback === undefined && !runModel())
        throw notConfigured(s.id, loaded.source);
  const given = Array.isArray(req.input)
    ? parseInputPairs(t, req.input as readonly string[])
    : ((req.input ?? {}) as Record<string, string>);
  const input = resolveInputs(t, given);
  const deploys = deployTargets(app, t, input);
  // A deploy to prod or staging is a run in that env unless told otherwise (the risk rule reads it).
  const env = envOf(req.env ?? deploys.map((d) => d.environment).find((e) => ENVS.includes(e as Env)));
  const policy = approvalPolicy(app);
  const required = deploys.length
    ? deploys.some(
        (d) =>
          d.approval === 'always' ||
          (d.approval === 'risk' &&
            needsApproval(t, ENVS.includes(d.environment as Env) ? (d.environment as Env) : env)),
      )
    : needsApproval(t, env);
  return {
    loaded,
    view: {
      template: { slug: t.slug, title: t.title, kind: t.kind, source: loaded.source },
      pickedBy: pickedBy(req, picked, byModel),
      env,
      input,
      risk: { level: t.risk.level, codes: [...t.risk.codes] },
      approval: {
        required,
        quorum: policy.quorum,
        approvers: [...policy.approvers],
        timeoutMinutes: Math.round(policy.timeoutMs / 60_000),
      },
      checks: t.checks,
      ...(deploys.length ? { deploys } : {}),
      phases: t.phases.map((p) => ({
        name: p.name,
        steps: p.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind })),
      })),
    },
  };
}

/**
 * The environments a template's deploy steps go to, with the run's inputs: each must be configured
 * under environments: in papertrail.yaml, or the run is refused before it is made.
 */
function deployTargets(app: App, t: RunTemplate, input: Record<string, InputValue>) {
  const vars = Object.fromEntries(Object.entries(input).map(([k, v]) => [`inputs.${k}`, String(v)]));
  const envs = app.ws.config.environments ?? {};
  const out: NonNullable<RunPlanView['deploys']> = [];
  for (const p of t.phases)
    for (const s of p.steps) {
      if (s.kind !== 'deploy') continue;
      const environment = interpolate(s.deploy.environment, vars);
      const settings = envs[environment];
      if (!settings)
        throw new PtError(
          'deploy/unknown-environment',
          `"${environment}" is not an environment to deploy to`,
          {
            hint: Object.keys(envs).length
              ? `Configured under environments: in papertrail.yaml: ${Object.keys(envs).join(', ')}.`
              : 'Configure it under environments: in papertrail.yaml (runners, deploy, rollback, health).',
            location: { file: 'papertrail.yaml' },
            exit: EXIT.conflict,
          },
        );
      out.push({ environment, ref: interpolate(s.deploy.ref, vars), approval: settings.approval });
    }
  return out;
}

function pickedBy(
  req: StartRequest,
  picked: IntentMatch | null,
  byModel: ModelPick | null,
): RunPlanView['pickedBy'] {
  if (!picked) return { by: 'name' };
  const intent = req.intent!;
  if (byModel && byModel.slug !== null) return { by: 'model', intent, model: byModel.model };
  return {
    by: 'intent',
    intent,
    words: picked.words,
    ...(byModel ? { modelSaid: `${byModel.model}: ${byModel.why}` } : {}),
  };
}

/**
 * `ops start --dry-run`, and what a page shows before Run: the template picked, its inputs, risk and
 * approval. Keywords only: planRunWithModel also asks a configured model.
 */
export function planRun(app: App, req: StartRequest, deps: OpsDeps): RunPlanView {
  return plan(app, req, byKeywords(app, req, deps)).view;
}

/** An intent no keyword matched goes to the configured model, if any; otherwise as byKeywords. */
async function planWithModel(app: App, req: StartRequest, deps: OpsDeps): Promise<Planned> {
  const kw = byKeywords(app, req, deps);
  const model = kw.picked && !kw.picked.words.length ? runModel() : null;
  const byModel = model
    ? await pickWithModel(
        req.intent!,
        kw.all.map((l) => l.template),
        model,
      )
    : null;
  return plan(app, req, kw, byModel);
}

/** planRun, where an intent that no keyword matches is put to the language model when one is configured. */
export async function planRunWithModel(app: App, req: StartRequest, deps: OpsDeps): Promise<RunPlanView> {
  return (await planWithModel(app, req, deps)).view;
}

/** What makes a run wait: its deploys' approval rules, else its risk in its env. */
function waitsWhy(view: RunPlanView): string {
  if (!view.deploys?.length) return `High-risk operation in ${view.env}`;
  return `Deploy to ${view.deploys.map((d) => `${d.environment} (approval: ${d.approval})`).join(', ')}`;
}

export interface StartResult {
  plan: RunPlanView;
  run: RunView;
  /** Whether the run ran here; a run waiting for approval does not. */
  executed: boolean;
}

/**
 * The store never holds a secret, so an input holding one is kept (and given to the steps) as
 * [REDACTED]: the log says which, so a step that gets [REDACTED] is not a mystery.
 */
function secretInputs(input: Record<string, unknown>): NewRunEvent[] {
  const secrets = secretValues();
  const names = Object.keys(input).filter(
    (k) => JSON.stringify(redactDeep(input[k], secrets, { patterns: true })) !== JSON.stringify(input[k]),
  );
  if (!names.length) return [];
  return [
    {
      level: 'warn',
      source: 'ops',
      message: `Input ${names.join(', ')} held a secret: it is stored and given to the steps as [REDACTED]; give a step a secret through the server's environment instead`,
    },
  ];
}

/**
 * Creates a run and, unless it must wait for approval (high risk in prod), runs it in this process.
 * A waiting run has a pending "Manual Approval" gate and a deadline after which it is denied.
 */
export async function startRun(
  app: App,
  req: StartRequest,
  deps: OpsDeps,
  opts: ExecuteOptions & {
    execute?: boolean;
    /** The plan, before the run is created (a face shows it before the log). */
    onPlan?: (p: RunPlanView) => void;
  } = {},
): Promise<StartResult> {
  const { view, loaded } = await planWithModel(app, req, deps);
  opts.onPlan?.(view);
  const actor = req.actor ?? opts.actor ?? actorOf(app.ws.root);
  const t = loaded.template;
  const waits = view.approval.required;
  const stored: StoredPlan = { phases: t.phases, checks: t.checks };
  const by = view.pickedBy;
  const why =
    by.by === 'intent'
      ? `picked for "${by.intent}" by ${by.words.join(', ') || 'default'}`
      : by.by === 'model'
        ? `picked for "${by.intent}" by the model ${by.model}`
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
        ...secretInputs(view.input),
        ...(waits
          ? [
              {
                level: 'warn' as const,
                source: 'ops',
                message: `${waitsWhy(view)} requires manual approval: ${view.approval.quorum} approval(s) by ${view.approval.approvers.length ? view.approval.approvers.join(', ') : 'anyone'} other than ${actor}`,
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
