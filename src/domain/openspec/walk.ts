// One pass over `openspec/`: the main specs and the active changes with every file validate needs.
// Dot entries are skipped and symlinked directories are not followed, as in OpenSpec; no realpath
// and no stat per file (Dirent types are enough), so the walk stays near the cost of readdir.
import { type Dirent, existsSync, lstatSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SpecEntry {
  /** Capability path: `auth`, `billing/invoices`. */
  id: string;
  /** Relative to the workspace root, forward slashes. */
  file: string;
  /**
   * The folder was not listed, because its link count says it has no subfolder: `file` is where its
   * spec would be, and when no file is there the folder holds no spec.
   */
  unseen?: true;
}

export interface DeltaEntry {
  capability: string;
  file: string;
}

export interface StrayDeltaFile {
  /** Path relative to the change's specs/ folder. */
  path: string;
  file: string;
  /** Where it should live, relative to specs/. */
  expected: string;
}

export interface ChangeEntry {
  id: string;
  dir: string;
  /** Names of the non-dot files directly in the change folder (regular files and links). */
  rootFiles: Set<string>;
  hasMetadata: boolean;
  deltas: DeltaEntry[];
  /** `specs/spec.md` directly under specs/, which archive ignores. */
  rootSpec: string | null;
  /** Other .md files under specs/; only the ones with delta sections are problems. */
  strayMarkdown: StrayDeltaFile[];
  /** Any non-dot file or link anywhere under specs/. */
  specsHaveFiles: boolean;
}

export interface OpenSpecTree {
  root: string;
  /** On a local file system that counts subfolders (see SUBDIR_COUNTING_FS), which also ends reads early. */
  localFs: boolean;
  specs: SpecEntry[];
  changes: ChangeEntry[];
}

export const OPENSPEC_DIR = 'openspec';

function list(abs: string): Dirent[] {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
}

function byName(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * `root/rel` for a relative path built from directory entries (no `.`, `..` or doubled slashes):
 * path.join's normalising allocated more than reading the file did on large trees.
 */
export function inRoot(root: string, rel: string): string {
  // Relative when the root is the working directory (the usual case): the kernel then resolves
  // fewer path components on each of the ~14,000 opens and stats of a large tree, and no long
  // path string is built. process.cwd() is cached by Node (and refreshed by chdir).
  if (root === process.cwd()) return rel;
  return root.endsWith('/') || root.endsWith('\\') ? root + rel : `${root}/${rel}`;
}

/** A `spec.md` that is a link counts only when it points at a file. */
function isFileEntry(e: Dirent, root: string, rel: string): boolean {
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(inRoot(root, rel)).isFile();
  } catch {
    return false;
  }
}

// File systems on which a directory's link count is 2 plus its number of subdirectories (ext2/3/4,
// XFS, tmpfs). Elsewhere (btrfs says 1, network and FUSE file systems say what they like) every
// folder is listed.
const SUBDIR_COUNTING_FS = new Set([0xef53, 0x58465342, 0x01021994]);

function linkCountsSubdirs(abs: string): boolean {
  try {
    return SUBDIR_COUNTING_FS.has(Number(statfsSync(abs).type));
  } catch {
    return false;
  }
}

/**
 * A spec folder without subfolders needs no listing: its spec is `spec.md` or nothing. One stat
 * instead of a listing (open, getdents twice, close) per folder is a visible share of validate's time
 * on a large tree (BENCHMARKS.md).
 */
function isLeaf(abs: string): boolean {
  try {
    return lstatSync(abs).nlink === 2;
  } catch {
    return false;
  }
}

export function walkOpenSpec(workspaceRoot: string): OpenSpecTree {
  const specs: SpecEntry[] = [];
  const specsRel = `${OPENSPEC_DIR}/specs`;
  const localFs = linkCountsSubdirs(inRoot(workspaceRoot, OPENSPEC_DIR));
  walkSpecs(workspaceRoot, specsRel, [], specs, localFs);
  specs.sort(byName);
  const changes: ChangeEntry[] = [];
  const changesRel = `${OPENSPEC_DIR}/changes`;
  for (const e of list(inRoot(workspaceRoot, changesRel))) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'archive') continue;
    changes.push(readChange(workspaceRoot, e.name, `${changesRel}/${e.name}`));
  }
  changes.sort(byName);
  return { root: workspaceRoot, localFs, specs, changes };
}

