import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, PtError } from '../../base/index.js';
import {
  builtinTemplates,
  type CallableVerbs,
  type LoadedTemplate,
  parseTemplateYaml,
} from '../../domain/ops/index.js';
import type { App } from '../kernel/index.js';
import type { OpsDeps } from './deps.js';

/** Where a workspace keeps its own run templates. */
export const TEMPLATES_DIR = '.papertrail/runs';

/**
 * The built-in templates, then the workspace's (.papertrail/runs/*.yaml, in name order); a workspace
 * template with a built-in's slug replaces it. A bad file refuses everything at its file:line:col,
 * so a typo is found when a run is asked for, not half-way through one; so is a verb step calling a
 * verb the face did not wire, or giving it a `with:` key it does not take.
 */
export function loadTemplates(app: App, deps: OpsDeps): LoadedTemplate[] {
  const verbs = callableVerbs(deps);
  const bySlug = new Map(builtinTemplates(verbs).map((b) => [b.template.slug, b]));
  const own = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(join(app.ws.root, TEMPLATES_DIR))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    // No folder: the built-ins only.
  }
  for (const name of names) {
    const file = `${TEMPLATES_DIR}/${name}`;
    const yaml = readFileSync(join(app.ws.root, file), 'utf8');
    const template = parseTemplateYaml(yaml, file, { verbs });
    const first = own.get(template.slug);
    if (first)
      throw new PtError(
        'ops/template-duplicate-slug',
        `${file} and ${first} are both template "${template.slug}"`,
        {
          hint: 'Give each template its own slug.',
          location: { file, line: 1, column: 1 },
          exit: EXIT.conflict,
        },
      );
    own.set(template.slug, file);
    bySlug.set(template.slug, { template, source: file, yaml });
  }
  return [...bySlug.values()];
}

function callableVerbs(deps: OpsDeps): CallableVerbs {
  return Object.fromEntries(Object.entries(deps.verbs).map(([name, v]) => [name, v.args]));
}

export function findTemplate(all: readonly LoadedTemplate[], slug: string): LoadedTemplate {
  const t = all.find((l) => l.template.slug === slug);
  if (!t)
    throw new PtError('ops/unknown-template', `There is no run template "${slug}"`, {
      hint: `Templates: ${all.map((l) => l.template.slug).join(', ')} (papertrail ops templates).`,
      exit: EXIT.conflict,
    });
  return t;
}

export interface TemplateSummary {
  slug: string;
  title: string;
  description: string;
  kind: string;
  source: string;
  risk: { level: string; codes: string[] };
  keywords: string[];
  inputs: {
    name: string;
    type: string;
    required: boolean;
    default?: string | number | boolean;
    choices?: string[];
  }[];
  checks: string[];
  phases: { name: string; steps: { id: string; title: string; kind: string }[] }[];
}

/** `ops templates`: every template a run can start from, checked against the verbs `deps` wires. */
export function opsTemplates(app: App, deps: OpsDeps): TemplateSummary[] {
  return loadTemplates(app, deps).map(({ template: t, source }) => ({
    slug: t.slug,
    title: t.title,
    description: t.description,
    kind: t.kind,
    source,
    risk: { level: t.risk.level, codes: [...t.risk.codes] },
    keywords: t.keywords,
    inputs: t.inputs.map((i) => ({
      name: i.name,
      type: i.type,
      required: i.required,
      ...(i.default !== undefined ? { default: i.default } : {}),
      ...(i.choices ? { choices: i.choices } : {}),
    })),
    checks: t.checks,
    phases: t.phases.map((p) => ({
      name: p.name,
      steps: p.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind })),
    })),
  }));
}
