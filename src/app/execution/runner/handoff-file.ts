// The handoff context reaches the step's command as a file (PAPERTRAIL_HANDOFF): a command line or an
// environment variable has size limits a requirement's text can pass, and a file is what an agent's
// prompt can `cat`. It lives in a private folder under the workspace's .papertrail/ (which git ignores,
// so a step that commits everything never commits it), one per attempt, removed when the attempt ends.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pidAlive } from '../../../base/index.js';

const PREFIX = 'handoff-';
// `handoff-<pid>-<random>`: the pid says whether the runner that made it is still alive.
const OWN_DIR = /^handoff-(\d+)-/;

export interface HandoffFile {
  path: string;
  /** Removes the file and its folder; harmless when they are gone already. */
  remove(): void;
}

export function writeHandoffFile(root: string, handoff: object): HandoffFile {
  const base = join(root, '.papertrail');
  mkdirSync(base, { recursive: true });
  removeOrphans(base);
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  const path = join(dir, 'handoff.json');
  try {
    // It may carry the requirement's text and the branch: readable by this user only.
    writeFileSync(path, `${JSON.stringify(handoff, null, 2)}\n`, { mode: 0o600 });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Folders left by a runner that was killed before it could remove them. */
function removeOrphans(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const m = OWN_DIR.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !pidAlive(pid)) rmSync(join(base, name), { recursive: true, force: true });
  }
}
