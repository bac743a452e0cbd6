#!/usr/bin/env node
/**
 * `npm run size`: the gzip size of what the first paint loads — the entry script, the
 * modules the built index.html preloads, and its stylesheets. Chunks loaded later with
 * dynamic `import()` are listed apart. Builds first unless `--no-build`.
 *
 *   npm run size               # table; exits 1 when the first paint exceeds --max (KB, default 60)
 *   npm run size -- --max 70
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const outDir = 'dist-size';
const maxKB = Number(args[args.indexOf('--max') + 1] ?? 60) || 60;
if (!args.includes('--no-build')) execSync(`npx vite build --outDir ${outDir} --emptyOutDir`, { stdio: 'ignore' });

const html = readFileSync(join(outDir, 'index.html'), 'utf8');
const firstPaint = new Set();
for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\.?\/?([^"]+\.(?:js|css))"/g))
  firstPaint.add(m[1]);

const gz = (file) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
let first = 0;
console.log('first paint (gzip KB):');
for (const file of firstPaint) {
  const size = gz(file);
  first += size;
  console.log(`${kb(size)}  ${file}`);
}
console.log('loaded later (gzip KB):');
for (const file of readdirSync(join(outDir, 'assets'))) {
  const rel = `assets/${file}`;
  if (!firstPaint.has(rel) && /\.(js|css)$/.test(file)) console.log(`${kb(gz(rel))}  ${rel}`);
}
console.log(`first paint total: ${kb(first).trim()} KB gzip (budget ${maxKB} KB)`);
process.exit(first / 1024 > maxKB ? 1 : 0);
