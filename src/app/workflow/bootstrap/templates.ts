// The files a bootstrapped repository starts with. Written for Papertrail's own flow (plan, next,
// implement as CLI verbs and MCP tools), following the layout of vegardx/papertrail's bootstrap.

export interface ScaffoldContext {
  specId: string;
  specTitle: string;
  specOverview: string;
  /** Where the spec lives in the decisions repository (URL or path). */
  specUrl: string;
  repo: string;
  extensions: { id: string; title: string; file: string }[];
  standards: { id: string; title: string; file: string }[];
}

const list = (items: string[], empty: string) => (items.length ? items.join('\n') : empty);

export function readme(c: ScaffoldContext): string {
  const exts = c.extensions.length
    ? `\n## Extensions\n\n${c.extensions.map((e) => `- [${e.id}: ${e.title}](.github/spec/extensions/${e.file})`).join('\n')}\n`
    : '';
  return `# ${c.repo.split('/').pop()}

This repository implements [${c.specId}: ${c.specTitle}](${c.specUrl}).

## Overview

${c.specOverview.trim() || '_See the specification._'}

## Specification

The specification is copied into [.github/spec/spec.md](.github/spec/spec.md); its requirements become
issues with \`papertrail plan\`.
${exts}
## Standards

${list(
  c.standards.map((s) => `- [${s.id}: ${s.title}](.github/standards/${s.file})`),
  '_No standards apply._',
)}

## Development

1. \`papertrail plan\` creates the tracking issue and one issue per requirement, with "blocked by" links.
2. \`papertrail next\` shows the first issue whose blockers are all closed.
3. \`papertrail implement\` creates its branch and a draft pull request.
`;
}

export function agents(c: ScaffoldContext): string {
  return `# Agent instructions

This repository implements **${c.specId}: ${c.specTitle}**.

## Before any change

Read, in this order:

1. \`.github/spec/spec.md\` (and \`.github/spec/extensions/\`): the requirements (SHALL/MUST) with their
   stable IDs (\`${c.specId}/REQ-NNN\`) and the GIVEN/WHEN/THEN scenarios that decide when each is done.
2. \`.github/standards/\`: the standards every change follows.
3. \`scratchpad/contexts/\`: read-only clones of the repositories of specs this one depends on. Never
   write there.

Use \`scratchpad/agents/\` (git-ignored) for plans and notes.

## Working on an issue

- The skills \`/pt-plan\`, \`/pt-implement\` and \`/pt-runbook\` (\`.github/skills/\`, \`.claude/skills/\`) drive the work through
  the \`papertrail\` MCP server (\`.vscode/mcp.json\`, \`.mcp.json\`); its writing tools take \`dry_run\`: dry-run
  first, show the result, and write only after a yes.
- \`papertrail next\` names the next issue that is not blocked; \`papertrail implement [ISSUE]\` creates
  the branch \`implement/issue-N-slug\` and a draft PR whose checklist is the requirement's scenarios.
- Plan first and show the plan; ask when something is unclear, offering options.
- Every scenario of the requirement needs a test. Reference the requirement ID in the test name.
- Keep README.md true when behaviour changes.

## Commits

- Conventional commits (\`feat:\`, \`fix:\`, \`refactor:\`, \`docs:\`, \`chore:\`; \`!\` for breaking changes).
- One logical change per commit; show the commit plan and wait for a yes before committing.

## Labels

- \`spec:${c.specId}\` marks every issue of this spec; dependencies are GitHub "blocked by" links.
`;
}

export function gitignore(standards: { id: string; title: string; patterns: string[] }[], kept = ''): string {
  const seen = new Set<string>(['scratchpad/', '.papertrail/', '.papertrail/*']);
  const blocks = [
    '# Scratchpad - agent working directory',
    'scratchpad/',
    '',
    '# Papertrail runtime state (embedded store); the constitution is reviewed in git',
    '.papertrail/*',
    '!.papertrail/constitution.md',
    '',
  ];
  for (const s of standards) {
    const fresh = s.patterns.filter((p) => !seen.has(p));
    for (const p of fresh) seen.add(p);
    if (fresh.length) blocks.push(`# From ${s.id}: ${s.title}`, ...fresh, '');
  }
  blocks.push('# Project-specific ignores (add your own below)');
  return `${blocks.join('\n')}\n${kept}`;
}

export const PROJECT_IGNORES_MARKER = '# Project-specific ignores (add your own below)\n';

export function copilotInstructions(c: ScaffoldContext): string {
  return `# Copilot instructions

This repository implements ${c.specId}: ${c.specTitle}. Follow [AGENTS.md](../AGENTS.md).
`;
}

/** The implementing repository's own workspace file: which forge holds its issues, and its name there. */
export function workspaceConfig(c: ScaffoldContext, forge: 'local' | 'github'): string {
  return `# Papertrail settings for this implementing repository (bootstrapped from ${c.specId}).
version: 1
docs: docs
forge: ${forge}
repo: ${c.repo}
spec: ${c.specId}
`;
}
