import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { call, messageOf } from '../api.js';
import { useEventStream, useThrottled } from '../live.js';
import { LogView } from '../log-view.js';
import type { EventView, RunView, StepState } from '../types.js';

// ⏳ is drawn, not typed: few system fonts (none on a bare server's browser) have the hourglass.
const HOURGLASS = (
  <svg viewBox="0 0 10 14" width="0.7em" height="1em" aria-hidden="true">
    <path
      d="M1 1h8M1 13h8M2 1c0 4 6 4 6 6s-6 2-6 6M8 1c0 4-6 4-6 6s6 2 6 6"
      fill="none"
      stroke="currentColor"
    />
  </svg>
);
const MARK: Record<StepState, ReactNode> = {
  success: '✓',
  running: HOURGLASS,
  pending: HOURGLASS,
  error: '✗',
  skipped: '–',
};
/** The API's largest page of log lines, and how many `ops/show` brings. */
const PAGE = 1000;
const SHOWN = 10_000;

const Mark = ({ state }: { state: StepState }) => (
  <>
    <span className="mark" role="img" aria-label={state}>
      {MARK[state]}
    </span>{' '}
  </>
);

const isLine = (x: unknown): x is EventView =>
  typeof x === 'object' && x !== null && typeof (x as EventView).id === 'number' && 'message' in x;

/** The run's log lines, each id once, in order; kept outside React's state (a log can be long). */
function useRunLog() {
  const lines = useRef<EventView[]>([]);
  const lastId = useRef(0);
  const [, setCount] = useState(0);
  const add = useCallback((more: readonly EventView[]) => {
    let added = false;
    for (const l of more)
      if (l.id > lastId.current) {
        lines.current.push(l);
        lastId.current = l.id;
        added = true;
      }
    if (added) setCount(lines.current.length);
  }, []);
  const reset = useCallback(() => {
    lines.current = [];
    lastId.current = 0;
  }, []);
  const last = useCallback(() => lastId.current, []);
  return { lines: lines.current, add, reset, last };
}

function Approve({ run, onDone }: { run: RunView; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="panel approve"
      aria-labelledby="approve-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          await call('ops/approve', { run: run.id, reason: reason.trim() });
          setReason('');
          onDone();
        } catch (err) {
          setError(messageOf(err));
        }
      }}
    >
      <h2 id="approve-title">Waiting for approval</h2>
      <p>
        Risk {run.risk}; {run.approvals.length} of {run.quorum} approvals
        {run.approvalDeadline ? `, until ${new Date(run.approvalDeadline).toLocaleString()}` : ''}.
      </p>
      <label>
        Reason
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={1}
          rows={2}
        />
      </label>
      <button type="submit">Run Anyway</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

export function RunPage({ id }: { id: string }) {
  const log = useRunLog();
  const { add, reset, last } = log;
  const [run, setRun] = useState<RunView | null>(null);
  const [error, setError] = useState('');
  // Where the stream starts: the last line read, once the log is read; null before.
  const [streamFrom, setStreamFrom] = useState<number | null>(null);
  /** The run and the start of its log; how many lines came with it. */
  const load = useCallback(async () => {
    try {
      const x = await call<RunView & { events: EventView[] }>('ops/show', { run: id });
      setRun(x);
      add(x.events);
      setError('');
      return x.events.length;
    } catch (e) {
      setError(messageOf(e));
      return 0;
    }
  }, [id, add]);
  useEffect(() => {
    reset();
    setStreamFrom(null);
    let stop = false;
    (async () => {
      // show brings the first SHOWN lines; a longer log is read on in pages.
      if ((await load()) >= SHOWN)
        for (;;) {
          const page = await call<{ events: EventView[] }>('ops/events', {
            run: id,
            after: last(),
            limit: PAGE,
          });
          if (stop) return;
          add(page.events);
          if (page.events.length < PAGE) break;
        }
      if (!stop) setStreamFrom(last());
    })().catch((e) => setError(messageOf(e)));
    return () => {
      stop = true;
    };
  }, [id, load, add, reset, last]);
  const reload = useThrottled(() => void load(), 200);
  useEventStream(
    streamFrom === null ? null : `/api/ops/stream?run=${encodeURIComponent(id)}&after=${streamFrom}`,
    (type, data) => {
      if (type === 'run' && (data as RunView).phases) return setRun(data as RunView);
      const lines = (Array.isArray(data) ? data : [data]).filter(isLine);
      if (lines.length) add(lines);
      else reload();
    },
    ['log', 'run'],
  );

  if (error && !run) return <p role="alert">{error}</p>;
  if (!run) return <p aria-busy="true">Loading run…</p>;
  const open = ['waiting', 'queued', 'running'].includes(run.status);
  return (
    <article aria-labelledby="run-title">
      <h1 id="run-title">
        Run {run.short} <span className={`badge s-${run.status}`}>{run.status}</span>
      </h1>
      <p className="meta">
        {run.template} · {run.env} · {run.kind} · risk {run.risk} · requested by {run.requestedBy}
        {run.intent ? ` · “${run.intent}”` : ''}
      </p>
      {run.errorMessage ? <p role="alert">{run.errorMessage}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      {run.status === 'waiting' ? <Approve run={run} onDone={load} /> : null}
      {open ? (
        <button
          type="button"
          className="danger"
          onClick={async () => {
            try {
              await call('ops/cancel', { run: run.id });
              await load();
            } catch (e) {
              setError(messageOf(e));
            }
          }}
        >
          Cancel run
        </button>
      ) : null}
      <div className="run-grid">
        <section className="panel" aria-labelledby="phases-title">
          <h2 id="phases-title">Phases</h2>
          <ol className="phases">
            {run.phases.map((p) => (
              <li key={p.name} data-state={p.state}>
                <Mark state={p.state} />
                {p.name}
                <ol>
                  {p.steps.map((s) => (
                    <li key={s.id} data-state={s.state}>
                      <Mark state={s.state} />
                      {s.title}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </section>
        <section className="panel" aria-labelledby="gates-title">
          <h2 id="gates-title">CI Gates</h2>
          {run.gates.length ? (
            <ul className="gates" aria-label="CI gates">
              {run.gates.map((g) => (
                <li key={g.name} data-gate={g.name} data-status={g.status}>
                  <span className={`badge g-${g.status}`}>{g.status}</span>{' '}
                  {g.url ? (
                    <a href={g.url} target="_blank" rel="noreferrer">
                      {g.name}
                    </a>
                  ) : (
                    g.name
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>No gates.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="artifacts-title">
          <h2 id="artifacts-title">Artifacts</h2>
          {run.artifacts.length ? (
            <ul className="artifacts">
              {run.artifacts.map((a) => (
                <li key={`${a.kind}:${a.title}:${a.createdAt}`}>
                  <b>{a.title}</b> <span className="kind">{a.kind}</span>{' '}
                  {/^https?:\/\//.test(a.value) ? (
                    <a href={a.value} target="_blank" rel="noreferrer">
                      {a.value}
                    </a>
                  ) : (
                    <code>{a.value}</code>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>No artifacts yet.</p>
          )}
        </section>
        {run.approvals.length ? (
          <section className="panel" aria-labelledby="approvals-title">
            <h2 id="approvals-title">Approvals</h2>
            <ul>
              {run.approvals.map((a) => (
                <li key={a.approvedAt}>
                  {a.approver}: {a.reason}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <section aria-labelledby="log-title">
        <h2 id="log-title">Log</h2>
        <LogView lines={log.lines} />
      </section>
    </article>
  );
}
