import { basename } from 'node:path';
import type { Doc, Requirement } from '../docs/index.js';
import { collectEntries, dependencies, type Entries, type Entry } from './entries.js';
import { closeOpenings, fitText, ISSUE_BODY_LIMIT } from './issue-body.js';
import { withMarker } from './marker.js';
import type { PlanItem, PlanModel } from './model.js';

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

/** The tracking issue: the spec, a checklist of every requirement, and the extensions. */
function trackingItem(spec: Doc, extensions: Doc[], all: Entries, former: string[]): PlanItem {
  const key = `${spec.id}/tracking`;
  const title = `[${spec.id}] ${spec.title ?? ''}`.trim();
  const reqLines = all.list.map(
    (e) =>
      `- [ ] ${e.key} ${e.req.name}${all.replacedBy.has(e.key) ? ` (superseded by ${all.replacedBy.get(e.key)!.key})` : ''}`,
  );
  return {
    key,
    aliases: former.map((id) => `${id}/tracking`),
    type: 'tracking',
    name: spec.title ?? spec.id,
    title,
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
      key,
      title,
    ),
    labels: [LABELS.spec(spec.id).name, LABELS.tracking.name],
    blockedBy: [],
    parent: null,
    supersededBy: null,
    extension: null,
  };
}

/**
 * GitHub allows 100 sub-issues per parent: beyond that, requirements hang under group issues of 100
 * each. Returns the groups (none for a spec within the limit) and the group of each requirement.
 */
function groupItems(
  spec: Doc,
  all: Entries,
  former: string[],
  trackingKey: string,
): { items: PlanItem[]; groupOf: Map<string, string> } {
  const live = all.list.filter((e) => !all.replacedBy.has(e.key));
  const items: PlanItem[] = [];
  const groupOf = new Map<string, string>();
  if (live.length <= SUB_ISSUE_LIMIT) return { items, groupOf };
  for (let g = 0; g * SUB_ISSUE_LIMIT < live.length; g++) {
    const part = live.slice(g * SUB_ISSUE_LIMIT, (g + 1) * SUB_ISSUE_LIMIT);
    const key = `${spec.id}/group-${g + 1}`;
    const range = `${g * SUB_ISSUE_LIMIT + 1}–${g * SUB_ISSUE_LIMIT + part.length}`;
    for (const e of part) groupOf.set(e.key, key);
    items.push({
      key,
      aliases: former.map((id) => `${id}/group-${g + 1}`),
      type: 'group',
      name: `Requirements ${range}`,
      title: `[${spec.id}] Requirements ${range}`,
      body: withMarker(
        [`## Requirements`, '', ...part.map((e) => `- [ ] ${e.key} ${e.req.name}`)].join('\n'),
        key,
        `[${spec.id}] Requirements ${range}`,
      ),
      labels: [LABELS.spec(spec.id).name, LABELS.tracking.name],
      blockedBy: [],
      parent: trackingKey,
      supersededBy: null,
      extension: null,
    });
  }
  return { items, groupOf };
}

/** The issue of one requirement (or override), under `parent`, blocked by `deps`. */
function requirementItem(
  spec: Doc,
  e: Entry,
  all: Entries,
  deps: Entry[],
  former: string[],
  parent: string,
): PlanItem {
  const over = e.req.role === 'override';
  const replaced = over ? ([...all.replacedBy].find(([, o]) => o.key === e.key)?.[0] ?? null) : null;
  const labels = [
    LABELS.spec(spec.id).name,
    LABELS.requirement.name,
    ...(e.doc.kind === 'extension' ? [LABELS.extension(e.doc.id).name] : []),
    ...(over ? [LABELS.override.name] : []),
  ];
  const title = over
    ? `[REQ] ${e.req.name} (overrides ${all.byKey.get(replaced!)?.req.name ?? e.req.replaces?.ref})`
    : `[REQ] ${e.req.name}`;
  return {
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
    parent,
    supersededBy: all.replacedBy.get(e.key)?.key ?? null,
    extension: e.doc.kind === 'extension' ? e.doc.id : null,
  };
}

/**
 * The issues a spec and its extensions call for. Extensions add requirements after the base ones;
 * an override replaces its base requirement (whose issue is closed as superseded) and inherits its
 * dependencies. Dependencies on a replaced requirement move to its replacement.
 */
export function desiredPlan(spec: Doc, extensions: Doc[]): PlanModel {
  const all = collectEntries(spec, extensions);
  const depsOf = dependencies(spec, all);
  const former = formerIds(spec);
  const tracking = trackingItem(spec, extensions, all, former);
  const groups = groupItems(spec, all, former, tracking.key);
  const items = [tracking, ...groups.items];
  for (const e of all.list)
    items.push(requirementItem(spec, e, all, depsOf(e), former, groups.groupOf.get(e.key) ?? tracking.key));
  return {
    specId: spec.id,
    specTitle: spec.title ?? spec.id,
    labels: [
      LABELS.spec(spec.id),
      LABELS.tracking,
      LABELS.requirement,
      ...extensions.map((x) => LABELS.extension(x.id)),
      ...(all.replacedBy.size ? [LABELS.override] : []),
    ],
    formerLabels: former.map((id) => LABELS.spec(id).name),
    items,
  };
}
