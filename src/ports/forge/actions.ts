// The Actions port of a forge: GitHub has one; the local forge refuses, because there a deploy runs
// its command where Papertrail runs and no runner is involved.
import type { ActionsPort } from './actions-port.js';
import type { ForgePort } from './port.js';
import { notOnThisForge } from './unsupported.js';

interface WithActions {
  actions(): ActionsPort;
}

export function actionsOf(forge: ForgePort): ActionsPort {
  const f = forge as ForgePort & Partial<WithActions>;
  if (forge.kind === 'github' && typeof f.actions === 'function') return f.actions();
  throw notOnThisForge(
    forge.repo,
    'has no GitHub Actions runners',
    'On the local forge a deploy runs its command where Papertrail runs; use forge: github for runners.',
  );
}
