import { useState } from 'react';
import { messageOf, type Session, signIn } from '../api.js';

export function SignIn({ onDone, onCancel }: { onDone: (s: Session) => void; onCancel: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        Paste an access token (<code>papertrail token create --name NAME --role ROLE</code>).
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          try {
            onDone(await signIn(token.trim()));
          } catch (err) {
            setError(messageOf(err));
          }
        }}
      >
        <label>
          Token
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
            // biome-ignore lint/a11y/noAutofocus: the form opens because a token is needed now
            autoFocus
          />
        </label>
        <button type="submit">Sign in</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
