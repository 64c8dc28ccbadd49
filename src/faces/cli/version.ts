import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const rel of [
    '../package.json',
    '../../package.json',
    '../../../package.json',
    '../../../../package.json',
  ]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'papertrail' && pkg.version) return pkg.version;
    } catch {
      // try the next level: the bundle and the sources sit at different depths
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
