import { useEffect, useState } from 'react';
import { currentSession, onUnauthorised, type Session, signOut } from './api.js';
import { Link } from './link.js';
import { AuditPage } from './pages/audit.js';
import { RunPage } from './pages/run.js';
import { RunsPage } from './pages/runs.js';
import { SignIn } from './pages/sign-in.js';
import { WorkPage } from './pages/work.js';
import { type Route, useRoute } from './router.js';

const NAV: { path: string; label: string; page: Route['page'][] }[] = [
  { path: '/', label: 'Runs', page: ['runs', 'run'] },
  { path: '/work', label: 'Work', page: ['work'] },
  { path: '/audit', label: 'Audit', page: ['audit'] },
];

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(currentSession());
  const [signing, setSigning] = useState(false);
  // Bumped after signing in, so the page asks again with the new session.
  const [epoch, setEpoch] = useState(0);
  useEffect(() => onUnauthorised(() => setSigning(true)), []);

  return (
    <>
      <header className="top">
        <strong className="brand">Papertrail</strong>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link key={n.path} to={n.path} current={n.page.includes(route.page)}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="who" aria-live="polite">
          {session ? (
            <>
              <span>
                Signed in as <b>{session.name}</b> ({session.role})
              </span>
              <button
                type="button"
                onClick={() => {
                  signOut();
                  setSession(null);
                  setSigning(true);
                }}
              >
                Switch user
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setSigning(true)}>
              Sign in
            </button>
          )}
        </div>
      </header>
      {signing ? (
        <SignIn
          onDone={(s) => {
            setSession(s);
            setSigning(false);
            setEpoch((e) => e + 1);
          }}
          onCancel={() => setSigning(false)}
        />
      ) : null}
      <main key={epoch}>
        {route.page === 'runs' ? <RunsPage /> : null}
        {route.page === 'run' ? <RunPage id={route.id} /> : null}
        {route.page === 'work' ? <WorkPage /> : null}
        {route.page === 'audit' ? <AuditPage /> : null}
        {route.page === 'missing' ? <p role="alert">No such page.</p> : null}
      </main>
    </>
  );
}
