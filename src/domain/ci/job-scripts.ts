// The shell steps of the executors' workflow. They read everything from the environment, never from
// `${{ }}` inside the script: a value from the schedule (a step key), a claim or the command is then
// data, not shell code GitHub pastes in.

/** Runs `work schedule --json` into a file and opens a node script with it read as `schedule`. */
function readSchedule(file: string): string {
  return `papertrail work schedule --json > "$RUNNER_TEMP/${file}"
node - "$RUNNER_TEMP/${file}" <<'JS'
const fs = require('node:fs');
const fail = (message) => {
  console.log(\`::error::\${message}\`);
  process.exit(1);
};
let schedule;
try {
  schedule = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  fail(\`papertrail work schedule --json did not print JSON: \${e.message}\`);
}`;
}

/** `work schedule --json` → the execute job's matrix; with pre-claim, each entry claimed in order. */
export const SCHEDULE_SCRIPT = `${readSchedule('papertrail-schedule.json')}
const { spawnSync } = require('node:child_process');
if (!schedule || !Array.isArray(schedule.ready)) fail('papertrail work schedule --json printed no "ready" list');
const limit = Number(process.env.PAPERTRAIL_MATRIX_LIMIT);
const preClaim = process.env.PAPERTRAIL_PRE_CLAIM === 'true';
const id = (v) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^[\\w.-]+$/.test(v));
const include = [];
for (const [i, r] of schedule.ready.entries()) {
  if (!r || !id(r.attempt) || !id(r.item) || typeof r.step !== 'string' || !r.step)
    fail(\`ready[\${i}] is not {attempt, item, step, order}: \${JSON.stringify(r)}\`);
  if (include.length === limit) {
    console.log(\`::notice::\${schedule.ready.length - i} more ready attempt(s) wait for the next orchestration (a matrix holds \${limit} jobs).\`);
    break;
  }
  const entry = { attempt: String(r.attempt), item: String(r.item), step: r.step, order: r.order ?? null, preclaimed: false, token: '', leaseExpiresAt: '' };
  if (preClaim) {
    // The execute job at this matrix index runs as this executor, so the claim is already its own;
    // its token and lease go with the entry, for the job's heartbeats and its result.
    const executor = \`gha-\${process.env.GITHUB_RUN_ID}-\${include.length}\`;
    const c = spawnSync('papertrail', ['work', 'claim', '--attempt', entry.attempt, '--executor', executor, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (c.status === 3) {
      console.log(c.stdout.trim());
      console.log(\`::notice::attempt \${entry.attempt} was not claimed (refused above); it is left out.\`);
      continue;
    }
    if (c.status !== 0) {
      console.log(c.stdout.trim());
      fail(\`papertrail work claim --attempt \${entry.attempt} failed (exit \${c.status ?? c.signal})\`);
    }
    let claimed;
    try {
      claimed = JSON.parse(c.stdout).claimed;
    } catch (e) {
      fail(\`papertrail work claim --attempt \${entry.attempt} --json did not print JSON: \${e.message}\`);
    }
    if (!claimed) {
      console.log(\`::notice::attempt \${entry.attempt} was not claimed (nothing to claim); it is left out.\`);
      continue;
    }
    Object.assign(entry, { preclaimed: true, token: String(claimed.token), leaseExpiresAt: String(claimed.leaseExpiresAt) });
  }
  include.push(entry);
}
fs.appendFileSync(process.env.GITHUB_OUTPUT, \`matrix=\${JSON.stringify({ include })}\\ncount=\${include.length}\\n\`);
console.log(\`\${include.length} attempt(s) to execute, in schedule order: \${include.map((e) => \`#\${e.item} \${e.step} (attempt \${e.attempt})\`).join(', ') || 'none'}\`);
JS`;

