import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';

/**
 * A git repository on main, committed, with `papertrail.yaml` as given and `.papertrail/` ignored: a
 * workspace for the CLI as a subprocess.
 */
export function gitWorkspace(name: string, config: string, ignore = '.papertrail/\n'): string {
  const root = join(tempDir(), name);
  mkdirSync(root, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ana');
  git('config', 'user.email', 'ana@example.com');
  writeFileSync(join(root, 'papertrail.yaml'), config);
  writeFileSync(join(root, '.gitignore'), ignore);
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  return root;
}
