import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright-core drives it, no downloaded browser. */
export const chromiumPath = '/usr/bin/chromium';

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches headless Chromium. A missing browser fails the test with a message saying how to
 * install it; it never skips, in CI or elsewhere.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    const where = process.env.CI === 'true' ? 'CI must provide it' : 'install it with `apt-get install -y chromium`';
    throw new Error(`Browser tests need Chromium at ${chromiumPath}, which is missing: ${where}.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args });
}
