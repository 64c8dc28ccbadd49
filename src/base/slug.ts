import { PtError } from './errors.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Kebab-case slug for file names; never contains a path separator or a dot segment. */
export function slugify(title: string, max = 60): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= max) return base;
  const cut = base.slice(0, max);
  // The cut already ends a word: keep it whole rather than dropping back to the previous dash.
  if (base[max] === '-') return cut;
  const dash = cut.lastIndexOf('-');
  return (dash > max / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

export function checkSlug(slug: string, what = 'slug'): string {
  if (!SLUG.test(slug)) {
    throw new PtError('input/bad-slug', `The ${what} "${slug}" cannot be used in a file name`, {
      hint: 'Use lower-case letters, digits and single dashes (e.g. "runner-infrastructure"); no "/", "." or "..".',
    });
  }
  return slug;
}
