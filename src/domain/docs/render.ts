// Renders new documents. Output is canonical: the same input always gives the same bytes, and
// parseDoc(render(x)) gives back x (tested as a property).
import { stringify } from 'yaml';
import type { Implementation } from './model.js';

export interface OptionInput {
  title: string;
  description?: string | undefined;
  pros: string[];
  cons: string[];
}

export interface ProposalInput {
  title: string;
  problem: string;
  goals: string[];
  nonGoals: string[];
  background?: string | undefined;
  options: OptionInput[];
  recommendation: string;
  authors: string[];
  reviewers: string[];
}

export interface ScenarioInput {
  name: string;
  given: string[];
  when: string[];
  then: string[];
}

export interface RequirementInput {
  name: string;
  statement: string;
  scenarios: ScenarioInput[];
  dependsOn: string[];
  /** Local stable ID (REQ-001); assigned by the caller. */
  id?: string | undefined;
  /** For overrides: the base requirement replaced, and why. */
  replaces?: { name: string; from: string; reason?: string | undefined } | undefined;
}

export interface SpecInput {
  title: string;
  overview: string;
  implements: string;
  implementations: Implementation[];
  dependsOn: string[];
  requirements: RequirementInput[];
  authors: string[];
  reviewers: string[];
}

export interface ExtensionInput {
  title: string;
  overview: string;
  extends: string;
  implements: string;
  added: RequirementInput[];
  overrides: RequirementInput[];
  authors: string[];
  reviewers: string[];
}

export interface StandardRuleGroup {
  category: string;
  must: string[];
  should: string[];
  may: string[];
}

export interface StandardInput {
  title: string;
  appliesTo: string;
  overview: string;
  scopeIncludes: string[];
  scopeExcludes: string[];
  rules: StandardRuleGroup[];
  gitignore: string[];
  scaffold?: { directories: string[]; files: { path: string; content: string }[] } | undefined;
  enforcement?: string | undefined;
  authors: string[];
  reviewers: string[];
}

export interface DocLink {
  id: string;
  title: string;
  /** Path relative to the document being written. */
  href: string;
}

function frontmatter(data: Record<string, unknown>): string {
  return `---\n${stringify(data, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' })}---\n`;
}

const bullets = (items: string[]) => items.map((i) => `- ${i}`).join('\n');
const block = (text: string) => text.trim().replace(/\r\n/g, '\n');

function section(title: string, body: string): string {
  return `## ${title}\n\n${body.trim() || '_None._'}\n`;
}

export function renderProposal(id: string, p: ProposalInput, date: string): string {
  const fm = frontmatter({
    id,
    title: p.title,
    status: 'draft',
    date,
    authors: p.authors,
    reviewers: p.reviewers,
  });
  const parts = [
    `# ${id}: ${p.title}\n`,
    section('Problem Statement', block(p.problem)),
    section('Goals', bullets(p.goals)),
    section('Non-Goals', bullets(p.nonGoals)),
  ];
  if (p.background?.trim()) parts.push(section('Background', block(p.background)));
  const options = p.options.map((o, i) => {
    const lines = [`### Option ${i + 1}: ${o.title}\n`];
    if (o.description?.trim()) lines.push(`${block(o.description)}\n`);
    lines.push(`**Pros:**\n\n${bullets(o.pros) || '_None listed._'}\n`);
    lines.push(`**Cons:**\n\n${bullets(o.cons) || '_None listed._'}\n`);
    return lines.join('\n');
  });
  parts.push(`## Proposed Direction\n\n${options.join('\n') || '_No options listed._\n'}`);
  parts.push(section('Recommendation', block(p.recommendation)));
  return `${fm}\n${parts.join('\n')}`;
}

export function renderScenario(s: ScenarioInput): string {
  const steps: string[] = [];
  const add = (kw: string, items: string[]) =>
    items.forEach((t, i) => {
      steps.push(`- **${i === 0 ? kw : 'AND'}** ${t.trim()}`);
    });
  add('GIVEN', s.given);
  add('WHEN', s.when);
  add('THEN', s.then);
  return `#### Scenario: ${s.name}\n\n${steps.join('\n')}\n`;
}

