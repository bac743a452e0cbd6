/**
 * The servers' headers and the browser tests' server policy, read from the config files
 * themselves (issue 10, points 5 and 6).
 */
import { describe, expect, it, vi } from 'vitest';

// The Playwright config looks for a browser when loaded; these tests need none.
vi.mock('../e2e/browser.ts', () => ({ BROWSER_ARGS: [], findBrowser: () => undefined }));

describe('vite.config.ts', () => {
  it('dev server and preview send CSP (with frame-ancestors), nosniff and Referrer-Policy as headers', async () => {
    const config = (await import('../../vite.config.ts')).default as {
      server?: { headers?: Record<string, string> };
      preview?: { headers?: Record<string, string> };
    };
    for (const headers of [config.server?.headers, config.preview?.headers]) {
      expect(headers?.['Content-Security-Policy']).toMatch(/frame-ancestors 'none'/);
      expect(headers?.['Content-Security-Policy']).toMatch(/default-src 'self'/);
      expect(headers?.['X-Content-Type-Options']).toBe('nosniff');
      expect(headers?.['Referrer-Policy']).toBe('no-referrer');
      expect(headers?.['Cross-Origin-Opener-Policy']).toBe('same-origin');
      expect(headers?.['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    }
  });
});

describe('playwright.config.ts', () => {
  it('never reuses a server already listening: the tests always build and serve the code at hand', async () => {
    const config = (await import('../../playwright.config.ts')).default;
    const server = Array.isArray(config.webServer) ? config.webServer[0] : config.webServer;
    expect(server?.reuseExistingServer).toBe(false);
    expect(server?.command).toMatch(/vite build && .*vite preview/);
    // Not `npm run preview`'s port, and not its dist/ folder.
    expect(config.use?.baseURL).not.toMatch(/:4173$/);
    expect(server?.env?.['E2E_OUTDIR']).toBeTruthy();
    expect(server?.env?.['E2E_OUTDIR']).not.toBe('dist');
  });
});
