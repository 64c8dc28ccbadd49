// The slash-command files Papertrail wrote before it wrote skills: Copilot prompt files and Claude Code
// commands named like the assistants' own commands (`/plan`, `/init`…). A file still exactly as Papertrail
// wrote it is replaced by its skill; one the project edited is its own and stays, with a notice.
import { createHash } from 'node:crypto';
import { COMMANDS, type RepoRole, skillName } from './commands.js';
import type { Assistant } from './files.js';

/** SHA-256 of each file as every earlier version wrote it (the text never changed between them). */
const WRITTEN: Record<string, readonly string[]> = {
  '.claude/commands/bootstrap.md': ['01850f80cea06828d368d57d3e78e091b062e12a8c8f483f98f2a22d1b98b2ac'],
  '.claude/commands/implement.md': ['c7bd612f9e87f8e8fd77fb516894a7d6ed430e3eea5d79dbe5b29f47c3b38915'],
  '.claude/commands/plan.md': ['42166ea37571b9cdb163d5c3382a3a7756e005d1d01e73d2b2107ce5bfdd792b'],
  '.claude/commands/propose.md': ['4052d7fb7f12618e4b0be192521568519ccad3be7bdc12a7c90127b7f04f5d95'],
  '.claude/commands/runbook.md': ['1669bef70da11cf8e20b62435ccd7b193971cb837b39f3eccf102a0b7294999b'],
  '.claude/commands/spec.md': ['81b14913491ff057d22062e427321eb521e396a52139234e10f8ded7984c816d'],
  '.github/prompts/bootstrap.prompt.md': ['3e079e4c8c09fb044d3b3f01d2fd9efc1c2ac41fa32608514e7e7bf1d5a2f32c'],
  '.github/prompts/implement.prompt.md': ['abf36a5c1fa1e8e2cc4ecd2fb10b833f0c19e4e51dbc015dada16508915a5c63'],
  '.github/prompts/plan.prompt.md': ['f167a39ae670a0f8aa161b450f22d1be001b30e189abb15f34e24aae70e0adae'],
  '.github/prompts/propose.prompt.md': ['dade3d72a7dbcda096ba7af4e612ec14c7412adec444142bd5a572feb8bb104e'],
  '.github/prompts/runbook.prompt.md': ['2238d3be221047cb7ee892324945330f96eb2beeb32f49d82a638dab2cc1831a'],
  '.github/prompts/spec.prompt.md': ['476b1db77e584b5b39f75073c356c0e25e1ce6290d7f189e04ecacacba9fd01b'],
};

const LEGACY_PATH: Record<Assistant, (name: string) => string> = {
  copilot: (n) => `.github/prompts/${n}.prompt.md`,
  claude: (n) => `.claude/commands/${n}.md`,
};

export interface LegacyFile {
  path: string;
  /** The skill that replaces it. */
  skill: string;
}

/** The legacy command files of a repository of `role` for these assistants, whether they exist or not. */
export function legacyFiles(role: RepoRole, assistants: readonly Assistant[]): LegacyFile[] {
  return assistants.flatMap((a) =>
    COMMANDS.filter((c) => c.role === role).map((c) => ({
      path: LEGACY_PATH[a](c.name),
      skill: skillName(c.name),
    })),
  );
}

/** Whether `content` is exactly what Papertrail wrote at `path` (so replacing it loses nothing). */
export function isPapertrailsOwn(path: string, content: string): boolean {
  const sha = createHash('sha256').update(content, 'utf8').digest('hex');
  return (WRITTEN[path] ?? []).includes(sha);
}

export interface LegacyMigration {
  /** Papertrail's own unchanged files: removed, their skills written instead. */
  remove: { path: string; content: string }[];
  /** Files the project edited: left as they are. */
  keep: LegacyFile[];
}

/** Sorts the legacy files a repository has (`read` gives null for a file it lacks). */
export function migrateLegacy(files: LegacyFile[], read: (path: string) => string | null): LegacyMigration {
  const remove: LegacyMigration['remove'] = [];
  const keep: LegacyFile[] = [];
  for (const f of files) {
    const content = read(f.path);
    if (content === null) continue;
    if (isPapertrailsOwn(f.path, content)) remove.push({ path: f.path, content });
    else keep.push(f);
  }
  return { remove, keep };
}
