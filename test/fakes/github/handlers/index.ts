import { actionRoutes } from './actions.js';
import { checkRoutes } from './checks.js';
import { dependabotRoutes } from './dependabot.js';
import { gitRoutes } from './git.js';
import { issueRoutes } from './issues.js';
import { labelRoutes } from './labels.js';
import { pullRoutes } from './pulls.js';
import { relationRoutes } from './relations.js';
import { repoRoutes } from './repos.js';
import type { Routes } from './types.js';

export type { Ctx, Handler, Reply, Routes } from './types.js';

export const routes: Routes = {
  ...repoRoutes,
  ...labelRoutes,
  ...issueRoutes,
  ...relationRoutes,
  ...gitRoutes,
  ...pullRoutes,
  ...checkRoutes,
  ...dependabotRoutes,
  ...actionRoutes,
};
