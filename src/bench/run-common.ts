/**
 * Assembling a BenchRun from the GPU suite's result and the CPU tiers' result; shared by
 * the page's runner (run.ts) and Node's (node/run-node.ts).
 */
import { BENCH_RUN_SCHEMA_VERSION, type BenchEnvironment, type BenchRun, type GpuSuiteResult } from '../model/bench-run.ts';
import type { Metric } from '../model/metrics.ts';
import type { BenchProfile, CpuTiersResult } from './types.ts';

export interface AssembleInput {
  profile: BenchProfile;
  startedAt: string;
  durationMs: number;
  environment: BenchEnvironment;
  gpu?: GpuSuiteResult | undefined;
  gpuUnavailable?: string | undefined;
  gpuUnavailableReason?: BenchRun['gpuUnavailableReason'];
  cpu?: CpuTiersResult | undefined;
  cpuError?: string | undefined;
  cancelled: boolean;
}

/** One BenchRun document: GPU and CPU metrics together, errors collected in plain words. */
export function assembleBenchRun(input: AssembleInput): BenchRun {
  const metrics: Metric[] = [...(input.gpu?.metrics ?? []), ...(input.cpu?.metrics ?? [])];
  const errors: string[] = [];
  if (input.gpuUnavailable) errors.push(`GPU: ${input.gpuUnavailable}`);
  if (input.gpu?.error) errors.push(`GPU: ${input.gpu.error}`);
  for (const m of input.gpu?.metrics ?? []) {
    if (m.status === 'failed') errors.push(`${m.id}: ${m.error}`);
  }
  if (input.cpuError) errors.push(`CPU: ${input.cpuError}`);
  for (const m of input.cpu?.metrics ?? []) {
    if (m.status === 'failed') errors.push(`${m.id}: ${m.error}`);
  }
  const run: BenchRun = {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics,
    profile: input.profile,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    environment: input.environment,
    software: input.gpu?.adapter.isFallbackAdapter ?? false,
    errors,
    cancelled: input.cancelled,
  };
  if (input.gpu) {
    const { metrics: _gpuMetrics, ...gpuFacts } = input.gpu;
    void _gpuMetrics;
    run.gpu = gpuFacts;
  }
  if (input.gpuUnavailable) run.gpuUnavailable = input.gpuUnavailable;
  if (input.gpuUnavailableReason) run.gpuUnavailableReason = input.gpuUnavailableReason;
  if (input.cpu) {
    run.cpu = {
      logicalCores: input.cpu.logicalCores,
      threads: input.cpu.threads,
      simdFlavor: input.cpu.simdFlavor,
      warnings: input.cpu.warnings,
    };
  }
  return run;
}
