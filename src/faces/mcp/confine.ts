// Where an assistant may point Papertrail: the folders its client declares as roots (MCP `roots`), or,
// when the client declares none, the workspace and the folders beside it (where `bootstrap --dir
// ../name` puts the implementing repository). A path argument anywhere else is refused before the
// tool runs, whatever it would have read or written there.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWithin, PtError, realTarget } from '../../base/index.js';

export interface Places {
  /** The client's roots, as real paths; null when the client sent none. */
  roots: string[] | null;
}

/** The file:// roots a client sent, as folders; other schemes name no folder and are left out. */
export function rootFolders(roots: { uri: string }[]): string[] {
  return roots.filter((r) => r.uri.startsWith('file://')).map((r) => realTarget(fileURLToPath(r.uri)));
}

/** The real path of `path` (relative to the workspace) when it is in an allowed place; a refusal otherwise. */
export function confine(workspace: string, places: Places, path: string, arg: string): string {
  const real = realTarget(resolve(workspace, path));
  if (places.roots?.length) {
    if (places.roots.some((r) => isWithin(r, real))) return real;
    throw new PtError(
      'path/outside-roots',
      `${arg}: ${path} is outside the roots the MCP client allows (${places.roots.join(', ')})`,
      {
        hint: 'Use a path inside one of those folders, or add the folder to the roots your assistant gives the server.',
        location: { file: path },
        exit: 3,
      },
    );
  }
  const root = realTarget(workspace);
  const parent = dirname(root);
  // Beside the workspace, but never the parent itself, nor the whole disk when the workspace is at the top.
  const beside = parent !== dirname(parent) && isWithin(parent, real) && real !== parent;
  if (isWithin(root, real) || beside) return real;
  throw new PtError(
    'path/outside-workspace',
    `${arg}: ${path} is outside the workspace ${root} and the folders beside it${parent !== dirname(parent) ? ` in ${parent}` : ''}`,
    {
      hint: 'Over MCP, Papertrail reads and writes only in the workspace and the folders next to it (or in the roots the client declares): use a path there.',
      location: { file: path },
      exit: 3,
    },
  );
}