function walkSpecs(root: string, rel: string, segments: string[], out: SpecEntry[], leaves: boolean): void {
  for (const e of list(inRoot(root, rel))) {
    if (e.name.startsWith('.')) continue;
    const childRel = `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (leaves && isLeaf(inRoot(root, childRel))) {
        out.push({ id: [...segments, e.name].join('/'), file: `${childRel}/spec.md`, unseen: true });
      } else walkSpecs(root, childRel, [...segments, e.name], out, leaves);
    } else if (e.name === 'spec.md' && segments.length > 0 && isFileEntry(e, root, childRel)) {
      out.push({ id: segments.join('/'), file: childRel });
    }
  }
}

function readChange(root: string, id: string, dir: string): ChangeEntry {
  const entry: ChangeEntry = {
    id,
    dir,
    rootFiles: new Set(),
    hasMetadata: false,
    deltas: [],
    rootSpec: null,
    strayMarkdown: [],
    specsHaveFiles: false,
  };
  for (const e of list(inRoot(root, dir))) {
    if (e.name === '.openspec.yaml') entry.hasMetadata = e.isFile() || e.isSymbolicLink();
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) {
      if (e.name === 'specs') walkDeltas(root, `${dir}/specs`, [], entry);
    } else entry.rootFiles.add(e.name);
  }
  entry.deltas.sort((a, b) => (a.capability < b.capability ? -1 : a.capability > b.capability ? 1 : 0));
  return entry;
}

function walkDeltas(root: string, rel: string, segments: string[], entry: ChangeEntry): void {
  for (const e of list(inRoot(root, rel))) {
    if (e.name.startsWith('.')) continue;
    const childRel = `${rel}/${e.name}`;
    if (e.isDirectory()) {
      walkDeltas(root, childRel, [...segments, e.name], entry);
      continue;
    }
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    entry.specsHaveFiles = true;
    const path = [...segments, e.name].join('/');
    if (e.name === 'spec.md') {
      if (segments.length === 0) {
        if (isFileEntry(e, root, childRel)) entry.rootSpec = childRel;
      } else if (isFileEntry(e, root, childRel)) {
        entry.deltas.push({ capability: segments.join('/'), file: childRel });
      }
    } else if (e.name.toLowerCase().endsWith('.md')) {
      const capability = segments.length > 0 ? segments.join('/') : e.name.slice(0, -3);
      entry.strayMarkdown.push({ path, file: childRel, expected: `${capability}/spec.md` });
    }
  }
}

const CHANGE_MARKERS = ['.openspec.yaml', 'proposal.md', 'tasks.md', 'design.md'];
const MAX_NESTING = 3;

function looksLikeChange(abs: string): boolean {
  for (const m of CHANGE_MARKERS) {
    try {
      if (statSync(join(abs, m)).isFile()) return true;
    } catch {
      // absent
    }
  }
  return hasAnyFile(join(abs, 'specs'));
}

function hasAnyFile(abs: string): boolean {
  for (const e of list(abs)) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile() || e.isSymbolicLink()) return true;
    if (e.isDirectory() && hasAnyFile(join(abs, e.name))) return true;
  }
  return false;
}

/**
 * The change folders nested inside `changes/<id>/` when that folder is only a namespace (no file of
 * its own, no change marker). Empty for every ordinary change; only then is the disk read again.
 */
export function nestedChanges(root: string, change: ChangeEntry): string[] {
  if (change.rootFiles.size > 0 || change.hasMetadata || change.specsHaveFiles) return [];
  const abs = join(root, change.dir);
  if (looksLikeChange(abs)) return [];
  const found: string[] = [];
  collectNested(abs, change.id, 1, found);
  return found.sort();
}

function collectNested(abs: string, prefix: string, depth: number, found: string[]): void {
  if (depth > MAX_NESTING) return;
  for (const e of list(abs)) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const child = join(abs, e.name);
    const id = `${prefix}/${e.name}`;
    if (looksLikeChange(child)) found.push(id);
    else collectNested(child, id, depth + 1, found);
  }
}

export function projectSchemaExists(root: string, name: string): boolean {
  return existsSync(join(root, OPENSPEC_DIR, 'schemas', name, 'schema.yaml'));
}
