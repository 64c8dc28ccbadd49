import { basename } from 'node:path';
import { PtError } from '../../base/index.js';
import type { Doc, Requirement } from '../docs/index.js';
import { closeOpenings, fitText, ISSUE_BODY_LIMIT } from './issue-body.js';
import { withMarker } from './marker.js';
import type { PlanItem, PlanModel } from './model.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const keyOf = (doc: Doc, r: Requirement) => (r.localId ? `${doc.id}/${r.localId}` : `${doc.id}#${r.name}`);

/**
 * IDs the spec may have been planned under before it had one: a copy whose frontmatter and heading
 * name no ID was known by its file name (`spec`), and its issues carry `spec/…` markers.
 */
function formerIds(spec: Doc): string[] {
  const byFileName = basename(spec.path, '.md');
  return spec.fileId || byFileName === spec.id ? [] : [byFileName];
}

/**
 * The keys an earlier plan may have given a requirement: under a former ID of its spec, and by its name
 * before the requirement had an ID of its own.
 */
function aliasesOf(docIds: string[], r: Requirement, key: string): string[] {
  const out = docIds.flatMap((id) => [...(r.localId ? [`${id}/${r.localId}`] : []), `${id}#${r.name}`]);
  return [...new Set(out)].filter((k) => k !== key);
}

/** GitHub's limit of sub-issues under one parent. */
export const SUB_ISSUE_LIMIT = 100;

export const LABELS = {
  spec: (id: string) => ({ name: `spec:${id}`, color: '7057ff', description: `Work from ${id}` }),
  tracking: { name: 'tracking', color: '0e8a16', description: 'Tracks every requirement of a spec' },
  requirement: { name: 'requirement', color: '1d76db', description: 'Implements one requirement' },
  extension: (id: string) => ({
    name: `extension:${id}`,
    color: 'fbca04',
    description: `Added or changed by ${id}`,
  }),
  override: { name: 'override', color: 'd93f0b', description: 'Replaces a requirement of the base spec' },
};

function scenarioLines(r: Requirement): string[] {
  return r.scenarios.map((s) => {
    const steps = s.steps.map((x) => `${x.keyword} ${x.text.replace(/\n/g, ' ')}`).join(', ');
    return `- [ ] **${s.name}**: ${steps}`;
  });
}

function sourceOf(doc: Doc): string {
  return `.github/spec/${doc.kind === 'spec' ? 'spec.md' : `extensions/${doc.path.split('/').pop()}`}`;
}

/** Characters `withMarker` adds to a body for `key`. */
const markerRoom = (key: string) => withMarker('', key, '').length;

function requirementBody(
  doc: Doc,
  r: Requirement,
  key: string,
  deps: { key: string; name: string }[],
  replaced: string | null,
): string {
  const head = [
    `## Requirement`,
    '',
    `**ID:** ${key}`,
    ...(replaced ? ['', `**Replaces:** ${replaced}`] : []),
    '',
    r.statement,
  ].join('\n');
  const tail = [
    '## Scenarios',
    '',
    ...scenarioLines(r),
    '',
    '## Depends on',
    '',
    ...(deps.length ? deps.map((d) => `- ${d.key} (${d.name})`) : ['Nothing: this can start now.']),
    '',
    '## Source',
    '',
    `\`${sourceOf(doc)}\`, line ${r.line}`,
  ].join('\n');
  if (!r.details.length) return `${head}\n\n${tail}`;
  // The spec's own Markdown (configuration, behaviour, files…), in the order written; a spec too large
  // for the forge's limit is cut, and the issue says where the rest is.
  const room = ISSUE_BODY_LIMIT - markerRoom(key) - head.length - tail.length - 4;
  const first = r.details[0]!;
  const details = fitText(
    closeOpenings(r.details.map((d) => closeOpenings(d.text)).join('\n\n')),
    room,
    `_(Cut to fit the issue: the rest is in \`${sourceOf(doc)}\` from line ${first.line}.)_`,
  );
  return `${head}\n\n${details}\n\n${tail}`;
}

