import { print } from '../io.js';
import { openApp } from './shared.js';

export async function validateCommand(
  paths: string[],
  flags: { strict?: boolean; json?: boolean; sarif?: boolean; verbose?: boolean },
): Promise<number> {
  const app = await openApp();
  const { validate } = await import('../../../app/workflow/validate.js');
  const r = await validate(app, { paths, strict: flags.strict });
  const lint = await import('../../../domain/lint/index.js');
  if (flags.sarif) {
    const { VERSION } = await import('../version.js');
    process.stdout.write(lint.formatSarif(r.findings, VERSION));
  } else if (flags.json) {
    process.stdout.write(lint.formatJson(r.findings, r.summary, r.ok));
  } else {
    print(
      lint
        .formatText(r.findings, r.summary, r.ok, {
          color: !!process.stdout.isTTY && !process.env.NO_COLOR,
          verbose: flags.verbose,
        })
        .trimEnd(),
    );
  }
  return r.ok ? 0 : 1;
}
