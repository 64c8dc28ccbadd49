import { type Change, ROLES, type Role } from './model.js';
import type { Story } from './story.js';

export interface PlannedChange {
  component: string;
  action: Change['action'];
  path: string;
  description: string;
}

/** What the repository, the spec and the standards say, gathered by the app layer. */
export interface RunbookFacts {
  testCommand: string | null;
  techStack: string[];
  standards: { id: string; title: string; musts: string[] }[];
  /** The spec's own sections by normalised title (interfaces, data model, security considerations, …). */
  spec: { id: string; title: string; file: string; sections: Record<string, string[]> } | null;
  ci: string[];
  iac: string[];
  docs: string[];
  topLevel: string[];
  rules: { id: string; role: Role; title: string; file: string; severity: string }[];
}

const todo = (what: string) => `_Not stated by the story or the spec: ${what}_`;

function specPart(f: RunbookFacts, ...names: string[]): string[] {
  for (const n of names) {
    const s = f.spec?.sections[n];
    if (s?.some((l) => l.trim() && !/^none\b/i.test(l.trim())))
      return [`From ${f.spec!.id} (${n}):`, '', ...s];
  }
  return [];
}

const mentions = (story: Story, re: RegExp) =>
  [...new Set([...story.source.matchAll(re)].map((m) => m[0]))].sort();

/**
 * A new runbook: the structure review and accept read, then the design sections a reviewer needs.
 * Deterministic.
 */
