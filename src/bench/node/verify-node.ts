/**
 * `npm run bench -- --verify matmul:m=1024,n=1024,k=1024 [--verify …] [--sweep] [--budget S] [--json]`
 * (issue #13): the verification under Node with Dawn. The rates the prediction uses come
 * from the suite that the same CLI run measured (scripts/bench.ts runs it first), so the
 * comparison is "this machine's model against this machine's kernels".
 */
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { sizeAxis, type SizeBreakEven } from '../../model/workloads/break-even.ts';
import { formatDuration } from '../../model/shared/format.ts';
import type { Workload } from '../../model/workloads/types.ts';
import {
  achievedText,
  medianAbsoluteError,
  parseVerifySpec,
  verifyRatesFromMetrics,
  type PartComparison,
} from '../../model/workloads/verify.ts';
import { validatedText } from '../../model/workloads/run-fit.ts';
import { nodeCpuTierEnv } from '../cpu/node.ts';
import { acquireGpu } from '../gpu/device.ts';
import { loadWorkloadShadersFromDisk } from '../workloads/gpu/shaders-node.ts';
import { VerifyError, verifyWorkload, type VerifyProgress, type VerifyResult } from '../workloads/verify.ts';
import { createNodeGpu } from './run-node.ts';

export interface VerifyCliOptions {
  sweep: boolean;
  budgetSeconds: number | undefined;
  signal?: AbortSignal;
  onProgress?: (p: VerifyProgress) => void;
}

/** One `--verify` entry: its text, and the result or the error. */
export interface VerifyCliEntry {
  spec: string;
  result?: VerifyResult;
  error?: { kind: string; message: string };
}

export interface VerifyCliDocument {
  /** Rates the predictions used, from the suite run. */
  machine: ReturnType<typeof verifyRatesFromMetrics>;
  adapter: NonNullable<BenchRun['gpu']>['adapter'] | undefined;
  entries: VerifyCliEntry[];
  /** Median |predictionError| over the entries that ran. */
  medianAbsolutePredictionError: number;
}

/** Check every spec before anything runs; the messages say which one is wrong. */
export function parseVerifySpecs(specs: readonly string[]): { workloads: Workload[]; errors: string[] } {
  const workloads: Workload[] = [];
  const errors: string[] = [];
  for (const s of specs) {
    const r = parseVerifySpec(s);
    if (r.ok) workloads.push(r.workload);
    else errors.push(`--verify ${s}: ${r.message}`);
  }
  return { workloads, errors };
}

/** Run every spec against the rates of `suite`. Never rejects for a failed workload: its entry has the error. */
export async function runVerifyCli(
  specs: readonly string[],
  suite: BenchRun,
  opts: VerifyCliOptions,
): Promise<VerifyCliDocument> {
  const rates = verifyRatesFromMetrics(suite.metrics);
  const doc: VerifyCliDocument = {
    machine: rates,
    adapter: suite.gpu?.adapter,
    entries: [],
    medianAbsolutePredictionError: Number.NaN,
  };
  if (!rates) {
    doc.entries = specs.map((spec) => ({
      spec,
      error: { kind: 'failed', message: 'the suite did not measure the rates the model needs' },
    }));
    return doc;
  }
  const gpu = await createNodeGpu();
  const acquired = await acquireGpu({ gpu, secureContext: true });
  if (!acquired.ok) {
    doc.entries = specs.map((spec) => ({ spec, error: { kind: 'failed', message: acquired.message } }));
    return doc;
  }
  const env = { device: acquired.device, shaders: loadWorkloadShadersFromDisk(), cpu: nodeCpuTierEnv() };
  try {
    for (const spec of specs) {
      const parsed = parseVerifySpec(spec);
      if (!parsed.ok) {
        doc.entries.push({ spec, error: { kind: 'failed', message: parsed.message } });
        continue;
      }
      try {
        const result = await verifyWorkload(env, parsed.workload, {
          machine: rates.machine,
          transfer: rates.transfer,
          sweep: opts.sweep,
          ...(opts.budgetSeconds !== undefined ? { budgetSeconds: opts.budgetSeconds } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.onProgress
            ? { onProgress: (p: VerifyProgress) => opts.onProgress?.({ ...p, step: `${spec}: ${p.step}` }) }
            : {}),
        });
        doc.entries.push({ spec, result });
      } catch (e) {
        const err = e instanceof VerifyError ? e : new VerifyError('failed', String(e));
        doc.entries.push({ spec, error: { kind: err.kind, message: err.message } });
        if (err.kind === 'cancelled' || err.kind === 'device-lost') break;
      }
    }
  } finally {
    acquired.device.destroy();
  }
  doc.medianAbsolutePredictionError = medianAbsoluteError(
    doc.entries.flatMap((e) => (e.result ? [e.result.comparison.predictionError] : [])),
  );
  return doc;
}

