import { useEffect, useState } from 'react';

// Paths, not hashes: `serve` answers index.html for each of the app's pages.

export type Route =
  | { page: 'runs' }
  | { page: 'run'; id: string }
  | { page: 'work' }
  | { page: 'audit' }
  | { page: 'missing' };

export function routeOf(path: string): Route {
  if (path === '/' || path === '/runs') return { page: 'runs' };
  const run = /^\/runs\/([\w-]+)$/.exec(path);
  if (run) return { page: 'run', id: run[1]! };
  if (path === '/work') return { page: 'work' };
  if (path === '/audit') return { page: 'audit' };
  return { page: 'missing' };
}

export function go(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return routeOf(path);
}