export function renderRunbook(story: Story, changes: PlannedChange[], f: RunbookFacts): string {
  const run = f.testCommand
    ? `\`${f.testCommand}\``
    : 'the test suite (no test command found in the repository)';
  const origin =
    story.origin.kind === 'requirement'
      ? `Story: ${story.id} (\`${story.origin.file}\`, line ${story.origin.line}${story.origin.issue ? `; plan issue #${story.origin.issue}` : ''}).`
      : `Story: ${story.id} (\`${story.origin.file}\`).`;
  const out: string[] = [
    `# ${story.id}: ${story.title}`,
    '',
    'Status: PROPOSED',
    '',
    '## Goal Description',
    ...story.summary,
    '',
    origin,
    ...(story.dependsOn.length ? [`Depends on: ${story.dependsOn.join(', ')}.`] : []),
    ...(story.linked.length ? [`Linked: ${story.linked.join(', ')}.`] : []),
    '',
    '## Compliance Checklist',
    ...ROLES.map((r) => `- [ ] @${r} approved?`),
    '',
    '## Proposed Changes',
  ];
  if (changes.length) {
    const components = [...new Set(changes.map((c) => c.component))];
    for (const comp of components) {
      out.push(`### ${comp}`);
      for (const c of changes.filter((x) => x.component === comp)) {
        out.push(`#### [${c.action}] [${c.path.split('/').pop()}](${c.path})`, `- ${c.description}`);
      }
      out.push('');
    }
    out.pop();
  } else {
    out.push(
      `### ${story.title}`,
      '- TODO(@Architect): nothing in the story names a file. List each file this story changes as a `#### [MODIFY] [file](path)`, `#### [NEW] [file](path)` or `#### [DELETE] [file](path)` block with what changes.',
    );
  }
  out.push('', '## Verification Plan');
  for (const s of story.scenarios)
    out.push(`- [ ] **${s.name}**${s.text ? `: ${s.text}` : ''} — an automated test, run with ${run}`);
  if (!story.scenarios.length) out.push('- [ ] TODO(@QA): the story has no acceptance criteria to verify');
  out.push(`- [ ] No regression: ${run} passes`);
  out.push(...story.testStrategy.filter((l) => l.trim()).map((l) => (l.startsWith('-') ? l : `- ${l}`)));

  const metrics = mentions(story, /\/(?:metrics|healthz|health|readyz|livez)\b/g);
  out.push(
    '',
    '## Component Specification & Interface',
    '### API Definition',
    ...(specPart(f, 'interfaces', 'api').length
      ? specPart(f, 'interfaces', 'api')
      : [
          todo(
            'the entry and exit points (REST, gRPC or GraphQL; an OpenAPI description of requests and responses), or "None".',
          ),
        ]),
    '',
    '### Data Models',
    ...(specPart(f, 'data model', 'data models').length
      ? specPart(f, 'data model', 'data models')
      : [todo('the entities and DTOs this change handles, or "None".')]),
    '',
    '### Dependency Injection',
    ...(story.dependsOn.length ? story.dependsOn.map((d) => `- Requires ${d} (done first).`) : []),
    ...(specPart(f, 'spec dependencies').length ? specPart(f, 'spec dependencies') : []),
    ...(!story.dependsOn.length && !specPart(f, 'spec dependencies').length
      ? [todo('the external services, databases and third-party APIs this change talks to, or "None".')]
      : []),
    '',
    '### State Management',
    todo('whether the component is stateless, or what state it keeps and where it persists it.'),
    '',
    '## Implementation Guardrails',
    '### Tech Stack Standards',
    ...(f.techStack.length
      ? f.techStack.map((t) => `- ${t}`)
      : ['- No language manifest found in the repository.']),
    ...f.standards.flatMap((s) => [`- ${s.id}: ${s.title}`, ...s.musts.map((m) => `  - MUST ${m}`)]),
    '',
    '### Error Handling Strategy',
    todo('the error codes (e.g. RFC 7807 Problem Details) and how the component fails gracefully.'),
    '',
    '### Security Requirements',
    ...specPart(f, 'security considerations', 'security'),
    ...(specPart(f, 'security considerations', 'security').length ? [''] : []),
    '- No secret, token or password in code, configuration or this runbook (checked by the panel).',
    todo('authentication (e.g. OAuth2/OIDC), authorization (RBAC/ABAC) and where secrets are managed.'),
    '',
    '### Governance Rules',
    ...(f.rules.length
      ? f.rules.map((r) => `- ${r.id} (@${r.role}, ${r.severity}): ${r.title} — \`${r.file}\``)
      : [
          '- No machine-checkable rules in .agent/rules, .agent/adrs or .agent/compliance; the panel runs its built-in checks.',
        ]),
    '',
    '## Logic & Design Patterns',
    '### Architectural Pattern',
    f.topLevel.length
      ? `Follow the repository's existing layout (${f.topLevel.map((d) => `\`${d}/\``).join(', ')}): business logic apart from infrastructure.`
      : todo(
          'the structure (e.g. hexagonal or clean architecture) that separates business logic from infrastructure.',
        ),
    '',
    '### Concurrency & Scaling',
    ...(story.nonFunctional.length
      ? story.nonFunctional.map((n) => `- ${n}`)
      : [todo('how asynchronous work is handled and the expected behaviour under load.')]),
    '',
    '### Idempotency',
    todo('how retries of a write avoid duplicating its effect, or "Not applicable".'),
    '',
    '## Quality & Observability',
    '### Testing Requirements',
    `- One automated test per acceptance scenario (see Verification Plan), run with ${run}.`,
    '- Coverage must not drop.',
    '',
    '### Logging Schema',
    todo('the structured (JSON) log fields, e.g. correlation_id, user_id, environment.'),
    '',
    '### Metrics & Health Checks',
    ...(metrics.length
      ? metrics.map((m) => `- \`${m}\` (named by the story).`)
      : [todo('the health and metrics endpoints (e.g. /healthz, /metrics), or "None".')]),
    '',
    '## Deployment & Lifecycle',
    '### CI/CD Pipeline',
    ...(f.ci.length
      ? f.ci.map((c) => `- \`${c}\` runs the build and tests; it must pass before merge.`)
      : ['- No CI pipeline found in the repository.']),
    '',
    '### Infrastructure as Code',
    ...(f.iac.length
      ? f.iac.map((c) => `- \`${c}\``)
      : ['- No Terraform or Pulumi files in the repository.']),
    '',
    '### Rollback Plan',
    ...(story.rollback.length ? story.rollback : [todo('how to revert this change safely.')]),
    '',
    '### Documentation',
    ...(f.docs.length
      ? f.docs.map((d) => `- Update \`${d}\` where this change alters behaviour.`)
      : ['- No README or docs folder found; document the change where users will look.']),
    '',
  );
  return out.join('\n');
}
