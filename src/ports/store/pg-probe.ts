// pg asks at load whether it runs in a Cloudflare Worker: with no `navigator` (Node 20 has none; Node 21
// and later have one) it builds a fetch Response to see, which makes Node load its whole fetch stack
// (undici) on every command that opens Postgres, a good part of that command's start. Node 21's own
// navigator answers the question instead; on Node 20 one like it stands in while pg loads, and only then.

/** Runs `load` (the import that evaluates pg) with a navigator like Node 21's when there is none. */
export async function withoutRuntimeProbe<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as { navigator?: unknown };
  if (g.navigator !== undefined) return load();
  const major = process.versions.node.split('.')[0];
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: `Node.js/${major}` },
    configurable: true,
    writable: true,
  });
  try {
    return await load();
  } finally {
    delete g.navigator;
  }
}
