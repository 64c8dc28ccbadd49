import type { BrowserContext } from 'playwright-core';

export const CHROMIUM: string;
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}
export function launchChromium(): Promise<Browser>;
