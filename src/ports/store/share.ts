import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

// The embedded store admits one process. While `serve` owns it, it lends it to other papertrail
// processes over a Unix socket in the workspace's .papertrail folder, speaking the Postgres wire
// protocol straight into PGlite: a CLI command or an MCP call connects with `pg` as it would to any
// Postgres. PGlite has one session, so one connection at a time holds it: from its first message until
// PGlite answers ReadyForQuery idle ('I'), i.e. until its transaction (or its extended-protocol batch)
// is over; the others wait. A connection that drops mid-transaction is rolled back.

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const READ_ONLY_ON = 'set session characteristics as transaction read only';
const READ_ONLY_OFF = 'set session characteristics as transaction read write';

export interface SharedStore {
  /** The folder holding `.s.PGSQL.<port>`, which is what `pg` connects to as host and port. */
  socketDir: string;
  port: number;
  close(): Promise<void>;
}

export interface ShareOptions {
  /** A NOTIFY seen in the output of any connection: a change committed (see migration 7's trigger). */
  onNotify?: (channel: string) => void;
  /** The session's lock, when the lending process queries PGlite itself too. */
  session?: SessionLock;
}

/**
 * A FIFO lock on PGlite's one session, shared by the socket's connections and by the lending
 * process's own queries (see lendPGlite), so neither lands inside the other's transaction.
 */
export class SessionLock {
  private tail: Promise<void> = Promise.resolve();
  /** Resolves once the session is the caller's, with the function that lets it go. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const ready = this.tail;
    this.tail = this.tail.then(() => next);
    return ready.then(() => release);
  }
}

class Connection {
  private buf = Buffer.alloc(0);
  private started = false;
  private release: (() => void) | null = null;
  private work: Promise<void> = Promise.resolve();
  private closed = false;
  private out = new OutputScanner();
  /** Asked for with `-c default_transaction_read_only=on` at start-up (a dry run): set while it holds the session. */
  private readOnly = false;

  constructor(
    private readonly socket: Socket,
    private readonly pg: PGlite,
    private readonly session: SessionLock,
    onNotify: ((channel: string) => void) | undefined,
  ) {
    this.out.onNotify = onNotify;
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d as Buffer]);
      this.work = this.work.then(() => this.drain()).catch(() => this.end());
    });
    socket.on('error', () => this.end());
    socket.on('close', () => this.end());
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const msg = this.next();
      if (!msg) return;
      await this.handle(msg);
    }
  }

  /** The next whole message: the untyped start-up ones first, then type byte + length. */
  private next(): Buffer | null {
    if (!this.started) {
      if (this.buf.length < 8) return null;
      const len = this.buf.readInt32BE(0);
      if (this.buf.length < len) return null;
      const msg = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      return msg;
    }
    if (this.buf.length < 5) return null;
    const len = 1 + this.buf.readInt32BE(1);
    if (this.buf.length < len) return null;
    const msg = this.buf.subarray(0, len);
    this.buf = this.buf.subarray(len);
    return msg;
  }

  private async handle(msg: Buffer): Promise<void> {
    if (!this.started) {
      const code = msg.readInt32BE(4);
      if (code === SSL_REQUEST) return void this.socket.write('N');
      if (code === CANCEL_REQUEST) return this.end();
      if (code !== PROTOCOL_3) return this.end();
      this.started = true;
      this.readOnly = /default_transaction_read_only=on/.test(msg.subarray(8).toString('utf8'));
    } else if (msg[0] === 0x58 /* Terminate */) {
      return this.end();
    }
    if (!this.release) {
      this.release = await this.session.acquire();
      // PGlite has one session for everyone: its settings are this connection's only while it holds it.
      if (this.readOnly) await this.pg.exec(READ_ONLY_ON);
    }
    let idle = false;
    await this.pg.runExclusive(() =>
      this.pg.execProtocolRawStream(new Uint8Array(msg), {
        onRawData: (data) => {
          idle = this.out.scan(data);
          // A copy: PGlite reuses the buffer `data` views, and the socket may send it later.
          if (!this.closed) this.socket.write(Buffer.from(data));
        },
      }),
    );
    if (idle) await this.letGo();
  }

  private async letGo(): Promise<void> {
    const r = this.release;
    this.release = null;
    if (r && this.readOnly) await this.pg.exec(READ_ONLY_OFF).catch(() => {});
    r?.();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    // Whatever it left open is rolled back before the session passes on.
    void this.work.finally(async () => {
      if (!this.release) return;
      if (this.pg.isInTransaction()) await this.pg.exec('rollback').catch(() => {});
      await this.letGo();
    });
  }
}

/**
 * Follows PGlite's output across chunks: whether the last message was ReadyForQuery idle, and every
 * NotificationResponse ('A'), whose channel it reports.
 */
class OutputScanner {
  onNotify: ((channel: string) => void) | undefined;
  private pending = Buffer.alloc(0);
  private idle = false;
  scan(data: Uint8Array): boolean {
    let b = this.pending.length ? Buffer.concat([this.pending, data]) : Buffer.from(data);
    while (b.length >= 5) {
      const len = 1 + b.readInt32BE(1);
      if (b.length < len) break;
      const type = b[0];
      if (type === 0x5a /* Z */) this.idle = b[5] === 0x49; /* I */
      else this.idle = false;
      if (type === 0x41 /* A */ && this.onNotify) {
        const end = b.indexOf(0, 9);
        this.onNotify(b.subarray(9, end).toString('utf8'));
      }
      b = b.subarray(len);
    }
    this.pending = Buffer.from(b);
    return this.idle && this.pending.length === 0;
  }
}

/** The socket's file name, as libpq and `pg` derive it from host (a folder) and port. */
export const SOCKET_PORT = 5432;

/** Lends `pg` to other processes on `<socketDir>/.s.PGSQL.5432`, readable by this user only. */
export async function shareEmbedded(
  pg: PGlite,
  socketDir: string,
  opts: ShareOptions = {},
): Promise<SharedStore> {
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  chmodSync(socketDir, 0o700);
  const path = `${socketDir}/.s.PGSQL.${SOCKET_PORT}`;
  rmSync(path, { force: true });
  const session = opts.session ?? new SessionLock();
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    new Connection(s, pg, session, opts.onNotify);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    socketDir,
    port: SOCKET_PORT,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          rmSync(path, { force: true });
          resolve();
        });
      }),
  };
}
