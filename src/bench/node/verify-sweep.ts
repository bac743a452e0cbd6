/**
 * `npm run bench -- --verify-sweep` (issue #20): every runnable kind at its three held-out
 * sizes (src/model/workloads/verify-sweep.ts), predicted from the rates this same CLI run
 * measured — peaks, achievable roofs, the copy path, the CPU's call cost, no calibration —
 * then run for real with the page's kernels, and the errors tabled. The machine, the
 * adapter, the date and the load average before and after go with the table: a loaded
 * machine moves the figures, and the table says how loaded it was.
 *
 * The same command on a machine with a GPU and its Vulkan driver measures that GPU (Dawn
 * picks the first adapter; `VK_ICD_FILENAMES` chooses one): BENCHMARKS.md says how.
 */
import { cpus, loadavg, platform, release } from 'node:os';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { formatBytesSi, formatDuration } from '../../model/shared/format.ts';
import { ACHIEVABLE_CLASSES, ACHIEVABLE_DEVICES } from '../../model/workloads/achievable.ts';
import { kindOf } from '../../model/workloads/kinds/index.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';
import { RUNNABLE_WORKLOAD_IDS, type RunnableWorkloadId } from '../../model/workloads/runnable.ts';
import { verifyRatesFromMetrics, type PartComparison } from '../../model/workloads/verify.ts';
import {
  VERIFY_SWEEP_SIZES,
  signedPercent,
  sweepRow,
  sweepScore,
  withinTarget,
  type SweepRow,
} from '../../model/workloads/verify-sweep.ts';
import { nodeCpuTierEnv } from '../cpu/node.ts';
import { acquireGpu } from '../gpu/device.ts';
import { loadWorkloadShadersFromDisk } from '../workloads/gpu/shaders-node.ts';
import { VerifyError, verifyWorkload, type VerifyProgress } from '../workloads/verify.ts';
import { createNodeGpu } from './run-node.ts';

export interface SweepOptions {
  /** Seconds per side for one size (default 10: the held-out sizes run as they are). */
  budgetSeconds?: number | undefined;
  /** Timed runs per side (default 5). */
  runs?: number;
  /** Only these kinds (default every runnable one). */
  kinds?: readonly RunnableWorkloadId[];
  signal?: AbortSignal;
  onProgress?: (p: VerifyProgress) => void;
}

export interface SweepDocument {
  date: string;
  machine: { cpu: string; logicalCores: number; os: string; node: string };
  adapter: NonNullable<BenchRun['gpu']>['adapter'] | undefined;
  /** 1-, 5- and 15-minute load averages when the sweep started and ended. */
  loadAverage: { start: number[]; end: number[] };
  /** The rates every prediction used, from the suite run (undefined: it lacked some). */
  machineRates: MachineRates | undefined;
  rows: (SweepRow & { notes: string[] })[];
  errors: { workload: string; kind: string; message: string }[];
  score: ReturnType<typeof sweepScore>;
}

/** Predict and run every held-out size; never rejects for a failed workload (its error is kept). */
export async function runVerifySweep(suite: BenchRun, opts: SweepOptions = {}): Promise<SweepDocument> {
  const rates = verifyRatesFromMetrics(suite.metrics);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const doc: SweepDocument = {
    date: new Date().toISOString(),
    machine: { cpu, logicalCores: cpus().length, os: `${platform()} ${release()}`, node: process.version },
    adapter: suite.gpu?.adapter,
    loadAverage: { start: loadavg(), end: [] },
    machineRates: rates?.machine,
    rows: [],
    errors: [],
    score: sweepScore([]),
  };
  const kinds = RUNNABLE_WORKLOAD_IDS.filter((k) => !opts.kinds || opts.kinds.includes(k));
  const workloads = kinds.flatMap((k) => VERIFY_SWEEP_SIZES[k]);
  if (!rates) {
    doc.errors = workloads.map((w) => ({
      workload: describe(w),
      kind: 'failed',
      message: 'the suite did not measure the rates the model needs',
    }));
    doc.loadAverage.end = loadavg();
    return doc;
  }
  const gpu = await createNodeGpu();
  const acquired = await acquireGpu({ gpu, secureContext: true });
  if (!acquired.ok) {
    doc.errors = workloads.map((w) => ({ workload: describe(w), kind: 'failed', message: acquired.message }));
    doc.loadAverage.end = loadavg();
    return doc;
  }
  const env = { device: acquired.device, shaders: loadWorkloadShadersFromDisk(), cpu: nodeCpuTierEnv() };
  try {
    for (const [i, w] of workloads.entries()) {
      const name = describe(w);
      try {
        const r = await verifyWorkload(env, w, {
          machine: rates.machine,
          budgetSeconds: opts.budgetSeconds ?? 10,
          runs: opts.runs ?? 5,
          // The sizes are the point: no probe resizing them, the budget only as a guard.
          noProbe: true,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (p) =>
            opts.onProgress?.({ fraction: (i + p.fraction) / workloads.length, step: `${name}: ${p.step}` }),
        });
        const tiny = VERIFY_SWEEP_SIZES[w.id]?.[0] === w;
        doc.rows.push({ ...sweepRow(w.id, describe(r.ran), tiny, r.comparison), notes: r.notes });
      } catch (e) {
        const err = e instanceof VerifyError ? e : new VerifyError('failed', String(e));
        doc.errors.push({ workload: name, kind: err.kind, message: err.message });
        if (err.kind === 'cancelled' || err.kind === 'device-lost') break;
      }
    }
  } finally {
    acquired.device.destroy();
  }
  doc.loadAverage.end = loadavg();
  doc.score = sweepScore(doc.rows);
  return doc;
}

