import { GitHubError } from '../errors.js';
import { onlyQuery, type Routes, repoOf } from './types.js';

// Dependabot alerts of a repository, seeded by tests (see `dependabotAlert` in ../dependabot.ts).
// Off (`dependabotEnabled: false`) they answer 403 as GitHub does for a repository without them.

export const dependabotRoutes: Routes = {
  'GET /repos/{owner}/{repo}/dependabot/alerts': (ctx) => {
    onlyQuery(ctx, 'state', 'after');
    const repo = repoOf(ctx);
    if (!repo.dependabotEnabled)
      throw new GitHubError(403, 'Dependabot alerts are disabled for this repository.');
    const states = String(ctx.query.state ?? '')
      .split(',')
      .filter(Boolean);
    const alerts = repo.dependabotAlerts.filter((a) => !states.length || states.includes(String(a.state)));
    return { status: 200, items: alerts, cursor: true };
  },
};
