// The package's version, for every face (`--version`, the MCP server's name, SARIF's tool version,
// the validate cache's key). Read from package.json, which sits at a different depth from the
// sources than from the bundle, on first use: importing base must not cost validate a file read it
// does not need.
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
      if (pkg.name === 'papertrail-spec' && pkg.version) return pkg.version;
    } catch {
      // try the next level: the bundle and the sources sit at different depths
    }
  }
  return '0.0.0';
}

let known: string | undefined;

export function version(): string {
  known ??= readVersion();
  return known;
}
