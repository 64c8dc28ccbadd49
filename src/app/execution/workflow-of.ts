import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { executionSettings, PtError, readText } from '../../base/index.js';
import {
  defaultWorkflow,
  importSpecKitTasks,
  parseWorkflowYaml,
  type Workflow,
} from '../../domain/execution/index.js';
import type { App } from '../kernel/index.js';

/**
 * The workflow every work item of the workspace follows: the file `execution.workflow` in
 * papertrail.yaml names (a workflow YAML, or a Spec Kit tasks.md: a name ending in .md), else the
 * built-in one, whose runbook step ends in the governance panel's verdict when runbooks are required.
 * Its CI gates require the checks `execution.ci.required` names, when it names some.
 */
export function workflowOf(app: App): Workflow {
  return withRequiredChecks(workflowFile(app), executionSettings(app.ws.config).ci.required);
}

/** The CI gates judge by the checks `execution.ci.required` names, where the setting is given. */
function withRequiredChecks(wf: Workflow, required: readonly string[] | undefined): Workflow {
  if (!required?.length) return wf;
  return {
    ...wf,
    steps: wf.steps.map((s) =>
      s.gates?.some((g) => g.kind === 'ci-checks')
        ? { ...s, gates: s.gates.map((g) => (g.kind === 'ci-checks' ? { ...g, required } : g)) }
        : s,
    ),
  };
}

function workflowFile(app: App): Workflow {
  const file = app.ws.config.execution?.workflow;
  if (!file)
    return defaultWorkflow({
      runbooks: app.ws.config.governance?.runbooks === 'required' ? 'required' : 'optional',
    });
  const path = join(app.ws.root, file);
  if (!existsSync(path))
    throw new PtError('work/no-workflow-file', `execution.workflow names ${file}, which does not exist`, {
      hint: 'Fix the path in papertrail.yaml (relative to the workspace), or remove it for the built-in workflow.',
      location: { file: 'papertrail.yaml' },
      exit: 3,
    });
  const text = readText(path, file);
  return file.toLowerCase().endsWith('.md')
    ? importSpecKitTasks(text, file, { effectiveFrom: app.today }).workflow
    : parseWorkflowYaml(text, file);
}
