// validate is also its own bundle (dist/validate.js, from validate-main.ts), one file in which a
// dynamic import only defers a module's evaluation: this file loads what it needs itself rather than
// through lazy.ts, which would pull every verb into that bundle. The version is read from
// package.json only when the cache or SARIF needs it.
import { version } from '../../../base/index.js';
import { warn } from '../io.js';
import { tuneHeapForShortRun, tuneJitForShortRun } from '../jit.js';
import { terminalSafe } from '../terminal-safe.js';
import { addValidateCommand, type ValidateFlags } from '../validate-command.js';
import type { Cli } from './shared.js';

export function registerValidate({ program, run }: Cli): void {
  addValidateCommand(program, (p, o) => run(validateCommand(p, o)));
}

export async function validateCommand(paths: string[], flags: ValidateFlags): Promise<number> {
  tuneJitForShortRun();
  tuneHeapForShortRun();
  const app = (await import('../../../app/kernel/context.js')).openApp(process.cwd());
  const { validate } = await import('../../../app/workflow/validate.js');
  const useCache = !!flags.cache || flags.cacheLocation !== undefined;
  const engineVersion = useCache ? version() : '';
  const r = await validate(app, {
    paths,
    strict: flags.strict,
    cache: useCache ? { location: flags.cacheLocation, version: engineVersion } : undefined,
  });
  // The cache never changes the report: its state goes to stderr, and only when it matters.
  if (r.cache?.writeError) warn(`validate cache not saved to ${r.cache.file}: ${r.cache.writeError}`);
  if (r.cache?.stats && flags.verbose) {
    const { specs, changes } = r.cache.stats;
    process.stderr.write(
      `cache ${r.cache.file}: ${specs.reused} spec(s) and ${changes.reused} change(s) reused, ${specs.checked} and ${changes.checked} checked\n`,
    );
  }
  // Each reporter is loaded alone: SARIF needs the whole rule catalogue, JSON and text do not.
  if (flags.sarif) {
    const { formatSarif } = await import('../../../domain/lint/report/sarif.js');
    process.stdout.write(terminalSafe(formatSarif(r.findings, version())));
  } else if (flags.json) {
    const { formatJson } = await import('../../../domain/lint/report/json.js');
    process.stdout.write(terminalSafe(formatJson(r.findings, r.summary, r.ok)));
  } else {
    const { formatText } = await import('../../../domain/lint/report/text.js');
    // The report's own colours are added after the findings' text is made safe, so they survive.
    const safe = r.findings.map((f) => ({
      ...f,
      message: terminalSafe(f.message),
      file: terminalSafe(f.file),
      ...(f.hint === undefined ? {} : { hint: terminalSafe(f.hint) }),
      ...(f.related
        ? {
            related: f.related.map((x) => ({
              ...x,
              file: terminalSafe(x.file),
              message: terminalSafe(x.message),
            })),
          }
        : {}),
    }));
    process.stdout.write(
      `${formatText(safe, r.summary, r.ok, {
        color: !!process.stdout.isTTY && !process.env.NO_COLOR,
        verbose: flags.verbose,
      }).trimEnd()}\n`,
    );
  }
  return r.ok ? 0 : 1;
}
