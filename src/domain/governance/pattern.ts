// Rule authors write regexes as YAML strings: plain (`[A-Z]+-\d+`), slashed with flags (`/rollback/i`),
// or with a leading `(?i)` as in Go, Python and most linters (Node 20's RegExp lacks inline flags).

export function compilePattern(source: string): RegExp {
  let body = source;
  let flags = '';
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
  if (slashed) {
    body = slashed[1]!;
    flags = slashed[2]!;
  } else if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags = 'i';
  }
  if (/[^imsu]/.test(flags)) throw new SyntaxError(`unsupported flag(s) "${flags}" (use i, m, s or u)`);
  // Matching is done line by line or over the whole text; global state must not leak between calls.
  return new RegExp(body, flags.includes('m') ? flags : `${flags}m`);
}

/** A glob (`infra/**`, `src/*.ts`, `**\/Dockerfile`) as an anchored regex over forward-slash paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') {
      if (g[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        if (g[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close === -1) re += '\\{';
      else {
        re += `(?:${g
          .slice(i + 1, close)
          .split(',')
          .map((p) => p.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'))
          .join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder glob (`infra/`) covers everything under it.
  if (g.endsWith('/')) re += '.*';
  return new RegExp(`^${re}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path.replace(/^\.\//, ''));
}
