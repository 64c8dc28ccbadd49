import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM } from '../../scripts/chromium.mjs';

export { type Browser, launchChromium } from '../../scripts/chromium.mjs';

// Without Chromium the browser tests are skipped with a message, unless PAPERTRAIL_REQUIRE_CHROMIUM=1
// (CI), where a missing Chromium is a failure.

export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.PAPERTRAIL_REQUIRE_CHROMIUM === '1')
    throw new Error(
      `${suite}: Chromium is required (PAPERTRAIL_REQUIRE_CHROMIUM=1) but ${CHROMIUM} is missing`,
    );
  console.warn(`skipping ${suite}: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return false;
}

/** Full-page screenshots into a temporary folder, named by the caller, to look at after a run. */
export function screenshots(suite: string): (page: Page, name: string) => Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), `pt-${suite}-shots-`));
  console.log(`${suite}: screenshots in ${dir}`);
  return (page, name) => page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
