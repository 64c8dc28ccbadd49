import { describe, expect, it } from 'vitest';
import { specDependencies } from '../../../src/app/workflow/bootstrap/dependencies.js';
import { parseDoc } from '../../../src/domain/docs/index.js';

const doc = (file: string, front: string) =>
  parseDoc({
    source: `---\n${front}\n---\n\n# Title\n`,
    path: `/work/decisions/docs/specs/${file}`,
    file: `docs/specs/${file}`,
  });

const users = (link: string) =>
  doc(
    'SPEC-0001-users.md',
    `id: SPEC-0001\ntitle: Users\nstatus: approved\nimplementations:\n  - repo: acme/users\n    status: planned\n    link: ${link}`,
  );
const orders = doc(
  'SPEC-0002-orders.md',
  'id: SPEC-0002\ntitle: Orders\nstatus: approved\ndepends_on: [SPEC-0001]',
);

const urlFor = (link: string, dir?: string) =>
  specDependencies(orders, [], [orders, users(link)], '/work/decisions', dir)[0]!.url;

describe('where bootstrap says a dependency is cloned from', () => {
  it('a relative folder: relative to the implementing repository on the local forge, file:// otherwise', () => {
    expect(urlFor('../users', '/work/orders')).toBe('../users');
    expect(urlFor('./repos/users', '/work/orders')).toBe('../decisions/repos/users');
    expect(urlFor('../users')).toBe('file:///work/users');
  });

  it('an absolute folder stays absolute; a git URL stays as written', () => {
    expect(urlFor('/srv/git/users', '/work/orders')).toBe('file:///srv/git/users');
    expect(urlFor('ssh://git.example.com/acme/users.git', '/work/orders')).toBe(
      'ssh://git.example.com/acme/users.git',
    );
  });

  it('a link to a web page (a pull request, an issue) is not a repository: GitHub’s address is used', () => {
    expect(urlFor('https://github.com/acme/users/pull/3', '/work/orders')).toBe(
      'https://github.com/acme/users.git',
    );
    expect(urlFor('https://github.com/acme/users.git', '/work/orders')).toBe(
      'https://github.com/acme/users.git',
    );
  });
});
