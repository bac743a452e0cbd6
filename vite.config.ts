import { defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation (COOP + COEP) gives the page 5 µs `performance.now()` resolution
 * and `SharedArrayBuffer`, both of which the measurement suites rely on. Dev server and
 * `vite preview` send the same headers so tests see what users see.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // E2E_OUTDIR lets two test runs on one machine build side by side (see playwright.config.ts).
  build: { target: 'es2022', sourcemap: true, outDir: process.env['E2E_OUTDIR'] ?? 'dist' },
  worker: { format: 'es' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
