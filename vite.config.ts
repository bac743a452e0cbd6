import { defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation (COOP + COEP) gives the page 5 µs `performance.now()` resolution
 * and `SharedArrayBuffer`, both of which the measurement suites rely on. Dev server and
 * `vite preview` send the same headers so tests see what users see.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content Security Policy, as a header so `frame-ancestors` applies (a `<meta>` CSP
 * ignores it): every request stays on this origin, WebAssembly may compile (the CPU
 * tiers), workers may start from this origin, styles may be set inline (Lit's style
 * attributes), and no other site may frame the page (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers beside isolation: the CSP above; `nosniff` so no file is run as a type
 * it was not served as; no Referer, since the page never links to a site that needs one.
 */
export const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Every header the dev server and `vite preview` send, as production should (README, deploy). */
export const pageHeaders = { ...isolationHeaders, ...securityHeaders };

export default defineConfig({
  base: './',
  server: { headers: pageHeaders },
  preview: { headers: pageHeaders },
  // E2E_OUTDIR lets two test runs on one machine build side by side (see playwright.config.ts).
  build: {
    target: 'es2022',
    sourcemap: true,
    outDir: process.env['E2E_OUTDIR'] ?? 'dist',
    rolldownOptions: {
      output: {
        // Everything the entry imports statically (rolldown's '$initial' tag: the first
        // paint) goes into the entry's one chunk. Left alone, rolldown splits off every
        // module a later chunk also imports, and the first paint fetched 15 small chunks
        // that gzip apart: ≈ 5 KB more than the same code in one (`npm run size`).
        codeSplitting: { groups: [{ name: 'first-paint', tags: ['$initial'] }] },
      },
    },
  },
  worker: { format: 'es' },
  // Pre-bundle every dependency up front: otherwise the dev server discovers some only
  // after the first load and reloads the page mid-measurement.
  optimizeDeps: {
    include: ['lit', 'lit/decorators.js', 'lit/directives/live.js', 'lit/directives/repeat.js', 'uplot', 'idb-keyval'],
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // The expression kind's parser loads lazily (the page's first paint does not carry it).
    setupFiles: ['tests/unit/setup.ts'],
  },
});
