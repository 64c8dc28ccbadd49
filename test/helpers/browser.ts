import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

// Debian's Chromium, driven by playwright-core: headless, no network of its own, a fresh profile each
// time. Without it the browser tests are skipped with a message, unless PAPERTRAIL_REQUIRE_CHROMIUM=1
// (CI), where a missing Chromium is a failure.

export const CHROMIUM = process.env.PT_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.PAPERTRAIL_REQUIRE_CHROMIUM === '1')
    throw new Error(
      `${suite}: Chromium is required (PAPERTRAIL_REQUIRE_CHROMIUM=1) but ${CHROMIUM} is missing`,
    );
  console.warn(`skipping ${suite}: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return false;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'pt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
