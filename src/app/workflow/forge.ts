import { join } from 'node:path';
import { PtError } from '../../base/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { App } from './context.js';

export interface OpenForge {
  forge: ForgePort;
  close(): Promise<void>;
}

/** The workspace's forge: `local` is the store (embedded under .papertrail/, or DATABASE_URL) plus git. */
export async function openForge(app: App): Promise<OpenForge> {
  const repo = app.ws.config.repo;
  if (!repo) {
    throw new PtError('config/no-repo', 'papertrail.yaml does not say which repository this is', {
      hint: 'Set "repo: ORG/NAME" in papertrail.yaml (bootstrap writes it).',
      location: { file: 'papertrail.yaml' },
      exit: 2,
    });
  }
  if (app.ws.config.forge === 'github') {
    throw new PtError(
      'forge/not-built',
      'The GitHub forge is not built yet; this workspace is set to forge: github',
      {
        hint: 'Use forge: local for now.',
        exit: 2,
      },
    );
  }
  const { openStore } = await import('../../ports/store/index.js');
  const { LocalForge } = await import('../../ports/forge/index.js');
  const store = await openStore({ dataDir: join(app.ws.root, '.papertrail', 'store') });
  try {
    return { forge: await LocalForge.open(store.db, repo), close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