// The claim's token and how often to renew its lease: a third of what is left of it, so two renewals
// can go wrong before it runs out. Reads the claim's --json on stdin, or the orchestrator's entry.
const LEASE_JS = `node - <<'JS'
let token = process.env.PAPERTRAIL_TOKEN;
let expires = process.env.PAPERTRAIL_LEASE_EXPIRES_AT;
if (process.env.PAPERTRAIL_CLAIM_JSON !== undefined) {
  let c;
  try {
    c = JSON.parse(process.env.PAPERTRAIL_CLAIM_JSON).claimed;
  } catch (e) {
    console.log(\`::error::papertrail work claim --json did not print JSON: \${e.message}\`);
    process.exit(1);
  }
  if (!c) process.exit(3);
  token = String(c.token);
  expires = String(c.leaseExpiresAt);
}
if (!/^\\d+$/.test(token ?? '')) {
  console.log(\`::error::the claim gave no fencing token: \${JSON.stringify(token)}\`);
  process.exit(1);
}
const left = Date.parse(expires) - Date.now();
const every = Number.isFinite(left) ? Math.max(1, Math.floor(left / 3000)) : 100;
console.log(\`\${token} \${every}\`);
JS`;

/**
 * Claim → the step's command, its lease renewed while it runs → complete or fail. Exit 3 from the
 * claim: not this job's to run. Exit 3 from a heartbeat: the lease is lost, so another executor may
 * hold the attempt now; the command is stopped and nothing is recorded.
 */
export function attemptScript(ledgerOut: string): string {
  return `set +e
if [ "$PAPERTRAIL_PRECLAIMED" = true ]; then
  lease=$(${LEASE_JS}
)
  status=$?
else
  claim=$(papertrail work claim --attempt "$PAPERTRAIL_ATTEMPT" --executor "$PAPERTRAIL_EXECUTOR" --json)
  status=$?
  if [ "$status" -eq 3 ]; then
    echo "$claim"
    echo "::notice::Attempt $PAPERTRAIL_ATTEMPT is not this job's to run (the claim was refused, above); nothing done."
    exit 0
  fi
  if [ "$status" -ne 0 ]; then
    echo "$claim"
    exit "$status"
  fi
  lease=$(PAPERTRAIL_CLAIM_JSON="$claim" ${LEASE_JS}
)
  status=$?
fi
if [ "$status" -eq 3 ]; then
  echo "::notice::Attempt $PAPERTRAIL_ATTEMPT: nothing was claimed; nothing done."
  exit 0
fi
if [ "$status" -ne 0 ]; then
  echo "$lease"
  exit "$status"
fi
read -r token every <<< "$lease"
printf '%s' "$token" > "$RUNNER_TEMP/papertrail-token"
touch "$RUNNER_TEMP/papertrail-claimed"
echo "::group::#$PAPERTRAIL_ITEM $PAPERTRAIL_STEP (attempt $PAPERTRAIL_ATTEMPT)"
# Job control puts the command and the heartbeats in process groups of their own, so each can be
# stopped with everything it started.
set -m
bash -c "$PAPERTRAIL_COMMAND" &
command_pid=$!
(
  while sleep "$every"; do
    papertrail work heartbeat "$PAPERTRAIL_ATTEMPT" --token "$token"
    beat=$?
    if [ "$beat" -eq 3 ]; then
      touch "$RUNNER_TEMP/papertrail-lease-lost"
      kill -TERM -- "-$command_pid" 2>/dev/null
      sleep 10
      kill -KILL -- "-$command_pid" 2>/dev/null
      exit 0
    fi
    if [ "$beat" -ne 0 ]; then
      echo "::warning::papertrail work heartbeat exited with $beat; the lease was not renewed this time."
    fi
  done
) &
heartbeat_pid=$!
set +m
wait "$command_pid"
code=$?
kill -TERM -- "-$heartbeat_pid" 2>/dev/null
wait "$heartbeat_pid" 2>/dev/null
echo "::endgroup::"
if [ -f "$RUNNER_TEMP/papertrail-lease-lost" ]; then
  rm -f "$RUNNER_TEMP/papertrail-claimed"
  echo "::error::The lease of attempt $PAPERTRAIL_ATTEMPT was lost (work heartbeat was refused): the command was stopped and no result recorded."
  exit 3
fi
set -e
if [ "$code" -eq 0 ]; then
  papertrail work complete "$PAPERTRAIL_ATTEMPT" --token "$token"${ledgerOut}
else
  papertrail work fail "$PAPERTRAIL_ATTEMPT" --token "$token" --reason "the step's command exited with $code"${ledgerOut}
fi
touch "$RUNNER_TEMP/papertrail-recorded"
exit "$code"`;
}