function describe(w: { id: string; shape: unknown }): string {
  const kind = kindOf(w.id as RunnableWorkloadId);
  return `${w.id} ${kind.describe(w.shape as never)}`;
}

const cell = (p: PartComparison, fmt: (v: number) => string): string =>
  `${fmt(p.predicted)} / ${fmt(p.measured)} ${withinTarget(p) ? '' : '**'}${signedPercent(p.errorPercent)}${withinTarget(p) ? '' : '**'}`;

const speed = (v: number): string => (Number.isFinite(v) ? `${v.toPrecision(3)}×` : '–');

/** The table as Markdown (BENCHMARKS.md keeps it): predicted / measured error, misses in bold. */
export function sweepReport(doc: SweepDocument): string {
  const a = doc.adapter;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const out: string[] = [
    '',
    `Held-out sizes, no calibration: predicted / measured and error (measured ÷ predicted − 1; ** misses ±25 %)`,
    `machine: ${doc.machine.cpu}, ${doc.machine.logicalCores} logical cores, ${doc.machine.os}, Node ${doc.machine.node}`,
    `GPU: ${a ? [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unnamed adapter' : 'none'}${a?.isFallbackAdapter ? ' (software adapter: a CPU emulation, not a real GPU)' : ''}`,
    `date: ${doc.date}; load average (1 / 5 / 15 min) at start ${load(doc.loadAverage.start)}, at end ${load(doc.loadAverage.end)}`,
    '',
    '| workload (as it ran) | CPU time | GPU time (upload + kernels + readback) | speedup | upload | readback | GPU kernels |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of doc.rows) {
    out.push(
      `| ${r.kind} ${r.size}${r.tiny ? ' (tiny)' : ''} | ${cell(r.cpu, formatDuration)} | ${cell(r.gpu, formatDuration)} | ${cell(r.speedup, speed)} | ${cell(r.upload, formatDuration)} | ${cell(r.readback, formatDuration)} | ${cell(r.gpuCompute, formatDuration)} |`,
    );
  }
  for (const e of doc.errors) out.push(`| ${e.workload} | FAILED (${e.kind}): ${e.message} | | | | | |`);
  const s = doc.score;
  out.push(
    '',
    `within ±25 %: CPU time ${s.cpu}/${s.of}, GPU time ${s.gpu}/${s.of}, speedup ${s.speedup}/${s.of} (upload ${s.upload}/${s.of}, readback ${s.readback}/${s.of})`,
  );
  for (const r of doc.rows) for (const n of r.notes) out.push(`note (${r.kind} ${r.size}): ${n}`);
  out.push(...figuresReport(doc.machineRates));
  return out.join('\n');
}

/** The figures the predictions used, per class: fixed cost, share of the roof, and measured ÷ line at each measured size. */
function figuresReport(m: MachineRates | undefined): string[] {
  if (!m) return [];
  const out = [
    '',
    'Figures the predictions used (fixed cost per launch; share of the roof; measured ÷ line at each measured size, by roof time):',
  ];
  for (const device of ACHIEVABLE_DEVICES) {
    for (const c of ACHIEVABLE_CLASSES) {
      const f = m.achievable?.[device]?.[c];
      if (!f) continue;
      const curve = (f.curve ?? []).map((p) => `${formatDuration(p.x)}→${p.factor.toFixed(2)}`).join(' ');
      out.push(
        `  ${device.toUpperCase()} ${c}: ${formatDuration(f.fixedSeconds ?? 0)}; ${((f.efficiency ?? 1) * 100).toPrecision(2)} %; ${curve || 'no curve'}`,
      );
    }
  }
  for (const [dir, curve] of [
    ['upload', m.copyCurves?.up],
    ['readback', m.copyCurves?.back],
  ] as const) {
    const pts = (curve ?? []).map((p) => `${formatBytesSi(p.x)}→${p.factor.toFixed(2)}`).join(' ');
    out.push(`  copies, ${dir}: ${pts || 'no curve'}`);
  }
  return out;
}
