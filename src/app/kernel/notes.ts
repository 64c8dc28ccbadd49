// What a use case tells a person while it waits or when something on the side failed, as data: the
// app prints nothing, so each face decides where a note goes (the CLI: stderr, waits only on a
// terminal) and says it with noteText.

export type Note =
  /** GitHub asked for a pause (rate limit, secondary limit, Retry-After). */
  | { type: 'github-wait'; seconds: number; reason: string }
  /** Another process holds the embedded store; this one waits for it. */
  | { type: 'store-wait'; pid: number | undefined }
  /** Another process is writing documents; this one waits for the workspace lock. */
  | { type: 'docs-wait'; pid: number | undefined }
  /** Another process is merging in this workspace's repository; this one waits its turn. */
  | { type: 'merge-wait'; pid: number | undefined }
  /** GitHub's ETags could not be kept for the next run (that run only sends more requests). */
  | { type: 'etags-not-kept'; error: string }
  /** A read of GitHub's checks for runs' CI gates failed; the next one is tried later. */
  | { type: 'gate-poll-failed'; error: string };

export type OnNote = (note: Note) => void;

/** A wait is progress, worth showing only to someone watching; the others are worth keeping in a log. */
export function isWait(note: Note): boolean {
  return note.type !== 'etags-not-kept' && note.type !== 'gate-poll-failed';
}

/** The note as one line of text, without its line break. */
export function noteText(note: Note): string {
  switch (note.type) {
    case 'github-wait':
      return `  waiting ${note.seconds} s for GitHub (${note.reason})`;
    case 'store-wait':
      return `  waiting for the store, in use by process ${note.pid ?? '(starting)'}`;
    case 'docs-wait':
      return `  waiting for process ${note.pid ?? '(starting)'} to finish writing documents`;
    case 'merge-wait':
      return `  waiting for process ${note.pid ?? '(starting)'} to finish its merge`;
    case 'etags-not-kept':
      return `note: could not keep GitHub's ETags for the next run: ${note.error}`;
    case 'gate-poll-failed':
      return `note: reading GitHub's checks for the CI gates failed (tried again later): ${note.error}`;
  }
}
