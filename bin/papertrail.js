#!/usr/bin/env node
// Start-up is a feature: answer --version before loading anything else, and load validate (run in
// hooks and CI, and after every edit an assistant makes) from its own one-file bundle.
const first = process.argv[2];
if (first === '--version' || first === '-V') {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  // A reader gone already (`papertrail --version | true`): quiet, 141 as for every verb (broken-pipe.ts).
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    process.exitCode = 141;
  });
  process.stdout.write(`${pkg.version}\n`);
} else {
  const entry =
    first === 'validate' ? 'validate' : first === 'work' && process.argv[3] === 'list' ? 'work-list' : 'cli';
  const { main } = await import(`../dist/${entry}.js`);
  process.exitCode = await main(process.argv.slice(2));
}
