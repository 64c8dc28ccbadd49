// Injected failures: the next matching request(s) get this status instead of being served.

export interface Fault {
  /** An HTTP status, or 'network' to destroy the socket without answering. */
  status: number | 'network';
  method?: string;
  /** Exact path (without `/api/v3` or query) or a pattern. */
  path?: string | RegExp;
  /** How many matching requests fail; 1 unless told. */
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FaultQueue {
  private readonly faults: (Fault & { left: number })[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  take(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(i, 1);
    return fault;
  }
}

/** The body and headers GitHub sends for each kind of injected failure. */
export function faultReply(fault: Fault): { headers: Record<string, string>; body: unknown } {
  const status = fault.status as number;
  const docs = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
  if (status === 403 || status === 429) {
    return {
      headers: { 'retry-after': '1', ...fault.headers },
      body: fault.body ?? {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: docs,
        status: String(status),
      },
    };
  }
  const message = status === 502 ? 'Server Error' : status >= 500 ? 'Internal Server Error' : 'Fault';
  return { headers: { ...fault.headers }, body: fault.body ?? { message, status: String(status) } };
}
