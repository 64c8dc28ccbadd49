import { type Doc, type DocSummary, kindOfId } from '../../docs/index.js';
import { keyPosition } from '../../markdown/index.js';
import { type CrossRuleContext, type DocRuleContext, finding } from './context.js';

const ACTIVE = ['approved', 'implemented'];

function refTo(doc: Pick<Doc, 'refs'>, via: string) {
  return doc.refs.find((r) => r.via === via);
}

/** What a document's own status says: whether its implementations, successor and references fit it. */
export function statusRules(doc: Doc, ctx: DocRuleContext): void {
  const st = doc.status ?? '';
  if (doc.kind === 'spec') {
    const impls = doc.implementations;
    if (st === 'implemented' && (impls.length === 0 || impls.some((i) => i.status !== 'complete'))) {
      const open = impls.filter((i) => i.status !== 'complete').map((i) => `${i.repo} (${i.status})`);
      ctx.report(
        finding(
          'status/implemented-incomplete',
          'error',
          doc,
          refPos(doc, 'status'),
          impls.length
            ? `${doc.id} is implemented but not every implementation is complete: ${open.join(', ')}`
            : `${doc.id} is implemented but lists no implementations`,
          'Mark each implementation "status: complete", or move the spec back to approved.',
        ),
      );
    } else if (st === 'approved' && impls.length > 0 && impls.every((i) => i.status === 'complete')) {
      ctx.report(
        finding(
          'status/ready-to-implemented',
          'info',
          doc,
          refPos(doc, 'status'),
          `Every implementation of ${doc.id} is complete`,
          `Run "papertrail status ${doc.id} implemented".`,
        ),
      );
    }
    if (ACTIVE.includes(st) && impls.length === 0) {
      ctx.report(
        finding(
          'orphan/spec-without-implementation',
          'info',
          doc,
          refPos(doc, 'implementations'),
          `${doc.id} is ${st} but names no implementing repository`,
          'Add "implementations: - repo: org/name" (papertrail bootstrap records it).',
        ),
      );
    }
  }
  if (st === 'superseded' && !doc.refs.some((r) => r.via === 'superseded_by')) {
    ctx.report(
      finding(
        'status/superseded-without-successor',
        'error',
        doc,
        refPos(doc, 'status'),
        `${doc.id} is superseded but does not say by what`,
        'Write "status: superseded" with "superseded_by: ID" (or "status: superseded by ID").',
      ),
    );
  }
  checkRefKinds(ctx, doc);
}

/** How a document's status sits with the documents it names and that name it. */
export function statusAcrossRules(ctx: CrossRuleContext): void {
  const implementedBy = new Map<string, DocSummary[]>();
  for (const d of ctx.docs) {
    const imp = refTo(d, 'implements');
    if (imp) implementedBy.set(imp.id, [...(implementedBy.get(imp.id) ?? []), d]);
  }
  for (const doc of ctx.docs) {
    const st = doc.status ?? '';
    if (doc.kind === 'spec' || doc.kind === 'extension') {
      const imp = refTo(doc, 'implements');
      const prop = imp ? ctx.get(imp.id) : undefined;
      if (prop && prop.kind === 'proposal' && ACTIVE.includes(st)) {
        if (prop.status === 'rejected') {
          ctx.report(
            finding(
              'status/implements-rejected',
              'error',
              doc,
              imp,
              `${doc.id} is ${st} but implements ${prop.id}, which was rejected`,
              `Deprecate ${doc.id} or point "implements" at an approved proposal.`,
            ),
          );
        } else if (prop.status === 'draft' || prop.status === 'review') {
          ctx.report(
            finding(
              'status/ahead-of-proposal',
              'warning',
              doc,
              imp,
              `${doc.id} is ${st} but the proposal it implements (${prop.id}) is still ${prop.status}`,
              `Approve ${prop.id} first (papertrail status ${prop.id} approved).`,
            ),
          );
        }
      }
    }
    if (doc.kind === 'spec') {
      for (const dep of doc.refs.filter((r) => r.via === 'depends_on' || r.via === 'spec-dependencies')) {
        const target = ctx.get(dep.id);
        if (target?.status === 'deprecated' && st !== 'deprecated') {
          ctx.report(
            finding(
              'status/depends-on-deprecated',
              'warning',
              doc,
              dep,
              `${doc.id} depends on ${target.id}, which is deprecated`,
              'Find the replacement spec and depend on it instead.',
            ),
          );
        }
        if (target && target.kind === 'spec' && target.implementations.length === 0) {
          ctx.report(
            finding(
              'orphan/dependency-unimplemented',
              'info',
              doc,
              dep,
              `${doc.id} depends on ${target.id}, which has no implementation yet`,
              `Nothing to clone for ${target.id} until it names a repository.`,
            ),
          );
        }
      }
    }
    if (doc.kind === 'extension') {
      const ext = refTo(doc, 'extends');
      const base = ext ? ctx.get(ext.id) : undefined;
      if (base && base.kind === 'spec') {
        if (base.status === 'deprecated' && st !== 'deprecated') {
          ctx.report(
            finding(
              'status/extends-deprecated',
              'warning',
              doc,
              ext,
              `${doc.id} extends ${base.id}, which is deprecated`,
              'Deprecate the extension too, or extend the spec that replaced it.',
            ),
          );
        } else if (ACTIVE.includes(st) && (base.status === 'draft' || base.status === 'review')) {
          ctx.report(
            finding(
              'status/ahead-of-base',
              'warning',
              doc,
              ext,
              `${doc.id} is ${st} but its base spec ${base.id} is still ${base.status}`,
              `Approve ${base.id} first.`,
            ),
          );
        }
      }
    }
    if (doc.kind === 'proposal' && st === 'approved' && !implementedBy.get(doc.id)?.length) {
      ctx.report(
        finding(
          'orphan/proposal-without-spec',
          'info',
          doc,
          doc.statusPos,
          `${doc.id} is approved but no spec implements it yet`,
          `Run "papertrail spec ${doc.id}".`,
        ),
      );
    }
  }
}

const EXPECTED: Record<string, string[]> = {
  implements: ['proposal'],
  extends: ['spec'],
  depends_on: ['spec', 'extension'],
  'spec-dependencies': ['spec', 'extension'],
  standards: ['standard'],
};

function checkRefKinds(ctx: DocRuleContext, doc: Doc): void {
  for (const r of doc.refs) {
    const want = r.via === 'superseded_by' ? [doc.kind] : EXPECTED[r.via];
    const kind = kindOfId(r.id, ctx.scheme.prefixes);
    if (!want || !kind || want.includes(kind)) continue;
    ctx.report(
      finding(
        'ref/wrong-kind',
        'error',
        doc,
        r,
        `"${r.via}" must name a ${want.join(' or ')}, but ${r.id} is a ${kind}`,
        `Point "${r.via}" at a ${want[0]} ID.`,
      ),
    );
  }
}

function refPos(doc: Doc, key: string): { line: number; column: number } {
  return doc.fm ? keyPosition(doc.fm, [key]) : { line: 1, column: 1 };
}
