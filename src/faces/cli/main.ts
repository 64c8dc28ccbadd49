import { type Command, Option } from 'commander';
import { choiceOption } from './choice-option.js';
import { stopOnInterrupt } from './interrupt.js';
import { tuneWasmForShortRun } from './jit.js';
import { collect, common } from './options.js';
import { newProgram, runProgram } from './program.js';
import { addValidateCommand } from './validate-command.js';

export function buildProgram(argv: string[], setCode: (n: number) => void): Command {
  const program = newProgram().addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 validation findings, 2 usage or bad input, 3 not found or conflict,\n' +
      '4 external failure, 130 interrupted (Ctrl-C), 141 output cut short (a reader such as head left).',
  );
  const run = (p: Promise<number>) => p.then(setCode);

  common(program.command('init').description('create papertrail.yaml and the document folders'))
    .option('--docs <dir>', 'docs root: docs (default) or decisions')
    .addOption(choiceOption('--forge <forge>', 'where issues and PRs live', ['local', 'github']))
    .option('--repo <org/name>', 'the GitHub repository (forge github)')
    .option('--author <name>', 'default author (repeatable)', collect)
    .option(
      '--tools <list>',
      'assistant files (MCP config, pt-* skills) to write: copilot,claude (default both) or none; in a workspace, adds the missing ones and replaces unchanged command files of earlier versions',
      collect,
    )
    .action(async (o) => run((await import('./commands/docs.js')).initCommand(o)));

  common(
    program
      .command('propose')
      .description('write a new proposal (interview on a terminal, or flags, or --from)'),
    { from: true, interactive: true },
  )
    .option('--title <title>')
    .option('--slug <slug>', 'file name slug (default: from the title)')
    .option('--problem <text>')
    .option('--goal <text>', 'a goal (repeatable)', collect)
    .option('--non-goal <text>', 'a non-goal (repeatable)', collect)
    .option('--background <text>')
    .option(
      '--option <title>',
      'an option considered (repeatable; --pro/--con after it belong to it)',
      collect,
    )
    .option('--pro <text>', 'a pro of the preceding --option', collect)
    .option('--con <text>', 'a con of the preceding --option', collect)
    .option('--recommendation <text>')
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--allow-duplicate', 'write even if a proposal with the same title exists')
    .action(async (o) => run((await import('./commands/propose.js')).proposeCommand(o, argv)));

  common(
    program
      .command('spec')
      .argument('[proposal]', 'PROP-NNNN the spec implements')
      .description('write a spec that implements a proposal'),
    { from: true, interactive: true },
  )
    .option('--title <title>', 'default: the proposal title')
    .option('--slug <slug>')
    .option('--overview <text>')
    .option('--implementation <org/repo>', 'implementing repository (repeatable)', collect)
    .option(
      '--requirement <"Name: statement">',
      'a requirement (repeatable); --scenario/--depends-on after it belong to it',
      collect,
    )
    .option(
      '--scenario <"Name: GIVEN … WHEN … THEN …">',
      'a scenario of the preceding --requirement',
      collect,
    )
    .option('--depends-on <names>', 'requirements the preceding --requirement depends on', collect)
    .option('--spec-depends-on <SPEC-NNNN>', 'a spec this spec depends on (repeatable)', collect)
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--approve-proposal', 'approve the proposal first when it is not approved')
    .option('--force', 'write the spec although the proposal is not approved')
    .option('--allow-duplicate', 'write even if a spec with the same title exists')
    .action(async (p, o) => run((await import('./commands/spec.js')).specCommand(p, o, argv)));

  common(
    program
      .command('extend')
      .argument('[spec]', 'SPEC-NNNN to extend')
      .description('write a spec extension (add or override requirements)'),
    { from: true, interactive: true },
  )
    .option('--title <title>')
    .option('--slug <slug>')
    .option('--overview <text>')
    .option('--implements <PROP-NNNN>', 'default: the base spec’s proposal')
    .option('--requirement <"Name: statement">', 'an added requirement (repeatable)', collect)
    .option(
      '--override <"Name: statement">',
      'an overriding requirement (repeatable; --replaces/--reason after it)',
      collect,
    )
    .option('--replaces <name>', 'base requirement the preceding --override replaces', collect)
    .option('--reason <text>', 'why the preceding --override is needed', collect)
    .option('--scenario <"Name: GIVEN … WHEN … THEN …">', 'a scenario of the preceding requirement', collect)
    .option('--depends-on <names>', 'requirements the preceding requirement depends on', collect)
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .action(async (b, o) => run((await import('./commands/more-create.js')).extendCommand(b, o, argv)));

  common(program.command('standard').description('write an engineering standard'), {
    from: true,
    interactive: true,
  })
    .option('--title <title>')
    .option('--slug <slug>')
    .option('--applies-to <what>', 'all, services, libraries, infrastructure, …')
    .option('--overview <text>')
    .option('--include <text>', 'in scope (repeatable)', collect)
    .option('--exclude <text>', 'out of scope (repeatable)', collect)
    .option('--category <name>', 'a rule category (repeatable; --must/--should/--may after it)', collect)
    .option('--must <rule>', 'a MUST rule of the preceding --category', collect)
    .option('--should <rule>', 'a SHOULD rule of the preceding --category', collect)
    .option('--may <rule>', 'a MAY rule of the preceding --category', collect)
    .option('--gitignore <pattern>', 'pattern for implementing repos (repeatable)', collect)
    .option('--enforcement <text>')
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--allow-duplicate', 'write even if a standard with the same title exists')
    .action(async (o) => run((await import('./commands/more-create.js')).standardCommand(o, argv)));

  const req = program.command('requirement').description('work with requirements');
  common(
    req
      .command('add')
      .argument('<doc>', 'SPEC-NNNN or SPEC-NNNN-EXT-NNNN')
      .description('add a requirement with the next free ID'),
    { from: true, interactive: true },
  )
    .option(
      '--requirement <"Name: statement">',
      'the requirement, as spec and extend take it; the statement must contain SHALL or MUST',
      collect,
    )
    // The older spelling of the two parts, kept working for scripts; help shows one form.
    .addOption(new Option('--name <name>').hideHelp())
    .addOption(new Option('--statement <text>').hideHelp())
    .option('--scenario <"Name: GIVEN … WHEN … THEN …">', 'a scenario (repeatable)', collect)
    .option('--depends-on <names>', 'requirements it depends on', collect)
    .action(async (d, o) => run((await import('./commands/more-create.js')).requirementAddCommand(d, o)));

  common(
    program
      .command('status')
      .argument('[id]', 'document ID (asked on a terminal when missing)')
      .argument('[status]', 'new status (asked on a terminal when missing)')
      .description('move a document along its lifecycle (legal transitions only)'),
    { from: true, interactive: true },
  )
    .option('--by <id>', 'successor, when superseding')
    .action(async (id, to, o) => run((await import('./commands/docs.js')).statusCommand(id, to, o)));

  common(
    program
      .command('bootstrap')
      .argument('<spec>', 'SPEC-NNNN to implement')
      .description('create (or update on a branch) the repository that implements a spec'),
    { interactive: true },
  )
    .option('--dir <path>', 'the repository folder (local forge): created if missing')
    .option('--github <org/name>', 'the repository on GitHub: created if missing, else updated by a PR')
    .option('--repo <org/name>', 'which implementing repository (default: the only one the spec lists)')
    .option('--standard <STD-NNNN>', 'apply this standard too (repeatable)', collect)
    .option('--skip-standard <STD-NNNN>', 'do not apply this standard (repeatable)', collect)
    .action(async (s, o) => run((await import('./commands/bootstrap.js')).bootstrapCommand(s, o)));

  common(
    program
      .command('plan')
      .description(
        'create or update the issues of the spec in this implementing repository; clone or refresh its spec dependencies in scratchpad/contexts/',
      ),
  )
    .option('--refresh', 'rewrite every issue to match the spec, even ones the team edited on the forge')
    .option('--extensions-only', 'only the issues extensions add or override; base issues stay as they are')
    .addHelpText(
      'after',
      [
        '',
        '"Blocked by" links between the issues of the plan follow the spec: a dependency the spec dropped is',
        'unlinked (links to issues outside the plan are left alone). On a GitHub Enterprise Server without',
        'sub-issues the tracking issue lists its issues as a task list instead. GitHub ETags are kept in',
        '.papertrail/cache/ between runs (not by --dry-run), so a re-plan reads conditionally.',
      ].join('\n'),
    )
    .action(async (o) => run((await import('./commands/plan.js')).planCommand(o)));

  common(
    program
      .command('next')
      .description('the first open issue whose blockers are all closed (lowest number wins)'),
    { dryRun: false },
  ).action(async (o) => run((await import('./commands/work.js')).nextCommand(o)));

  common(
    program
      .command('implement')
      .argument('[issue]', 'issue number (default: papertrail next)')
      .description(
        'branch implement/issue-N-slug, a "Resolves #N" commit and a draft PR; refreshes the spec dependencies in scratchpad/contexts/',
      ),
  )
    .option('--base <branch>', 'branch to start from and target', 'main')
    .action(async (i, o) => run((await import('./commands/work.js')).implementCommand(i, o)));

  common(
    program
      .command('sync')
      .argument('<spec>', 'SPEC-NNNN')
      .description(
        "set an implementation's status in the spec (planned, in-progress, complete) from its plan issues",
      ),
  )
    .option('--repo <org/name>', 'which implementation, when the spec lists several')
    .option('--dir <path>', "the implementing repository's folder (default: ask GitHub for the repo)")
    .action(async (s, o) => run((await import('./commands/sync.js')).syncCommand(s, o)));

  // Review on the local forge (GitHub has its own pages and `gh` for these).
  const pr = program.command('pr').description('pull requests on the local forge: ready, merge');
  common(
    pr
      .command('ready')
      .argument('<number>', 'pull request number')
      .description('mark a draft pull request ready for review'),
    { dryRun: false },
  ).action(async (n, o) => run((await import('./commands/work.js')).prReadyCommand(n, o)));
  common(
    pr
      .command('merge')
      .argument('<number>', 'pull request number')
      .description('merge commit into the base branch, then close the issues it resolves ("Resolves #N")'),
  ).action(async (n, o) => run((await import('./commands/work.js')).prMergeCommand(n, o)));
  const issue = program.command('issue').description('issues on the forge: close, reopen');
  common(
    issue
      .command('close')
      .argument('<number>', 'issue number')
      .description('close an issue as completed (or --not-planned)'),
    { dryRun: false },
  )
    .option('--not-planned', 'close as not planned')
    .action(async (n, o) => run((await import('./commands/work.js')).issueStateCommand(n, 'closed', o)));
  common(issue.command('reopen').argument('<number>', 'issue number').description('reopen a closed issue'), {
    dryRun: false,
  }).action(async (n, o) => run((await import('./commands/work.js')).issueStateCommand(n, 'open', o)));

  const runbook = program
    .command('runbook')
    .description('implementation runbooks: new, review by the governance panel, accept');
  common(
    runbook
      .command('new')
      .argument(
        '<story>',
        'STORY-ID (.agent/cache/stories/<SCOPE>/), SPEC-NNNN/REQ-NNN, or a plan issue ISSUE-N',
      )
      .description('write .agent/cache/runbooks/<SCOPE>/<STORY-ID>-runbook.md (Status: PROPOSED)'),
  )
    .option('--force', 'overwrite an existing runbook, or write one for a DRAFT story')
    .action(async (s, o) => run((await import('./commands/governance.js')).runbookNewCommand(s, o)));
  common(
    runbook
      .command('review')
      .argument('<id>', 'story ID, plan issue (ISSUE-N) or runbook path')
      .description("run every role's rules; write the findings into the runbook and tick approved roles"),
  )
    .option('--ai', 'also ask the AI reviewer (PAPERTRAIL_LLM_URL; advisory findings only)')
    .option('--sarif', 'SARIF 2.1.0 output for GitHub code scanning')
    .action(async (i, o) => run((await import('./commands/governance.js')).runbookReviewCommand(i, o)));
  common(
    runbook
      .command('accept')
      .argument('<id>', 'story ID, plan issue (ISSUE-N) or runbook path')
      .description('set Status: ACCEPTED once every role approved (or --override with a reason)'),
  )
    .option('--override <reason>', 'accept despite findings; the reason, who and when are recorded')
    .action(async (i, o) => run((await import('./commands/governance.js')).runbookAcceptCommand(i, o)));

  const governance = program
    .command('governance')
    .description('the constitution and the rules the governance panel and check enforce');
  common(
    governance
      .command('init')
      .description(
        'write a starter constitution (.papertrail/constitution.md) and the .agent/rules/ that enforce it; never overwrites',
      ),
  ).action(async (o) => run((await import('./commands/governance.js')).governanceInitCommand(o)));

  common(
    program
      .command('check')
      .description(
        'constitution check: every article against specs, plans and runbooks; exit 1 on violation',
      ),
    { dryRun: false },
  )
    .option(
      '--constitution <file>',
      'the constitution (default: .papertrail/constitution.md, .specify/memory/constitution.md)',
    )
    .action(async (o) => run((await import('./commands/governance.js')).checkCommand(o)));

  common(program.command('list').description('list documents'), { dryRun: false })
    .option('--kind <kind>', 'proposal, spec, extension, standard (repeatable)', collect)
    .option('--status <status>', 'only this status (repeatable)', collect)
    .action(async (o) => run((await import('./commands/docs.js')).listCommand(o)));

  common(
    program
      .command('show')
      .argument('<id>', 'a document ID, or a requirement: SPEC-0001/REQ-002, or by name SPEC-0001#Monitoring')
      .description('show a document or one requirement'),
    { dryRun: false },
  ).action(async (id, o) => run((await import('./commands/docs.js')).showCommand(id, o)));

  common(
    program
      .command('renumber')
      .description('fix duplicate document numbers and write missing requirement IDs'),
  ).action(async (o) => run((await import('./commands/docs.js')).renumberCommand(o)));

  addValidateCommand(program, async (p, o) =>
    run((await import('./commands/validate.js')).validateCommand(p, o)),
  );

  common(program.command('graph').description('requirements and specs as Mermaid, DOT or JSON'), {
    dryRun: false,
  })
    .addOption(
      choiceOption('--format <format>', 'output format', ['mermaid', 'dot', 'json']).default('mermaid'),
    )
    .addOption(
      choiceOption('--level <level>', 'what to draw', ['docs', 'requirements', 'all']).default('all'),
    )
    .option('--focus <id>', 'only what is connected to this document or requirement')
    .action(async (o) => run((await import('./commands/graph.js')).graphCommand(o)));

  common(
    program
      .command('trace')
      .argument('<id>', 'document or requirement ID')
      .description('what points at a document or requirement, and what it points at'),
    { dryRun: false },
  ).action(async (id, o) => run((await import('./commands/graph.js')).traceCommand(id, o)));

  program
    .command('mcp')
    .description('serve the verbs as MCP tools (and the slash commands as prompts) over stdio')
    .option('--dir <path>', 'the workspace (default: the current folder)')
    .addHelpText(
      'after',
      "\nAn argument over 1 MiB or a request over 4 MiB is refused (input/too-large); set\nPAPERTRAIL_MCP_MAX_ARGUMENT / PAPERTRAIL_MCP_MAX_REQUEST (bytes, 512KiB, 8MiB) to change it.\nPaths in arguments must lie in the client's roots, else in the workspace or a folder beside it.",
    )
    .action(async (o) => run((await import('./commands/mcp.js')).mcpCommand(o)));

  return program;
}

/** Verbs that serve until stopped, for which V8's defaults are right. */
const LONG_RUNNING = new Set(['mcp']);

export async function main(argv: string[]): Promise<number> {
  // A server is stopped by its client: it keeps Node's own handling of signals.
  if (!LONG_RUNNING.has(argv[0] ?? '')) {
    tuneWasmForShortRun();
    stopOnInterrupt(argv.includes('--json'));
  }
  let code = 0;
  const program = buildProgram(argv, (n) => {
    code = n;
  });
  return runProgram(program, argv, () => code);
}
