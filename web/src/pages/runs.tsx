import { useEffect, useState } from 'react';
import { call, messageOf } from '../api.js';
import { Link } from '../link.js';
import { useEventStream, useThrottled } from '../live.js';
import { go } from '../router.js';
import type { RunSummary, TemplateSummary } from '../types.js';
import { useVerb } from '../use-verb.js';

const ENVS = ['dev', 'staging', 'prod'];
const STATUSES = ['waiting', 'queued', 'running', 'success', 'error', 'canceled'];

function Select(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
  any?: string;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.any ?? 'any'}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function StartForm({ templates }: { templates: TemplateSummary[] }) {
  const [intent, setIntent] = useState('');
  const [template, setTemplate] = useState('');
  const [input, setInput] = useState('');
  const [env, setEnv] = useState('dev');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel start"
      aria-label="Start a run"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        if (!template && !intent.trim()) return setError('Type an intent or pick a template.');
        setBusy(true);
        try {
          const started = await call<{ run: { id: string } }>('ops/start', {
            ...(template ? { template } : { intent: intent.trim() }),
            // The template's first input, as the CLI's bare --input.
            ...(input.trim() ? { input: [input.trim()] } : {}),
            env,
          });
          go(`/runs/${started.run.id}`);
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="grow">
        Intent
        <input
          value={intent}
          onChange={(e) => setIntent(e.target.value)}
          placeholder="e.g. deploy the api to staging"
          disabled={!!template}
        />
      </label>
      <label>
        Input
        <input
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="first input, e.g. a topic"
        />
      </label>
      <Select
        label="Template"
        value={template}
        any="by intent"
        options={templates.map((t) => t.slug)}
        onChange={setTemplate}
      />
      <Select label="Environment" value={env} options={ENVS} onChange={(v) => setEnv(v || 'dev')} />
      <button type="submit" disabled={busy}>
        Run
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** Every run, newest first, filtered, kept live by the runs feed. */
export function RunsPage() {
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [filter, setFilter] = useState({ env: '', kind: '', status: '' });
  const {
    data: runs,
    error,
    reload: load,
  } = useVerb(
    'ops/list',
    Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
    (x: { runs: RunSummary[] }) => x.runs,
  );
  useEffect(() => {
    call<{ templates: TemplateSummary[] }>('ops/templates')
      .then((t) => setTemplates(t.templates ?? []))
      .catch(() => {});
  }, []);
  const reload = useThrottled(() => void load(), 300);
  useEventStream('/api/ops/stream', reload, ['run']);
  const kinds = [...new Set([...templates.map((t) => t.kind), ...(runs ?? []).map((r) => r.kind)])].sort();

  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <StartForm templates={templates} />
      <fieldset className="filters">
        <legend>Filter</legend>
        <Select
          label="Environment"
          value={filter.env}
          options={ENVS}
          onChange={(env) => setFilter({ ...filter, env })}
        />
        <Select
          label="Kind"
          value={filter.kind}
          options={kinds}
          onChange={(kind) => setFilter({ ...filter, kind })}
        />
        <Select
          label="Status"
          value={filter.status}
          options={STATUSES}
          onChange={(status) => setFilter({ ...filter, status })}
        />
      </fieldset>
      {error ? <p role="alert">{error}</p> : null}
      {runs && runs.length === 0 ? <p>No runs.</p> : null}
      {runs?.length ? (
        <table aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Template</th>
              <th scope="col">Env</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Risk</th>
              <th scope="col">Requested by</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/runs/${r.id}`}>{r.short}</Link>
                </td>
                <td>{r.intent ? `${r.template} — ${r.intent}` : r.template}</td>
                <td>{r.env}</td>
                <td>{r.kind}</td>
                <td>
                  <span className={`badge s-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.risk}</td>
                <td>{r.requestedBy}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