const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(0)} %` : '–');

function row(name: string, c: PartComparison, fmt: (v: number) => string): string[] {
  return [name, fmt(c.predicted), fmt(c.measured), pct(c.errorPercent)];
}

/** The printed report: per workload, predicted against measured part by part. */
export function verifyReport(doc: VerifyCliDocument): string {
  const out: string[] = ['', 'Verification: predicted vs measured (rates from this run’s suite)'];
  if (doc.adapter?.isFallbackAdapter) {
    out.push('WARNING: software adapter (SwiftShader): the GPU figures are a CPU emulation, not a real GPU.');
  }
  for (const e of doc.entries) {
    out.push('');
    if (!e.result) {
      out.push(`${e.spec}: FAILED (${e.error?.kind ?? 'failed'}): ${e.error?.message ?? ''}`);
      continue;
    }
    const r = e.result;
    const c = r.comparison;
    out.push(`${e.spec}${r.fit.scaledDown ? `  (ran at ${r.fit.size} ${sizeUnit(r)})` : ''}`);
    for (const n of r.notes) out.push(`  note: ${n}`);
    const rows = [
      row('CPU time', c.cpu, formatDuration),
      row('GPU compute', c.gpuCompute, formatDuration),
      row('upload', c.upload, formatDuration),
      row('readback', c.readback, formatDuration),
      row('launches', c.launches, (v) => String(v)),
      row('GPU total', c.gpuTotal, formatDuration),
      row('speedup', c.speedup, (v) => `${v.toPrecision(3)}×`),
    ];
    out.push(table(rows, ['part', 'predicted', 'measured', 'error']));
    out.push(
      `  predictionError ${(c.predictionError * 100).toFixed(1)} % (roofline without transfer latency: ${(c.rooflinePredictionError * 100).toFixed(1)} %)`,
    );
    const a = c.achieved;
    out.push(
      `  achieved: CPU ${a.cpuGflops.toPrecision(3)} GFLOPS, ${a.cpuGbps.toPrecision(3)} GB/s; GPU ${a.gpuGflops.toPrecision(3)} GFLOPS, ${a.gpuGbps.toPrecision(3)} GB/s`,
    );
    for (const s of achievedText(r.ran.id, a)) out.push(`  ${s}`);
    out.push(`  ${validatedText(r)}`);
    if (r.sweep) {
      out.push('  sweep (size: CPU measured/predicted, GPU measured/predicted):');
      for (const p of r.sweep.points) {
        out.push(
          `    ${p.size}: CPU ${formatDuration(p.cpuSeconds)} / ${formatDuration(p.predictedCpuSeconds)}, GPU ${formatDuration(p.gpuSeconds)} / ${formatDuration(p.predictedGpuSeconds)}`,
        );
      }
      out.push(
        `  measured break-even: ${beText(r.sweep.measuredBreakEven)}; predicted: ${beText(r.sweep.predictedBreakEven)}`,
      );
    }
  }
  out.push('', `median |predictionError|: ${(doc.medianAbsolutePredictionError * 100).toFixed(1)} %`);
  return out.join('\n');
}

function sizeUnit(r: VerifyResult): string {
  return sizeAxis(r.ran).unit;
}

function beText(be: SizeBreakEven | undefined): string {
  if (!be) return 'not enough points';
  if (be.kind === 'finite') return `${be.size} ${be.unit}`;
  if (be.kind === 'always') return `GPU wins from the smallest size (${be.minSize})`;
  return `GPU never wins up to ${be.maxSize}`;
}

function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')}`.trimEnd()).join('\n');
}