/**
 * The issues a spec and its extensions call for. Extensions add requirements after the base ones;
 * an override replaces its base requirement (whose issue is closed as superseded) and inherits its
 * dependencies. Dependencies on a replaced requirement move to its replacement.
 */
export function desiredPlan(spec: Doc, extensions: Doc[]): PlanModel {
  type Entry = { doc: Doc; req: Requirement; key: string };
  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();
  const byKey = new Map<string, Entry>();
  const add = (doc: Doc, req: Requirement) => {
    const e = { doc, req, key: keyOf(doc, req) };
    entries.push(e);
    byKey.set(e.key, e);
    if (req.role !== 'override') byName.set(norm(req.name), e);
    return e;
  };
  for (const r of spec.requirements) add(spec, r);
  const replacedBy = new Map<string, Entry>();
  for (const ext of [...extensions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const r of ext.requirements) {
      const e = add(ext, r);
      if (r.role === 'override' && r.replaces) {
        const base = byName.get(norm(r.replaces.ref));
        if (!base) {
          throw new PtError(
            'override/target-missing',
            `${ext.id} overrides "${r.replaces.ref}", which ${spec.id} does not have`,
            {
              hint: `Name a requirement of ${spec.id} exactly (papertrail show ${spec.id} lists them), or add it as a new requirement.`,
              exit: 1,
              location: { file: ext.file, line: r.line, column: r.column },
            },
          );
        }
        replacedBy.set(base.key, e);
      }
    }
  }
  const resolve = (from: Entry, ref: string): Entry => {
    const direct =
      byKey.get(ref) ??
      byKey.get(`${from.doc.id}/${ref}`) ??
      byKey.get(`${spec.id}/${ref}`) ??
      byName.get(norm(ref.replace(/\s*\((?:from|in)\s+\S+\)\s*$/i, '')));
    if (!direct) {
      throw new PtError(
        'ref/broken',
        `"${from.req.name}" depends on "${ref}", which is not a requirement of ${spec.id} or its extensions`,
        {
          hint: 'Name a requirement of this spec or its extensions; a requirement of another spec cannot block an issue here.',
          exit: 1,
          location: { file: from.doc.file, line: from.req.line, column: from.req.column },
        },
      );
    }
    return replacedBy.get(direct.key) ?? direct;
  };
  const depsOf = (e: Entry): Entry[] => {
    const out = new Map<string, Entry>();
    for (const d of e.req.dependsOn) {
      const t = resolve(e, d.ref);
      if (t.key !== e.key) out.set(t.key, t);
    }
    // An override keeps the dependencies of what it replaces.
    for (const [baseKey, over] of replacedBy) {
      if (over.key !== e.key) continue;
      for (const d of byKey.get(baseKey)!.req.dependsOn) {
        const t = resolve(byKey.get(baseKey)!, d.ref);
        if (t.key !== e.key) out.set(t.key, t);
      }
    }
    return [...out.values()];
  };

  const specLabel = LABELS.spec(spec.id);
  const former = formerIds(spec);
  const trackingKey = `${spec.id}/tracking`;
  const items: PlanItem[] = [];
  const reqLines = entries.map(
    (e) =>
      `- [ ] ${e.key} ${e.req.name}${replacedBy.has(e.key) ? ` (superseded by ${replacedBy.get(e.key)!.key})` : ''}`,
  );
  items.push({
    key: trackingKey,
    aliases: former.map((id) => `${id}/tracking`),
    type: 'tracking',
    name: spec.title ?? spec.id,
    title: `[${spec.id}] ${spec.title ?? ''}`.trim(),
    body: withMarker(
      [
        `## Specification`,
        '',
        `${spec.id}: ${spec.title ?? ''} — \`.github/spec/spec.md\``,
        '',
        '## Requirements',
        '',
        ...reqLines,
        ...(extensions.length
          ? ['', '## Extensions', '', ...extensions.map((x) => `- ${x.id}: ${x.title ?? ''}`)]
          : []),
      ].join('\n'),
      trackingKey,
      `[${spec.id}] ${spec.title ?? ''}`.trim(),
    ),
    labels: [specLabel.name, LABELS.tracking.name],
    blockedBy: [],
    parent: null,
    supersededBy: null,
    extension: null,
  });
  // GitHub allows 100 sub-issues per parent: beyond that, requirements hang under group issues of 100.
  const live = entries.filter((e) => !replacedBy.has(e.key));
  const groupOf = new Map<string, string>();
  if (live.length > SUB_ISSUE_LIMIT) {
    for (let g = 0; g * SUB_ISSUE_LIMIT < live.length; g++) {
      const part = live.slice(g * SUB_ISSUE_LIMIT, (g + 1) * SUB_ISSUE_LIMIT);
      const key = `${spec.id}/group-${g + 1}`;
      for (const e of part) groupOf.set(e.key, key);
      items.push({
        key,
        aliases: former.map((id) => `${id}/group-${g + 1}`),
        type: 'group',
        name: `Requirements ${g * SUB_ISSUE_LIMIT + 1}–${g * SUB_ISSUE_LIMIT + part.length}`,
        title: `[${spec.id}] Requirements ${g * SUB_ISSUE_LIMIT + 1}–${g * SUB_ISSUE_LIMIT + part.length}`,
        body: withMarker(
          [`## Requirements`, '', ...part.map((e) => `- [ ] ${e.key} ${e.req.name}`)].join('\n'),
          key,
          `[${spec.id}] Requirements ${g * SUB_ISSUE_LIMIT + 1}–${g * SUB_ISSUE_LIMIT + part.length}`,
        ),
        labels: [specLabel.name, LABELS.tracking.name],
        blockedBy: [],
        parent: trackingKey,
        supersededBy: null,
        extension: null,
      });
    }
  }
  for (const e of entries) {
    const deps = depsOf(e);
    const over = e.req.role === 'override';
    const replaced = over ? ([...replacedBy].find(([, o]) => o.key === e.key)?.[0] ?? null) : null;
    const labels = [
      specLabel.name,
      LABELS.requirement.name,
      ...(e.doc.kind === 'extension' ? [LABELS.extension(e.doc.id).name] : []),
      ...(over ? [LABELS.override.name] : []),
    ];
    const title = over
      ? `[REQ] ${e.req.name} (overrides ${byKey.get(replaced!)?.req.name ?? e.req.replaces?.ref})`
      : `[REQ] ${e.req.name}`;
    items.push({
      key: e.key,
      aliases: aliasesOf(e.doc === spec ? [spec.id, ...former] : [e.doc.id], e.req, e.key),
      type: over ? 'override' : 'requirement',
      name: e.req.name,
      title,
      body: withMarker(
        requirementBody(
          e.doc,
          e.req,
          e.key,
          deps.map((d) => ({ key: d.key, name: d.req.name })),
          replaced,
        ),
        e.key,
        title,
      ),
      labels,
      blockedBy: deps.map((d) => d.key),
      parent: groupOf.get(e.key) ?? trackingKey,
      supersededBy: replacedBy.get(e.key)?.key ?? null,
      extension: e.doc.kind === 'extension' ? e.doc.id : null,
    });
  }
  const labels = [
    specLabel,
    LABELS.tracking,
    LABELS.requirement,
    ...extensions.map((x) => LABELS.extension(x.id)),
    ...(replacedBy.size ? [LABELS.override] : []),
  ];
  return {
    specId: spec.id,
    specTitle: spec.title ?? spec.id,
    labels,
    formerLabels: former.map((id) => LABELS.spec(id).name),
    items,
  };
}
