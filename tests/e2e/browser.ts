/**
 * Finds a Chromium-family browser for the end-to-end tests, in this order:
 *   1. an explicit path in CHROMIUM_PATH (or CHROME_PATH);
 *   2. Debian's /usr/bin/chromium, or an installed Google Chrome / Chromium;
 *   3. Playwright's own downloaded Chromium (`npx playwright install chromium`).
 * If none exists, it throws a message that says how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['CHROMIUM_PATH'] ?? env['CHROME_PATH'];
  if (explicit) {
    if (!existsSync(explicit)) {
      throw new Error(`CHROMIUM_PATH points at "${explicit}", which does not exist.`);
    }
    return explicit;
  }
  const system = SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system) return system;
  // Playwright's own build: undefined tells Playwright to use it.
  let bundled: string;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled && existsSync(bundled)) return undefined;
  throw new Error(
    [
      'No Chromium-family browser found for the end-to-end tests.',
      'Do one of these:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium',
      '  - install Google Chrome, or',
      "  - npx playwright install chromium (downloads Playwright's own build), or",
      '  - set CHROMIUM_PATH=/path/to/chrome.',
    ].join('\n'),
  );
}

/**
 * Flags for headless runs. --enable-unsafe-webgpu turns WebGPU on where Chrome would
 * block it (Linux, software adapter); the network flags stop Chromium phoning home,
 * which a closed network answers with slow refusals.
 */
export const BROWSER_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-sandbox',
];
