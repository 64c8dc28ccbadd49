import { useEventStream, useThrottled } from '../live.js';
import type { WorkRow } from '../types.js';
import { useVerb } from '../use-verb.js';

/** The execution board: each work item with its step, attempt, executor, lease and gates. */
export function WorkPage() {
  const { data: items, error, reload: load } = useVerb('work/list', {}, (x: { items: WorkRow[] }) => x.items);
  // The audit trail's feed tells of every change to the plan's work.
  const reload = useThrottled(() => void load(), 300);
  // The board reads the list itself: the stream only says when to read it again.
  useEventStream('/api/events?after=head', reload, ['audit']);

  return (
    <section aria-labelledby="work-title">
      <h1 id="work-title">Work</h1>
      {error ? <p role="alert">{error}</p> : null}
      {items && items.length === 0 ? <p>No work items: plan first (papertrail plan).</p> : null}
      {items?.length ? (
        <table aria-label="Work items">
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Step</th>
              <th scope="col">Attempt</th>
              <th scope="col">Executor</th>
              <th scope="col">Lease until</th>
              <th scope="col">Gates</th>
              <th scope="col">Blocked by</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => (
              <tr key={it.issue} data-issue={it.issue}>
                <td>#{it.issue}</td>
                <td>{it.title}</td>
                <td>
                  <span className={`badge s-${it.status}`}>{it.status}</span>
                </td>
                <td>{it.step ? `${it.step} (${it.stepState})` : '—'}</td>
                <td>{it.attempt ? `#${it.attempt.number} ${it.attempt.status}` : '—'}</td>
                <td>{it.executor ?? '—'}</td>
                <td>{it.leaseExpiresAt ? new Date(it.leaseExpiresAt).toLocaleTimeString() : '—'}</td>
                <td>
                  {it.gates.length
                    ? it.gates.map((g) => (
                        <span key={g.key} className={`badge g-${g.status}`}>
                          {g.key}: {g.status}
                        </span>
                      ))
                    : '—'}
                </td>
                <td>{it.blockedBy.length ? it.blockedBy.map((b) => `#${b}`).join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
