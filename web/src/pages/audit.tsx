import { useCallback, useEffect, useState } from 'react';
import { call, messageOf } from '../api.js';
import type { AuditResult } from '../types.js';

export function AuditPage() {
  const [result, setResult] = useState<AuditResult | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const verify = useCallback(async () => {
    setBusy(true);
    setError('');
    try {
      setResult(await call<AuditResult>('audit/verify'));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    void verify();
  }, [verify]);

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <button type="button" onClick={verify} disabled={busy}>
        Verify again
      </button>
      <div role="status" aria-live="polite" aria-busy={busy} className="audit-result">
        {busy && !result ? 'Verifying…' : null}
        {result?.ok === true ? (
          <p className="good">
            ✓ Intact: {result.length} records, head <code>{result.head.slice(0, 16)}</code>
          </p>
        ) : null}
        {result && result.ok === false ? (
          <div className="bad">
            <p>✗ Broken at record {result.break.seq}</p>
            <dl>
              <dt>Problem</dt>
              <dd>{result.break.problem}</dd>
              <dt>Position</dt>
              <dd>{result.break.index}</dd>
              <dt>Verified before it</dt>
              <dd>{result.length} records</dd>
              <dt>Message</dt>
              <dd>{result.break.message}</dd>
            </dl>
          </div>
        ) : null}
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
