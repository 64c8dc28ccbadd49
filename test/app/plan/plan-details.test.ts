import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { parseDoc } from '../../../src/domain/docs/index.js';
import { desiredPlan, editedOnForge, ISSUE_BODY_LIMIT, markerOf } from '../../../src/domain/plan/index.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { type ForgePort, LocalForge } from '../../../src/ports/forge/index.js';
import { openStore, type Store } from '../../../src/ports/store/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { freshDataDir, removeDataDir } from '../../ports/store/pglite-template.js';

// The upstream spec template's requirement details, carried into the requirement issues.
const TEMPLATE = readFileSync(join(import.meta.dirname, '../../fixtures/upstream-template/spec.md'), 'utf8');
const spec = (src = TEMPLATE) =>
  parseDoc({ source: src, path: '/r/.github/spec/spec.md', file: '.github/spec/spec.md', kind: 'spec' });

const CONFIG = [
  '**Configuration:**',
  '* `garm.toml` SHALL set `min_idle_runners = 2`',
  '* `garm.toml` SHALL set `max_runners = 20`',
].join('\n');
const BEHAVIOR = [
  '**Behavior:**',
  '* Scale up when more than 5 workflows are queued for over 30 seconds',
  '* Scale down idle runners after 10 minutes',
].join('\n');
const FILES = [
  '**Files:**',
  '| Action | Path | Purpose |',
  '|--------|------|---------|',
  '| Create | `config/garm.toml` | Pool sizes and scaling |',
  '| Create | `internal/scaler/scaler.go` | Queue-depth scaling loop |',
].join('\n');

let fake: FakeGitHub | undefined;
let store: { store: Store; dataDir: string } | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await store?.store.close();
  if (store) removeDataDir(store.dataDir);
  store = undefined;
});

async function localForge(): Promise<ForgePort> {
  const dataDir = await freshDataDir({ migrated: true });
  store = { store: await openStore({ dataDir }), dataDir };
  return LocalForge.open(store.store.db, 'github/runner-infra');
}

async function githubForge(): Promise<ForgePort> {
  fake = await startFakeGitHub({ login: 'github' });
  await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  return GitHubForge.open({
    repo: 'github/runner-infra',
    token: fake.token,
    baseUrl: fake.url,
    paceWrites: false,
    retryAfterBaseMs: 1,
  });
}

const forges: [string, () => Promise<ForgePort>][] = [
  ['the memory forge', async () => new MemoryForge('github/runner-infra')],
  ['the local forge (embedded store)', localForge],
  ['GitHub (the fake)', githubForge],
];

describe.each(forges)('requirement details in the issue body on %s', (_name, open) => {
  it('carries Configuration, Behavior and Files verbatim and in order; re-plans write only what changed', async () => {
    const forge = await open();
    await applyPlan(forge, desiredPlan(spec(), []));
    const issues = await forge.listIssues({ label: 'spec:SPEC-0001' });
    const auto = issues.find((i) => i.number === 2)!;
    const statement = 'The system SHALL automatically scale runners based on workflow queue depth.';
    expect(auto.body).toContain(`${statement}\n\n${CONFIG}\n\n${BEHAVIOR}\n\n${FILES}\n\n## Scenarios`);
    expect(markerOf(auto.body)).toBe('SPEC-0001/REQ-001');
    expect(editedOnForge(auto)).toBe(false);
    expect(issues.find((i) => i.number === 4)!.body).not.toContain('**Configuration:**');

    expect((await applyPlan(forge, desiredPlan(spec(), []))).writes).toBe(0);
    const changed = await applyPlan(
      forge,
      desiredPlan(spec(TEMPLATE.replace('`max_runners = 20`', '`max_runners = 40`')), []),
    );
    expect(changed.rows.filter((r) => r.action !== 'unchanged').map((r) => [r.number, r.action])).toEqual([
      [2, 'update'],
    ]);
    const after = (await forge.listIssues({ label: 'spec:SPEC-0001' })).find((i) => i.number === 2)!;
    expect(after.body).toContain('* `garm.toml` SHALL set `max_runners = 40`');
  });
});

describe('requirement details that could break the body', () => {
  const withDetails = (details: string) =>
    spec(TEMPLATE.replace('**Behavior:**', `${details}\n\n**Behavior:**`));

  it('keeps the plan’s marker readable past a look-alike marker and an open comment', async () => {
    const forge = new MemoryForge();
    await applyPlan(
      forge,
      desiredPlan(
        withDetails(
          '**Notes:** see <!-- papertrail:key=SPEC-0001/REQ-003 -->\n\n**Sample:**\n```yaml\nkey: <!--\n```',
        ),
        [],
      ),
    );
    const body = forge.issues.get(2)!.body;
    expect(markerOf(body)).toBe('SPEC-0001/REQ-001');
    expect(editedOnForge(forge.issues.get(2)!)).toBe(false);
    // A comment opened inside a fence is code, and left alone.
    expect(body).toContain('**Sample:**\n```yaml\nkey: <!--\n```\n\n**Behavior:**');
    const again = await applyPlan(forge, desiredPlan(withDetails('**Notes:** open <!-- comment'), []));
    expect(again.rows.find((r) => r.number === 2)!.action).toBe('update');
    expect(forge.issues.get(2)!.body).toContain('**Notes:** open <!-- comment -->');
    expect(markerOf(forge.issues.get(2)!.body)).toBe('SPEC-0001/REQ-001');
  });

  it('cuts details that would pass the forge’s body limit, and says where the rest is', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `| Create | \`src/file-${i}.go\` | Part ${i} of it |`,
    );
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(withDetails(`**Layout:**\n\`\`\`\n${rows.join('\n')}\n\`\`\``), []));
    const issue = forge.issues.get(2)!;
    expect(issue.body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect(issue.body).toMatch(
      /_\(Cut to fit the issue: the rest is in `\.github\/spec\/spec\.md` from line \d+\.\)_/,
    );
    // The cut falls inside the fence, which is closed so the scenarios still render as Markdown.
    expect(issue.body).toMatch(/\| Part \d+ of it \|\n```\n\n_\(Cut to fit/);
    expect(issue.body).toContain('\n\n## Scenarios\n');
    expect(markerOf(issue.body)).toBe('SPEC-0001/REQ-001');
    expect(editedOnForge(issue)).toBe(false);
    expect(
      (
        await applyPlan(
          forge,
          desiredPlan(withDetails(`**Layout:**\n\`\`\`\n${rows.join('\n')}\n\`\`\``), []),
        )
      ).writes,
    ).toBe(0);
  });
});
