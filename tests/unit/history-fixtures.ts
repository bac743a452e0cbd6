/**
 * Test data for the history: BenchRun documents shaped like the bench's output, built
 * with the real okMetric so spread and samples are consistent. Shared by the unit tests
 * and the Playwright history tests (which plant these records in IndexedDB).
 */
import { BENCH_RUN_SCHEMA_VERSION, type BenchRun } from '../../src/model/bench-run.ts';
import { okMetric, type Metric } from '../../src/model/metrics.ts';

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

export interface RunOptions {
  gflops?: number;
  uploadGBps?: number;
  cpuGflops?: number;
  dispatchUs?: number;
  userAgent?: string;
  description?: string;
  fallback?: boolean;
  timer?: 'timestamp-query' | 'wall-clock';
  isolated?: boolean;
  startedAt?: string;
  noGpu?: boolean;
}

/** A complete run with a handful of metrics; values scale the samples. */
export function makeRun(o: RunOptions = {}): BenchRun {
  const gflops = o.gflops ?? 1000;
  const upload = o.uploadGBps ?? 10;
  const cpu = o.cpuGflops ?? 50;
  const dispatch = o.dispatchUs ?? 20;
  const ua = o.userAgent ?? CHROME_UA;
  const isolated = o.isolated ?? true;
  const startedAt = o.startedAt ?? '2026-11-20T10:00:00.000Z';
  const metrics: Metric[] = [
    okMetric('gpu.upload.gbps', 'GB/s', 'higher', [upload * 0.9, upload, upload * 0.95]),
    okMetric('cpu.simdAll.gflops', 'GFLOPS', 'higher', [cpu * 0.97, cpu, cpu * 0.99]),
    okMetric('gpu.dispatch.us', 'µs', 'lower', [dispatch, dispatch * 1.1, dispatch * 1.05]),
    { id: 'gpu.f16.gflops', status: 'skipped', unit: 'GFLOPS', better: 'higher', error: 'shader-f16 is not available' },
  ];
  if (!o.noGpu) metrics.unshift(okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [gflops * 0.95, gflops, gflops * 0.98]));
  const run: BenchRun = {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics,
    profile: 'quick',
    startedAt,
    durationMs: 4200,
    environment: { host: 'browser', userAgent: ua, crossOriginIsolated: isolated },
    software: o.fallback ?? false,
    errors: [],
    cancelled: false,
    cpu: { logicalCores: 8, threads: 8, simdFlavor: 'relaxed_madd', warnings: [] },
  };
  if (o.noGpu) {
    run.gpuUnavailable = 'WebGPU is not available in this browser.';
  } else {
    run.gpu = {
      adapter: {
        vendor: 'nvidia',
        architecture: 'ada',
        device: '',
        description: o.description ?? 'NVIDIA GeForce RTX 4070',
        isFallbackAdapter: o.fallback ?? false,
        features: ['timestamp-query'],
      },
      limits: { maxBufferSize: 4294967296, maxComputeWorkgroupSizeX: 1024 },
      timer: o.timer ?? 'timestamp-query',
      timestampsQuantized: false,
      crossOriginIsolated: isolated,
      userAgent: ua,
      profile: 'quick',
      warmupMs: 100,
      transfers: [
        {
          path: 'upload.writeBuffer',
          label: 'writeBuffer',
          points: [
            { bytes: 4096, ms: 0.05 },
            { bytes: 1048576, ms: 0.2 },
          ],
          fit: { latencyMs: 0.05, gbps: upload, r2: 0.99, clamped: false, n: 2 },
        },
      ],
      references: [],
      startedAt,
      durationMs: 3000,
      warnings: [],
      cancelled: false,
    };
  }
  return run;
}
