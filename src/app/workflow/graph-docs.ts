import type { Doc } from '../../domain/docs/index.js';
import { type App, loadAll, requireWorkspace } from './context.js';
import { loadImplementingSpec } from './plan/run.js';
import { hasWork } from './trace-work.js';

/**
 * The documents `graph` and `trace` cover: in an implementing repository the spec and its extensions
 * under .github/spec (and the spec whose work can be traced), elsewhere the workspace's documents.
 */
export function graphDocs(app: App): { docs: Doc[]; specId: string | null } {
  if (hasWork(app)) {
    const s = loadImplementingSpec(app);
    return { docs: [s.spec, ...s.extensions], specId: s.spec.id };
  }
  requireWorkspace(app);
  return { docs: loadAll(app).docs, specId: null };
}
