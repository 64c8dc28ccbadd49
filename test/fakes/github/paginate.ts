// Page-number pagination with a `Link` header, as most REST list endpoints do it, and the cursor
// pagination (`before`/`after`) of the endpoints that have no page numbers.

const MAX_PER_PAGE = 100;

export function paginate(
  items: unknown[],
  query: Record<string, unknown>,
  selfUrl: URL,
): { page: unknown[]; link?: string } {
  const perPage = Math.min(Math.max(Number(query.per_page ?? 30), 1), MAX_PER_PAGE);
  const page = Math.max(Number(query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const at = (n: number) => {
    const u = new URL(selfUrl);
    u.searchParams.set('page', String(n));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.length > 0 ? { page: slice, link: links.join(', ') } : { page: slice };
}

/** The cursor of the item at `index`: opaque to clients, as GitHub's are. */
const cursorAt = (index: number) => Buffer.from(`fake:${index}`).toString('base64url');

function indexOf(cursor: unknown): number {
  const m = /^fake:(\d+)$/.exec(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  return m ? Number(m[1]) : 0;
}

export function paginateCursor(
  items: unknown[],
  query: Record<string, unknown>,
  selfUrl: URL,
): { page: unknown[]; link?: string } {
  const perPage = Math.min(Math.max(Number(query.per_page ?? 30), 1), MAX_PER_PAGE);
  const start = query.after === undefined ? 0 : indexOf(query.after);
  const slice = items.slice(start, start + perPage);
  if (start + perPage >= items.length) return { page: slice };
  const u = new URL(selfUrl);
  u.searchParams.delete('before');
  u.searchParams.set('after', cursorAt(start + perPage));
  u.searchParams.set('per_page', String(perPage));
  return { page: slice, link: `<${u.toString()}>; rel="next"` };
}
