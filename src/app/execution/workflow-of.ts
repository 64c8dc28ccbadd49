import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PtError, readText } from '../../base/index.js';
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
 */
export function workflowOf(app: App): Workflow {
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
