// Reads each file of the tree at most once and parses it on demand; every reader goes through
// here so a main spec targeted by many changes is parsed once.
import { existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { PtError, readText } from '../../base/index.js';
import type { Finding } from '../findings/index.js';
import { parseFlatYaml } from './flat-yaml.js';
import { type MetadataRead, readChangeMetadata } from './metadata.js';
import type { DeltaSpec, OpenSpecSpec } from './model.js';
import { parseDeltaSpec } from './parse-delta.js';
import { parseOpenSpecSpec } from './parse-main-spec.js';
import { finding } from './rules.js';
import {
  type ChangeEntry,
  inRoot,
  OPENSPEC_DIR,
  type OpenSpecTree,
  projectSchemaExists,
  type SpecEntry,
  type StrayDeltaFile,
} from './walk.js';

export type Read = { text: string; error: null } | { text: null; error: Finding | null };

export interface LoadedDelta {
  capability: string;
  delta: DeltaSpec;
}

export interface LoadedChange {
  entry: ChangeEntry;
  deltas: LoadedDelta[];
  /** Stray .md files under specs/ that carry delta sections. */
  misplaced: StrayDeltaFile[];
  metadataFile: string;
  metadataText: string | null;
  metadata: MetadataRead | null;
  tasksFile: string;
  tasksText: string | null;
  errors: Finding[];
}

/** A main spec as parsed, or the error reading it; both null when there is no file. */
export interface ParsedSpec {
  spec: OpenSpecSpec | null;
  error: Finding | null;
}

const NO_SPEC: ParsedSpec = { spec: null, error: null };

export class OpenSpecLoader {
  private readonly specFiles: Map<string, string>;
  private readonly specs = new Map<string, ParsedSpec>();
  private readonly schemas = new Map<string, boolean>();
  private configSchemaValue: string | null | undefined;
  private specDrivenOverridden: boolean | undefined;

  constructor(
    readonly root: string,
    readonly tree: OpenSpecTree,
  ) {
    this.specFiles = new Map(tree.specs.map((s) => [s.id, s.file]));
  }

  read(file: string): Read {
    try {
      return { text: readText(inRoot(this.root, file), file, this.tree.localFs), error: null };
    } catch (e) {
      if (e instanceof PtError && e.code === 'file/not-found') return { text: null, error: null };
      const message = e instanceof Error ? e.message : String(e);
      return { text: null, error: finding('openspec/unreadable', message, file, null) };
    }
  }

  specFile(capability: string): string {
    return this.specFiles.get(capability) ?? `${OPENSPEC_DIR}/specs/${capability}/spec.md`;
  }

  /**
   * The parsed main spec, or null when it does not exist; parsed once and kept. A capability the walk
   * did not list (one behind a symlinked folder) is still read, as archive would read it.
   */
  mainSpec(capability: string): ParsedSpec {
    let hit = this.specs.get(capability);
    if (!hit) {
      const listed = this.specFiles.get(capability);
      const file = listed ?? this.specFile(capability);
      hit = listed !== undefined || existsSync(inRoot(this.root, file)) ? this.parseSpec(file) : NO_SPEC;
      this.specs.set(capability, hit);
    }
    return hit;
  }

  /** Drops a parsed main spec no longer needed, returning it; undefined when it was never parsed. */
  forget(capability: string): ParsedSpec | undefined {
    const hit = this.specs.get(capability);
    this.specs.delete(capability);
    return hit;
  }

  /**
   * The text of a listed spec no change targets, read once and not kept; null when the walk did not
   * see the file and it is not there (a folder without a spec).
   */
  listedText(entry: SpecEntry): Read | null {
    const r = this.read(entry.file);
    return entry.unseen && r.text === null && !r.error ? null : r;
  }

  private parseSpec(file: string): ParsedSpec {
    const r = this.read(file);
    return r.text !== null
      ? { spec: parseOpenSpecSpec(r.text, file), error: null }
      : { spec: null, error: r.error };
  }

  knownSchema(name: string): boolean {
    if (name === 'spec-driven') return true;
    let known = this.schemas.get(name);
    if (known === undefined) {
      known = !/[\\/]/.test(name) && name !== '.' && name !== '..' && projectSchemaExists(this.root, name);
      this.schemas.set(name, known);
    }
    return known;
  }

  /** A project-local `openspec/schemas/<name>/` overrides the built-in schema of that name. */
  isProjectSchema(name: string): boolean {
    if (name !== 'spec-driven') return this.knownSchema(name);
    this.specDrivenOverridden ??= projectSchemaExists(this.root, name);
    return this.specDrivenOverridden;
  }

  /** `schema:` from openspec/config.yaml, the default for changes without their own. */
  configSchema(): string | null {
    if (this.configSchemaValue === undefined) {
      this.configSchemaValue = null;
      const r = this.read(`${OPENSPEC_DIR}/config.yaml`);
      if (r.text !== null) {
        try {
          // The flat YAML `openspec init` writes needs no YAML library (flat-yaml.ts).
          const data = (parseFlatYaml(r.text) ?? parseYaml(r.text)) as { schema?: unknown } | null;
          if (typeof data?.schema === 'string') this.configSchemaValue = data.schema;
        } catch {
          // An unreadable config leaves the default schema in force, as in OpenSpec.
        }
      }
    }
    return this.configSchemaValue;
  }

  loadChange(entry: ChangeEntry): LoadedChange {
    const errors: Finding[] = [];
    const deltas: LoadedDelta[] = [];
    for (const d of entry.deltas) {
      const r = this.read(d.file);
      if (r.text !== null) deltas.push({ capability: d.capability, delta: parseDeltaSpec(r.text, d.file) });
      else if (r.error) errors.push(r.error);
    }
    const misplaced: StrayDeltaFile[] = [];
    for (const s of entry.strayMarkdown) {
      const r = this.read(s.file);
      if (r.text !== null && parseDeltaSpec(r.text, s.file).sections.length > 0) misplaced.push(s);
    }
    const metadataFile = `${entry.dir}/.openspec.yaml`;
    const meta = entry.hasMetadata ? this.read(metadataFile) : null;
    if (meta?.error) errors.push(meta.error);
    const tasksFile = `${entry.dir}/tasks.md`;
    const tasks = entry.rootFiles.has('tasks.md') ? this.read(tasksFile) : null;
    if (tasks?.error) errors.push(tasks.error);
    const metadataText = meta?.text ?? null;
    return {
      entry,
      deltas,
      misplaced,
      metadataFile,
      metadataText,
      metadata: metadataText !== null ? readChangeMetadata(metadataText) : null,
      tasksFile,
      tasksText: tasks?.text ?? null,
      errors,
    };
  }
}
