import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Who may do what. viewer reads; operator also runs work (schedule) and starts and cancels runs;
// approver also decides gates and approves runs.
// Beyond loopback every request carries a token (Authorization: Bearer) or the web session's cookie;
// a write with the cookie also carries the CSRF token it was issued with (X-CSRF-Token), since a
// browser sends the cookie with requests other sites make. Sessions are signed with a key that lives
// as long as the serve process.

export type Role = 'viewer' | 'operator' | 'approver';
const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2 };
export const allows = (has: Role, needs: Role) => RANK[has] >= RANK[needs];

export const SESSION_COOKIE = 'pt_session';
const SESSION_HOURS = 12;

export interface Session {
  name: string;
  role: Role;
}

export class Sessions {
  private readonly key = randomBytes(32);
  private mac(s: string): string {
    return createHmac('sha256', this.key).update(s).digest('base64url');
  }
  /** The cookie's value and the CSRF token that goes with it. */
  issue(s: Session, now = Date.now()): { cookie: string; csrf: string } {
    const body = Buffer.from(JSON.stringify({ ...s, exp: now + SESSION_HOURS * 3600_000 })).toString(
      'base64url',
    );
    const cookie = `${body}.${this.mac(body)}`;
    return { cookie, csrf: this.mac(`csrf:${cookie}`) };
  }
  read(cookie: string | undefined, now = Date.now()): Session | null {
    if (!cookie) return null;
    const [body, sig] = cookie.split('.');
    if (!body || !sig || !same(sig, this.mac(body))) return null;
    const s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Session & { exp: number };
    return s.exp > now ? { name: s.name, role: s.role } : null;
  }
  csrfOk(cookie: string, csrf: string | undefined): boolean {
    return !!csrf && same(csrf, this.mac(`csrf:${cookie}`));
  }
  static maxAgeSeconds = SESSION_HOURS * 3600;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether an address is this machine's own: serving there needs no token. */
export const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost';
