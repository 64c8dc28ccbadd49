// Apart from postgres.ts so that naming a store in a message does not load the Postgres driver.

/** The URL as it may appear in a message: never the password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
