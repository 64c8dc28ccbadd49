/** Now as ISO 8601 UTC; PAPERTRAIL_TODAY pins it to that day's midnight so records are reproducible. */
export function nowIso(env: NodeJS.ProcessEnv = process.env): string {
  const pinned = env.PAPERTRAIL_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return `${pinned}T00:00:00Z`;
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
