/**
 * Workload kernel sources for the page: Vite inlines every kinds/<kind>/*.wgsl as a string
 * (`?raw`), keyed '<kind>/<file>' as the kernels ask for them. A new kind's shaders need no
 * line here.
 */
import type { WorkloadShaders } from './run.ts';

const files = import.meta.glob<string>('../kinds/*/*.wgsl', { query: '?raw', import: 'default', eager: true });

export const browserWorkloadShaders: WorkloadShaders = Object.fromEntries(
  Object.entries(files).map(([path, source]) => [path.replace(/^\.\.\/kinds\//, '').replace(/\.wgsl$/, ''), source]),
);
