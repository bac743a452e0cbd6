import { defineConfig } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from './tests/e2e/browser.ts';

/**
 * E2E_PORT lets two test runs share a machine. The default is not `npm run preview`'s
 * 4173, so a preview left running neither blocks the tests nor gets tested.
 */
const PORT = Number(process.env['E2E_PORT'] ?? 4183);
/** The tests build into their own folder (E2E_OUTDIR), never over the `dist/` a person deploys. */
const OUTDIR = process.env['E2E_OUTDIR'] ?? 'dist-e2e';
const executablePath = findBrowser();

/**
 * End-to-end tests run real Chromium against the production build (`vite build` +
 * `vite preview`), built afresh for every run: a server already listening on the port
 * (a leftover `npm run preview` of older code) is never reused; the run stops with
 * "port already in use" instead, so what is tested is always the code at hand.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // screenshots.spec.ts rewrites docs/*.png; it runs only when asked (SCREENSHOTS=1), and is
  // otherwise not collected at all rather than reported as skipped.
  testIgnore: process.env['SCREENSHOTS'] ? [] : ['**/screenshots.spec.ts'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      args: BROWSER_ARGS,
      ...(executablePath ? { executablePath } : {}),
    },
    trace: 'off',
  },
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    env: { E2E_OUTDIR: OUTDIR },
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
