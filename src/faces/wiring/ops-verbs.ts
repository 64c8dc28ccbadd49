import type { OpsVerb } from '../../app/ops/index.js';
import { badArg, count, flag, requestOf, required } from './verb-args.js';

// The Papertrail verbs a run template may call, with the `with:` keys each takes (the names of its
// command line's flags, or of its request file's fields). Each loads its use case when called.

const workflow = () => import('../../app/workflow/index.js');

const PROPOSAL_TEXT = ['title', 'slug', 'problem', 'background', 'recommendation'] as const;
const PROPOSAL_LISTS = ['goals', 'non_goals', 'authors', 'reviewers'] as const;

export const OPS_VERBS: Readonly<Record<string, OpsVerb>> = {
  validate: {
    args: ['strict'],
    async call(app, args) {
      const { validate } = await workflow();
      const r = await validate(app, { strict: flag(args, 'strict') });
      const s = r.summary;
      return {
        ok: r.ok,
        summary: `validate: ${s.documents} documents, ${s.errors} errors, ${s.warnings} warnings`,
        data: s,
      };
    },
  },
  propose: {
    args: ['from', ...PROPOSAL_TEXT, ...PROPOSAL_LISTS, 'allow-duplicate'],
    async call(app, args) {
      const { propose, ProposalSchema } = await workflow();
      const req = await requestOf(
        app,
        args,
        { text: PROPOSAL_TEXT, lists: PROPOSAL_LISTS },
        ProposalSchema,
        'proposal request',
      );
      const w = propose(app, req, { allowDuplicateTitle: flag(args, 'allow-duplicate') });
      return { ok: true, summary: `propose: wrote ${w.id} (${w.file})`, data: { id: w.id, file: w.file } };
    },
  },
  spec: {
    args: ['from', 'proposal', 'force', 'approve-proposal', 'allow-duplicate'],
    async call(app, args) {
      const { createSpec, SpecSchema } = await workflow();
      required(args, 'spec', ['from']);
      const req = await requestOf(app, args, { text: [], lists: [] }, SpecSchema, 'spec request');
      const proposal = args.proposal || req.proposal;
      if (!proposal)
        throw badArg(
          'Which proposal does the spec implement?',
          'Give with: { proposal: PROP-NNNN }, or proposal: in the request file.',
        );
      const w = createSpec(app, proposal, req, {
        force: flag(args, 'force'),
        approveProposal: flag(args, 'approve-proposal'),
        allowDuplicateTitle: flag(args, 'allow-duplicate'),
      });
      return {
        ok: true,
        summary: `spec: wrote ${w.id} (${w.file}) for ${w.proposal}${w.warnings.length ? `; ${w.warnings.join('; ')}` : ''}`,
        data: { id: w.id, file: w.file, proposal: w.proposal, warnings: w.warnings },
      };
    },
  },
  status: {
    args: ['id', 'to', 'by'],
    async call(app, args) {
      const { changeStatus } = await workflow();
      required(args, 'status', ['id', 'to']);
      const r = changeStatus(app, args.id!, args.to!, args.by ? { by: args.by } : {});
      return {
        ok: true,
        summary: `status: ${r.id} ${r.from} → ${r.to}`,
        data: { id: r.id, file: r.file, from: r.from, to: r.to },
      };
    },
  },
  plan: {
    args: ['refresh', 'extensions-only'],
    async call(app, args) {
      const { planRepo } = await workflow();
      const { spec, report, notices } = await planRepo(app, {
        refresh: flag(args, 'refresh'),
        extensionsOnly: flag(args, 'extensions-only'),
      });
      const created = report.rows.filter((r) => r.action === 'create').length;
      return {
        ok: true,
        summary: `plan: ${spec.id}, ${report.writes} change(s), ${created} issue(s) created`,
        data: { spec, rows: report.rows, writes: report.writes, notices },
      };
    },
  },
  next: {
    args: [],
    async call(app) {
      const { nextIssue } = await workflow();
      const r = await nextIssue(app);
      return {
        ok: true,
        summary: r.next
          ? `next: #${r.next.number} ${r.next.title}`
          : `next: none (${r.hint ?? 'nothing open'})`,
        data: r,
      };
    },
  },
  implement: {
    args: ['issue', 'base'],
    async call(app, args) {
      const { implementIssue } = await workflow();
      const issue = count(args, 'issue');
      const r = await implementIssue(app, {
        ...(issue === undefined ? {} : { issue }),
        ...(args.base ? { base: args.base } : {}),
      });
      const pr = 'number' in r.pullRequest ? ` → pull request #${r.pullRequest.number}` : '';
      return {
        ok: true,
        summary: `implement: #${r.issue} on ${r.branch}${pr}${r.created ? '' : ' (already started)'}`,
        data: { issue: r.issue, key: r.key, branch: r.branch, commit: r.commit, pullRequest: r.pullRequest },
      };
    },
  },
  sync: {
    args: ['spec', 'repo', 'dir'],
    async call(app, args) {
      const { keepPlanTrue, syncImplementation } = await workflow();
      if (!args.spec) {
        const r = await keepPlanTrue(app);
        return {
          ok: true,
          summary: `sync: ${r.spec}, ${r.closedTracking.length} tracking issue(s) closed, ${r.reopenedTracking.length} reopened`,
          data: r,
        };
      }
      const r = await syncImplementation(app, {
        specId: args.spec,
        ...(args.repo ? { repo: args.repo } : {}),
        ...(args.dir ? { dir: args.dir } : {}),
      });
      return {
        ok: true,
        summary: `sync: ${r.spec}'s implementation ${r.repo} is ${r.to}${r.changed ? ` (was ${r.from})` : ''}`,
        data: r,
      };
    },
  },
  'work-schedule': {
    args: [],
    async call(app) {
      // The record the executors see: the git ledger when papertrail.yaml sets one.
      const { workBackend } = await import('../../app/execution/index.js');
      const r = await workBackend(app).schedule({});
      return {
        ok: true,
        summary: `work schedule: ${r.launch.length} step(s) launched, ${r.queued} attempt(s) queued`,
        data: { workflow: r.workflow, sync: r.sync, launch: r.launch, queued: r.queued },
      };
    },
  },
  check: {
    args: ['constitution'],
    async call(app, args) {
      const { constitutionCheck } = await import('../../app/governance/index.js');
      const r = constitutionCheck(app, args.constitution ? { file: args.constitution } : {});
      return {
        ok: r.ok,
        summary: `check: ${r.documents} document(s), ${r.violations} violation(s) of ${r.constitution.file}`,
        data: {
          constitution: r.constitution,
          violations: r.violations,
          documents: r.documents,
          rows: r.rows,
        },
      };
    },
  },
};
