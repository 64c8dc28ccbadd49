import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventView } from './types.js';

const ROW = 18;
const OVERSCAN = 20;

/**
 * The run's log, virtualised: only the rows in sight are in the page, so ten thousand lines cost what
 * fifty do. It follows new lines while scrolled to the bottom, and stops following when scrolled up.
 */
export function LogView({ lines, height = 420 }: { lines: readonly EventView[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [follow, setFollow] = useState(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new line is what moves the view
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow) {
      el.scrollTop = el.scrollHeight;
      setTop(el.scrollTop);
    }
  }, [lines.length, follow]);
  useEffect(() => {
    const el = box.current;
    if (el) setTop(el.scrollTop);
  }, []);

  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  const shown = lines.slice(first, last);

  return (
    <div className="log">
      <div className="log-bar">
        <span aria-live="off">{lines.length} lines</span>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow new lines
        </label>
      </div>
      <div
        ref={box}
        className="log-box"
        role="log"
        aria-label="Run log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard too
        tabIndex={0}
        style={{ height }}
        onScroll={(e) => {
          const el = e.currentTarget;
          setTop(el.scrollTop);
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atBottom !== follow) setFollow(atBottom);
        }}
      >
        <div style={{ height: lines.length * ROW, position: 'relative' }}>
          {shown.map((l, i) => (
            <div
              key={l.id}
              className={`log-line lv-${l.level}`}
              data-id={l.id}
              style={{ position: 'absolute', top: (first + i) * ROW, height: ROW }}
            >
              <time dateTime={l.ts}>{l.ts.slice(11, 19)}</time>
              <span className="src">{l.phase ?? l.source}</span>
              <span className="msg">{l.message}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
