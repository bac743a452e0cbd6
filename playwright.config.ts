import { defineConfig } from '@playwright/test';
import { BROWSER_ARGS, findBrowser } from './tests/e2e/browser.ts';

/** E2E_PORT lets two test runs share a machine; the default matches `npm run preview`. */
const PORT = Number(process.env['E2E_PORT'] ?? 4173);
const executablePath = findBrowser();

/** End-to-end tests run real Chromium against the production build (`vite build` + `vite preview`). */
export default defineConfig({
  testDir: 'tests/e2e',
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
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env['CI'],
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
