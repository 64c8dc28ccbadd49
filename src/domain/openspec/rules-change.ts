// Rules for one active change: where its deltas live, whether it has any, its metadata markers
// and its task list. Per-delta rules come from rules-delta.ts and rules-merge.ts.
import type { Finding } from '../findings/index.js';
import type { LoadedChange, OpenSpecLoader } from './load.js';
import { keyPosition, readMarker } from './metadata.js';
import { deltaEntryCount } from './model.js';
import { finding } from './rules.js';
import { checkDelta } from './rules-delta.js';
import { checkMerge } from './rules-merge.js';
import { checkTasks } from './tasks.js';
import { nestedChanges } from './walk.js';

export function checkChange(c: LoadedChange, env: OpenSpecLoader): Finding[] {
  const { entry } = c;
  const nested = nestedChanges(env.root, entry);
  if (nested.length > 0) {
    const list = nested.map((n) => `openspec/changes/${n}/`).join(', ');
    return [
      finding(
        'openspec/nested-change',
        `"${entry.id}" is not a change: it is a folder wrapping ${list}, which OpenSpec does not see`,
        entry.dir,
        null,
        {
          hint: `Move each nested change directly under openspec/changes/, e.g. "${nested[0]!.replaceAll('/', '-')}".`,
        },
      ),
    ];
  }
  const out: Finding[] = [...c.errors];
  if (entry.rootSpec) {
    out.push(
      finding(
        'openspec/delta-misplaced',
        'Delta spec found at specs/spec.md; a file at the specs/ root is ignored when the change is archived',
        entry.rootSpec,
        null,
        { hint: 'Move it to specs/<capability>/spec.md.' },
      ),
    );
  }
  for (const m of c.misplaced) {
    out.push(
      finding(
        'openspec/delta-misplaced',
        `Delta spec found at specs/${m.path}; only a spec.md inside a capability folder is read`,
        m.file,
        null,
        { hint: `Move its requirements into specs/${m.expected}.` },
      ),
    );
  }
  const retire = marker(c, env, 'retire_capabilities').declared;
  let total = 0;
  for (const { capability, delta } of c.deltas) {
    total += deltaEntryCount(delta);
    out.push(...checkDelta(delta));
    const { spec, error } = env.mainSpec(capability);
    if (error) continue;
    out.push(
      ...checkMerge({ delta, capability, target: spec, targetFile: env.specFile(capability), retire }),
    );
  }
  checkMetadata(c, env, out, total);
  checkTaskList(c, env, out);
  return out;
}

function marker(c: LoadedChange, env: OpenSpecLoader, key: 'skip_specs' | 'retire_capabilities') {
  if (c.metadataText === null || !c.metadata) return { declared: false, invalid: null };
  return readMarker(c.metadataText, c.metadata, key, (n) => env.knownSchema(n));
}

function checkMetadata(c: LoadedChange, env: OpenSpecLoader, out: Finding[], total: number): void {
  const { entry, metadata } = c;
  const skip = marker(c, env, 'skip_specs');
  const keyPos = metadata?.problem ? metadata.problem : null;
  const skipPos = c.metadataText === null ? null : keyPosition(c.metadataText, 'skip_specs');
  if (skip.invalid) {
    out.push(
      finding(
        'openspec/skip-specs-invalid',
        `skip_specs is set but .openspec.yaml is not valid change metadata, so it is not honoured (${skip.invalid})`,
        c.metadataFile,
        keyPos ?? skipPos,
      ),
    );
  } else if (metadata?.problem) {
    out.push(
      finding(
        'openspec/metadata-invalid',
        `.openspec.yaml: ${metadata.problem.message}`,
        c.metadataFile,
        keyPos,
      ),
    );
  } else if (metadata?.data && !env.knownSchema(metadata.data.schema)) {
    out.push(
      finding(
        'openspec/metadata-invalid',
        `.openspec.yaml names unknown schema "${metadata.data.schema}"`,
        c.metadataFile,
        {
          line: 1,
          column: 1,
        },
      ),
    );
  }
  if (skip.declared && entry.specsHaveFiles) {
    out.push(
      finding(
        'openspec/skip-specs-conflict',
        'skip_specs is set in .openspec.yaml but files exist under specs/',
        c.metadataFile,
        skipPos,
      ),
    );
  }
  if (total > 0 || entry.rootSpec || c.misplaced.length > 0) return;
  if (skip.declared) {
    if (!entry.specsHaveFiles) {
      out.push(
        finding(
          'openspec/skip-specs-accepted',
          'skip_specs is set: the change declares no spec-level behaviour change, zero deltas accepted',
          c.metadataFile,
          skipPos,
        ),
      );
    }
    return;
  }
  out.push(
    finding(
      'openspec/change-no-deltas',
      `Change "${entry.id}" must have at least one delta`,
      entry.dir,
      null,
    ),
  );
}

/** Both lints follow the built-in spec-driven schema, whose tasks.md they were written for. */
function checkTaskList(c: LoadedChange, env: OpenSpecLoader, out: Finding[]): void {
  if (c.tasksText === null) return;
  if (c.metadata && !c.metadata.data) return;
  const schema = c.metadata?.data?.schema ?? env.configSchema() ?? 'spec-driven';
  if (schema !== 'spec-driven') return;
  const builtIn = !env.isProjectSchema('spec-driven');
  out.push(...checkTasks(c.tasksText, c.tasksFile, builtIn));
}
