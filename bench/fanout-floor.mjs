// The floor under serve's live fan-out on this machine: a plain `net` server (no HTTP, no store)
// writes one buffer to each of N loopback sockets that one client process reads, as serve writes one
// event to each follower of a change. Prints, per change, the server's wall and CPU time for the N
// writes and the arrival p50/p99 at the clients (from the stamp at the buffer's start).
// Usage: node bench/fanout-floor.mjs [--bytes 3000] [--clients 1000] [--changes 50]
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const BYTES = arg('bytes', 3000);
const CLIENTS = arg('clients', 1000);
const CHANGES = arg('changes', 50);

if (process.argv.includes('--client')) {
  const port = arg('port', 0);
  const arrivals = [];
  let connected = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const s = net.connect(port, '127.0.0.1', () => {
      if (++connected === CLIENTS) process.send('ready');
    });
    s.on('data', (d) => {
      const now = performance.timeOrigin + performance.now();
      const sent = Number(/^(\d+\.\d+)/.exec(d.toString('latin1'))?.[1]);
      if (sent) arrivals.push(now - sent);
    });
  }
  process.on('message', () => {
    arrivals.sort((a, b) => a - b);
    const q = (p) => arrivals[Math.min(arrivals.length - 1, Math.floor(p * arrivals.length))];
    process.send({ p50: q(0.5), p99: q(0.99), n: arrivals.length });
    process.exit(0);
  });
} else {
  const sockets = [];
  const server = net.createServer((c) => {
    c.setNoDelay(true);
    sockets.push(c);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const args = ['--client', '--clients', String(CLIENTS), '--port', String(server.address().port)];
  const child = fork(fileURLToPath(import.meta.url), args);
  await new Promise((r) => child.once('message', r));
  await new Promise((r) => setTimeout(r, 300));
  let wall = 0;
  let cpu = 0;
  for (let k = 0; k < CHANGES; k++) {
    const buf = Buffer.from((performance.timeOrigin + performance.now()).toFixed(3).padEnd(BYTES, 'x'));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const s of sockets) s.write(buf);
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.send('report');
  const r = await new Promise((res) => child.once('message', res));
  console.log(
    `${CLIENTS} sockets, ${BYTES} B a write, ${CHANGES} changes: writes ${(wall / CHANGES).toFixed(1)} ms wall, ` +
      `${(cpu / CHANGES).toFixed(1)} ms CPU a change; arrival p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.n} arrivals)`,
  );
  for (const s of sockets) s.destroy();
  server.close();
}