// A cancelled job would leave its attempt claimed until the lease runs out; failing it queues the retry now.
export function cancelledScript(ledgerOut: string): string {
  return `if [ -f "$RUNNER_TEMP/papertrail-claimed" ] && [ ! -f "$RUNNER_TEMP/papertrail-recorded" ]; then
  papertrail work fail "$PAPERTRAIL_ATTEMPT" --token "$(cat "$RUNNER_TEMP/papertrail-token")" --reason "the workflow run was cancelled"${ledgerOut}
fi`;
}

export const COLLECT_SCRIPT = `shopt -s nullglob
dirs=("$RUNNER_TEMP"/papertrail-handoff/*/)
if [ "\${#dirs[@]}" -eq 0 ]; then
  echo "::notice::No handoff files to collect."
  exit 0
fi
papertrail work collect "\${dirs[@]}"`;

/**
 * After the run: the next schedule, and whether to start another run. Only when this run ended at
 * least one of its attempts (it is neither ready nor running any more) and attempts are ready: each
 * dispatch then stands for an attempt that ended, so a chain of runs cannot go on forever.
 */
export const NEXT_SCRIPT = `${readSchedule('papertrail-next.json')}
if (!schedule || !Array.isArray(schedule.ready) || !Array.isArray(schedule.running))
  fail('papertrail work schedule --json printed no "ready" and "running" lists');
let ran;
try {
  ran = JSON.parse(process.env.PAPERTRAIL_MATRIX).include;
} catch {}
if (!Array.isArray(ran)) fail("the orchestrator's matrix is not {include: [...]}");
const ready = new Set(schedule.ready.map((r) => String(r?.attempt)));
const running = new Set(schedule.running.map((r) => \`\${r?.issue} \${r?.step}\`));
const ended = ran.filter((e) => !ready.has(String(e.attempt)) && !running.has(\`\${e.item} \${e.step}\`));
const dispatch = ended.length > 0 && schedule.ready.length > 0;
fs.appendFileSync(process.env.GITHUB_OUTPUT, \`dispatch=\${dispatch}\\n\`);
console.log(
  \`This run ended \${ended.length} of its \${ran.length} attempt(s); \${schedule.ready.length} attempt(s) are ready: \` +
    (dispatch ? 'starting the next run.' : ended.length ? 'no next run.' : 'no next run (nothing ended, so nothing changed).'),
);
JS`;

/** workflow_dispatch of this workflow on the default branch, with the run's own token and a deadline. */
export const DISPATCH_SCRIPT = `body=$(node -e 'process.stdout.write(JSON.stringify({ ref: process.env.PAPERTRAIL_DISPATCH_REF }))')
url="$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/actions/workflows/$PAPERTRAIL_WORKFLOW_FILE/dispatches"
# The token goes to curl on its standard input, so no process's arguments hold it.
printf 'Authorization: Bearer %s\\n' "$PAPERTRAIL_DISPATCH_TOKEN" |
  curl --silent --show-error --fail-with-body --max-time "$PAPERTRAIL_DISPATCH_DEADLINE" \\
    -X POST -H @- -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' \\
    -H 'Content-Type: application/json' --data-binary "$body" "$url" || {
  code=$?
  echo "::error::Could not start the next run (curl exit $code); it starts on the next push to the ledger branch, schedule or dispatch."
  exit "$code"
}
echo "Started the next run of $PAPERTRAIL_WORKFLOW_FILE on $PAPERTRAIL_DISPATCH_REF."`;
