import { basename } from 'node:path';
import { type Doc, findSection, SECTION_ALIASES, sectionText } from '../../../domain/docs/index.js';
import { ASSISTANTS, assistantFiles } from '../assistant/index.js';
import type { ChosenStandard } from './select-standards.js';
import * as t from './templates.js';

export interface ScaffoldFile {
  path: string;
  content: string;
  /** `owned`: the project may edit it, so it is written only when absent (README, AGENTS, standards' scaffold). */
  owned: boolean;
}

function scaffoldOf(doc: Doc): { directories: string[]; files: { path: string; content: string }[] } {
  const s = doc.data.scaffold as { directories?: unknown; files?: unknown } | undefined;
  const dirs = Array.isArray(s?.directories)
    ? s.directories.filter((d): d is string => typeof d === 'string')
    : [];
  const files = Array.isArray(s?.files)
    ? (s.files as { path?: unknown; content?: unknown }[]).filter(
        (f) => typeof f.path === 'string' && typeof f.content === 'string',
      )
    : [];
  return { directories: dirs, files: files as { path: string; content: string }[] };
}

const safe = (p: string) => !p.startsWith('/') && !p.split('/').includes('..');

/** Every file a repository implementing `spec` should have, in a stable order. */
export function scaffoldFiles(
  spec: Doc,
  extensions: Doc[],
  standards: ChosenStandard[],
  repo: string,
  specUrl: string,
  forge: 'local' | 'github' = 'local',
): ScaffoldFile[] {
  const ctx: t.ScaffoldContext = {
    specId: spec.id,
    specTitle: spec.title ?? spec.id,
    specOverview: sectionText(spec, findSection(spec, SECTION_ALIASES.overview))
      .replace(/\n\*\*Implements:\*\*.*$/s, '')
      .trim(),
    specUrl,
    repo,
    extensions: extensions.map((e) => ({ id: e.id, title: e.title ?? e.id, file: basename(e.path) })),
    standards: standards.map((s) => ({
      id: s.doc.id,
      title: s.doc.title ?? s.doc.id,
      file: basename(s.doc.path),
    })),
  };
  const files: ScaffoldFile[] = [
    { path: 'README.md', content: t.readme(ctx), owned: true },
    { path: 'AGENTS.md', content: t.agents(ctx), owned: true },
    { path: 'CLAUDE.md', content: '@AGENTS.md\n', owned: true },
    { path: 'papertrail.yaml', content: t.workspaceConfig(ctx, forge), owned: true },
    {
      path: '.gitignore',
      content: t.gitignore(
        standards.map((s) => ({
          id: s.doc.id,
          title: s.doc.title ?? s.doc.id,
          patterns: Array.isArray(s.doc.data.gitignore)
            ? (s.doc.data.gitignore as unknown[]).map(String)
            : [],
        })),
      ),
      owned: false,
    },
    { path: '.github/copilot-instructions.md', content: t.copilotInstructions(ctx), owned: true },
    // MCP config and skills (/pt-plan, /pt-implement): the same files init writes, for this repository.
    ...assistantFiles({ role: 'implementing', assistants: ASSISTANTS }).map((f) => ({
      path: f.path,
      content: f.content,
      owned: f.kind !== 'skill',
    })),
    // The spec, its extensions and the standards are copies of the reviewed documents, byte for byte.
    { path: '.github/spec/spec.md', content: spec.source, owned: false },
    ...extensions.map((e) => ({
      path: `.github/spec/extensions/${basename(e.path)}`,
      content: e.source,
      owned: false,
    })),
    ...standards.map((s) => ({
      path: `.github/standards/${basename(s.doc.path)}`,
      content: s.doc.source,
      owned: false,
    })),
  ];
  // Standards' scaffolds: the first standard to claim a path wins; never overwrite the project's files.
  const claimed = new Set(files.map((f) => f.path));
  for (const s of standards) {
    const sc = scaffoldOf(s.doc);
    for (const d of sc.directories.map((x) => x.replace(/\/+$/, ''))) {
      const keep = `${d}/.gitkeep`;
      if (safe(d) && !claimed.has(keep)) {
        claimed.add(keep);
        files.push({ path: keep, content: '', owned: true });
      }
    }
    for (const f of sc.files) {
      if (safe(f.path) && !claimed.has(f.path)) {
        claimed.add(f.path);
        files.push({ path: f.path, content: f.content, owned: true });
      }
    }
  }
  return files;
}
