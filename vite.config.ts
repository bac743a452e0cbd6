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
  // Pre-bundle every dependency up front: otherwise the dev server discovers some only
  // after the first load and reloads the page mid-measurement.
  optimizeDeps: {
    include: ['lit', 'lit/decorators.js', 'lit/directives/live.js', 'lit/directives/repeat.js', 'uplot', 'idb-keyval'],
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