export function renderRequirement(r: RequirementInput, opts: { override?: boolean } = {}): string {
  const head = opts.override && r.replaces ? `### Requirement: ${r.name}` : `### Requirement: ${r.name}`;
  const meta: string[] = [];
  if (r.id) meta.push(`**ID:** ${r.id}`);
  if (r.replaces) meta.push(`**Replaces:** ${r.replaces.name} (from ${r.replaces.from})`);
  if (r.replaces?.reason?.trim()) meta.push(`**Reason for change:** ${r.replaces.reason.trim()}`);
  if (r.dependsOn.length) meta.push(`**Depends on:** ${r.dependsOn.join(', ')}`);
  const parts = [`${head}\n`];
  if (meta.length) parts.push(`${meta.join('\n\n')}\n`);
  parts.push(`${block(r.statement)}\n`);
  for (const s of r.scenarios) parts.push(renderScenario(s));
  return parts.join('\n');
}

function implementsLine(link: DocLink | null, label: string): string {
  return link ? `\n**${label}:** [${link.id}: ${link.title}](${link.href})\n` : '';
}

export function renderSpec(id: string, s: SpecInput, date: string, proposal: DocLink | null): string {
  const fm = frontmatter({
    id,
    title: s.title,
    status: 'draft',
    date,
    implements: s.implements,
    implementations: s.implementations.map((i) => ({
      repo: i.repo,
      status: i.status,
      ...(i.link ? { link: i.link } : {}),
    })),
    ...(s.dependsOn.length ? { depends_on: s.dependsOn } : {}),
    authors: s.authors,
    reviewers: s.reviewers,
  });
  const reqs = s.requirements.map((r) => renderRequirement(r)).join('\n');
  const deps = s.dependsOn.length
    ? `| Spec | Purpose |\n|------|---------|\n${s.dependsOn.map((d) => `| ${d} | |`).join('\n')}`
    : 'None - this spec is standalone.';
  return [
    `${fm}\n# ${id}: ${s.title}\n`,
    `## Overview\n\n${block(s.overview)}\n${implementsLine(proposal, 'Implements')}`,
    `## Requirements\n\n${reqs}`,
    section('Spec Dependencies', deps),
  ].join('\n');
}

export function renderExtension(
  id: string,
  e: ExtensionInput,
  date: string,
  base: DocLink | null,
  proposal: DocLink | null,
): string {
  const fm = frontmatter({
    id,
    title: e.title,
    status: 'draft',
    date,
    extends: e.extends,
    implements: e.implements,
    authors: e.authors,
    reviewers: e.reviewers,
  });
  const added = e.added.map((r) => renderRequirement(r)).join('\n');
  const overrides = e.overrides.map((r) => renderRequirement(r, { override: true })).join('\n');
  return [
    `${fm}\n# ${id}: ${e.title}\n`,
    `## Overview\n\n${block(e.overview)}\n${implementsLine(base, 'Extends')}${implementsLine(proposal, 'Implements').replace(/^\n/, '')}`,
    `## Added Requirements\n\n${added || 'None - this extension only overrides existing requirements.\n'}`,
    `## Overridden Requirements\n\n${overrides || 'None - this extension only adds new requirements.\n'}`,
  ].join('\n');
}

export function renderStandard(id: string, s: StandardInput, date: string): string {
  const fm = frontmatter({
    id,
    title: s.title,
    status: 'draft',
    date,
    'applies-to': s.appliesTo,
    authors: s.authors,
    reviewers: s.reviewers,
    gitignore: s.gitignore,
    ...(s.scaffold && (s.scaffold.directories.length || s.scaffold.files.length)
      ? { scaffold: s.scaffold }
      : {}),
  });
  const rules = s.rules
    .map((g) => {
      const lv = (name: string, items: string[]) =>
        items.length ? `#### ${name}\n\n${bullets(items)}\n` : '';
      return [`### ${g.category}\n`, lv('MUST', g.must), lv('SHOULD', g.should), lv('MAY', g.may)]
        .filter(Boolean)
        .join('\n');
    })
    .join('\n');
  return [
    `${fm}\n# ${id}: ${s.title}\n`,
    section('Overview', block(s.overview)),
    `## Scope\n\n### Applies To\n\n${bullets(s.scopeIncludes) || '- All projects'}\n\n### Does Not Apply To\n\n${bullets(s.scopeExcludes) || '- _Nothing excluded._'}\n`,
    `## Standard\n\n${rules || '_No rules yet._\n'}`,
    section('Enforcement', s.enforcement ?? ''),
  ].join('\n');
}
