/**
 * `npm run bench [-- --json] [--profile quick|full] [--reference] [--no-cpu]`
 *
 * Runs the GPU suite under Node with Dawn (the `webgpu` package), then the CPU tiers, and
 * prints a table (progress on stderr) or, with --json, the result document with metrics
 * keyed by id. If Dawn finds no Vulkan driver and Debian's chromium SwiftShader is
 * installed, it re-runs itself pointed at that (a software GPU) and says so.
 */
import { spawnSync } from 'node:child_process';
import type { BenchRun } from '../src/model/bench/bench-run.ts';
import { timelineOverlaps } from '../src/model/bench/timeline.ts';
import { formatMetricValue as fmt } from '../src/model/shared/format.ts';
import { headlineValue, metricLabel, type Metric, type MetricId } from '../src/model/bench/metrics.ts';
import {
  CHROMIUM_LIB_DIR,
  CHROMIUM_SWIFTSHADER_ICD,
  NO_VULKAN_HELP,
  createNodeGpu,
  runBenchmarkNode,
  swiftShaderFallbackAvailable,
} from '../src/bench/node/run-node.ts';
import type { BenchProfile } from '../src/bench/types.ts';
import { parseVerifySpecs, runVerifyCli, verifyReport } from '../src/bench/node/verify-node.ts';
import { loadWorkloadKinds } from '../src/model/workloads/kinds/index.ts';
import { runVerifySweep, sweepReport } from '../src/bench/node/verify-sweep.ts';
import { isRunnableWorkloadId, type RunnableWorkloadId } from '../src/model/workloads/runnable.ts';

const USAGE = `usage: npm run bench -- [--json] [--profile quick|full] [--reference] [--no-cpu]
  --json        print the result document (metrics keyed by id) on stdout
  --profile     quick (default, seconds) or full (careful, longer)
  --reference   also time naive reference kernels and print the ratios (BENCHMARKS.md)
  --no-cpu      GPU suite only
  --verify W    run workload W (e.g. matmul:m=1024,n=1024,k=1024, elementwise:elements=1e6,
                reduction:elements=1e7, softmax:rows=4096,cols=1000) on both sides and print
                predicted vs measured, with rates from this run's suite; may repeat
  --sweep       with --verify: also a size sweep for the measured break-even
  --budget S    with --verify: seconds per side for one workload (default 2; larger sizes scale down)
  --verify-sweep  every runnable kind at three held-out sizes, predicted from this run with no
                calibration, then run: CPU time, GPU time and speedup errors (BENCHMARKS.md)
  --kinds K,K   with --verify-sweep: only these kinds (e.g. matmul,softmax)`;

interface Args {
  json: boolean;
  profile: BenchProfile;
  reference: boolean;
  noCpu: boolean;
  verify: string[];
  sweep: boolean;
  budgetSeconds: number | undefined;
  verifySweep: boolean;
  kinds: RunnableWorkloadId[] | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    json: false,
    profile: 'quick',
    reference: false,
    noCpu: false,
    verify: [],
    sweep: false,
    budgetSeconds: undefined,
    verifySweep: false,
    kinds: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--reference') args.reference = true;
    else if (a === '--no-cpu') args.noCpu = true;
    else if (a === '--sweep') args.sweep = true;
    else if (a === '--verify-sweep') args.verifySweep = true;
    else if (a === '--kinds' || a?.startsWith('--kinds=')) {
      const v = (a.includes('=') ? a.slice('--kinds='.length) : argv[++i]) ?? '';
      const kinds = v.split(',').map((k) => k.trim());
      const bad = kinds.filter((k) => !isRunnableWorkloadId(k));
      if (bad.length > 0 || kinds.length === 0) fail(`--kinds: not runnable kinds: ${bad.join(', ') || '(none)'}`);
      args.kinds = kinds as RunnableWorkloadId[];
    } else if (a === '--verify' || a?.startsWith('--verify=')) {
      const v = a.includes('=') ? a.slice('--verify='.length) : argv[++i];
      if (!v) fail('--verify needs a workload, e.g. matmul:m=1024,n=1024,k=1024');
      args.verify.push(v);
    } else if (a === '--budget' || a?.startsWith('--budget=')) {
      const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!(v > 0)) fail('--budget must be a positive number of seconds');
      args.budgetSeconds = v;
    } else if (a === '--profile' || a?.startsWith('--profile=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (v !== 'quick' && v !== 'full') fail(`--profile must be quick or full, got ${v ?? 'nothing'}`);
      args.profile = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${a ?? ''}`);
  }
  return args;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Is there any adapter? Decides whether to fall back to SwiftShader. */
async function hasAdapter(): Promise<boolean> {
  const gpu = await createNodeGpu();
  const adapter = await gpu.requestAdapter();
  return adapter !== null;
}

/** Re-run this script with Chromium's SwiftShader Vulkan driver; returns the exit status. */
function rerunWithSwiftShader(): number {
  process.stderr.write(
    `No Vulkan GPU driver found; using SwiftShader from Debian's chromium (a CPU emulation: not real GPU numbers).\n` +
      `  (same as: LD_LIBRARY_PATH=${CHROMIUM_LIB_DIR} VK_ICD_FILENAMES=${CHROMIUM_SWIFTSHADER_ICD})\n`,
  );
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: [CHROMIUM_LIB_DIR, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':'),
    VK_ICD_FILENAMES: CHROMIUM_SWIFTSHADER_ICD,
    GPU_PAYOFF_BENCH_REEXEC: '1',
  };
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  return r.status ?? 1;
}

function metricRow(m: Metric): string[] {
  const label = metricLabel(m.id);
  if (m.status !== 'ok') return [label, m.id, m.status.toUpperCase(), '', '', '', m.error];
  const which = m.better === 'higher' ? 'best' : 'median';
  return [label, m.id, fmt(headlineValue(m)), m.unit, `${fmt(m.p10)}–${fmt(m.p90)}`, String(m.n), which];
}

function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function report(run: BenchRun): string {
  const out: string[] = [];
  const g = run.gpu;
  if (g) {
    const a = g.adapter;
    out.push(
      `GPU: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unnamed adapter'}`,
    );
    out.push(
      `timer: ${g.timer}${g.timestampsQuantized ? ' (quantized to 65.5 µs)' : ''}; profile ${run.profile}; warm-up ${g.warmupMs} ms`,
    );
    if (a.isFallbackAdapter) {
      out.push(
        'WARNING: software/fallback adapter (SwiftShader emulates a GPU on the CPU): these are not real GPU numbers.',
      );
    }
  } else if (run.gpuUnavailable) {
    out.push(`GPU unavailable:\n${run.gpuUnavailable}`);
  }
  out.push('');
  out.push(
    table(run.metrics.map(metricRow), ['measurement', 'metric', 'value', 'unit', 'p10–p90', 'n', 'quoted as / reason']),
  );
  const refs = g?.references ?? [];
  if (refs.length > 0) {
    out.push('');
    out.push('Reference kernels (same run):');
    const rows = refs.map((r) => {
      const m = run.metrics.find((x) => x.id === r.comparedTo);
      const suite = m?.status === 'ok' ? headlineValue(m) : NaN;
      // Gain > 1 means the suite's method does better than the naive one.
      const gain = m?.better === 'lower' ? r.value / suite : suite / r.value;
      return [
        r.id,
        `${fmt(r.value)} ${r.unit}`,
        r.label,
        `${r.comparedTo} = ${fmt(suite)}`,
        Number.isFinite(gain) ? `${fmt(gain)}×` : '–',
      ];
    });
    out.push(table(rows, ['reference', 'value', 'what', 'vs metric', 'gain']));
  }
  const steps = run.timeline ?? [];
  if (steps.length > 0) {
    out.push('', 'Timeline (ms from the start; CPU and GPU steps must never overlap):');
    for (const t of steps) {
      out.push(
        `  ${t.device.toUpperCase()}  ${t.startMs.toFixed(0).padStart(7)} – ${t.endMs.toFixed(0).padStart(7)}  ${t.step}`,
      );
    }
    const overlaps = timelineOverlaps(steps);
    out.push(
      overlaps.length === 0
        ? '  no CPU step overlapped a GPU step'
        : `  OVERLAPS: ${overlaps.map((o) => `${o.cpu.step} with ${o.gpu.step} (${o.overlapMs.toFixed(1)} ms)`).join('; ')}`,
    );
  }
  for (const w of [...(g?.warnings ?? []), ...(run.cpu?.warnings ?? [])]) out.push(`warning: ${w}`);
  if (g?.error) out.push(`error: ${g.error}`);
  out.push(`\ntotal ${(run.durationMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

/** The JSON document: the BenchRun with metrics keyed by id. */
export function toJsonDocument(
  run: BenchRun,
): Omit<BenchRun, 'metrics'> & { metrics: Partial<Record<MetricId, Metric>> } {
  const metrics: Partial<Record<MetricId, Metric>> = {};
  for (const m of run.metrics) metrics[m.id] = m;
  return { ...run, metrics };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // The expression kind's parser loads lazily, as in the page: before any --verify spec is read.
  await loadWorkloadKinds();
  const specErrors = parseVerifySpecs(args.verify).errors;
  if (specErrors.length > 0) fail(specErrors.join('\n'));
  if ((args.verify.length > 0 || args.verifySweep) && args.noCpu) fail('--verify needs the CPU rates: drop --no-cpu');
  if (!(await hasAdapter())) {
    if (!process.env['GPU_PAYOFF_BENCH_REEXEC'] && !process.env['VK_ICD_FILENAMES'] && swiftShaderFallbackAvailable()) {
      return rerunWithSwiftShader();
    }
    process.stderr.write(`${NO_VULKAN_HELP}\n`);
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ncancelling after the current step…\n');
    controller.abort();
  });
  const tty = process.stderr.isTTY;
  let lastStep = '';
  const run = await runBenchmarkNode({
    profile: args.profile,
    reference: args.reference,
    noCpu: args.noCpu,
    signal: controller.signal,
    onProgress: ({ fraction, step }) => {
      const pct = `${Math.round(fraction * 100)}`.padStart(3);
      if (tty) {
        const bar = '#'.repeat(Math.round(fraction * 20)).padEnd(20, '.');
        process.stderr.write(`\r[${bar}] ${pct}% ${step}`.padEnd(90).slice(0, 100));
      } else if (step !== lastStep) {
        process.stderr.write(`${pct}% ${step}\n`);
      }
      lastStep = step;
    },
  });
  if (tty) process.stderr.write('\n');
  const verified =
    args.verify.length > 0
      ? await runVerifyCli(args.verify, run, {
          sweep: args.sweep,
          budgetSeconds: args.budgetSeconds,
          signal: controller.signal,
          onProgress: ({ fraction, step }) =>
            process.stderr.write(`${`${Math.round(fraction * 100)}`.padStart(3)}% ${step}\n`),
        })
      : undefined;
  const swept = args.verifySweep
    ? await runVerifySweep(run, {
        budgetSeconds: args.budgetSeconds,
        ...(args.kinds ? { kinds: args.kinds } : {}),
        signal: controller.signal,
        onProgress: ({ fraction, step }) =>
          process.stderr.write(`${`${Math.round(fraction * 100)}`.padStart(3)}% ${step}\n`),
      })
    : undefined;
  if (args.json) {
    const doc = {
      ...toJsonDocument(run),
      ...(verified ? { verify: verified } : {}),
      ...(swept ? { verifySweep: swept } : {}),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${report(run)}\n${verified ? `${verifyReport(verified)}\n` : ''}${swept ? `${sweepReport(swept)}\n` : ''}`,
    );
  }
  const gpuFailed = !run.gpu || Boolean(run.gpu.error);
  const verifyFailed = (verified?.entries.some((e) => !e.result) ?? false) || (swept?.errors.length ?? 0) > 0;
  return gpuFailed || verifyFailed ? 1 : 0;
}

// Exit explicitly: worker threads or Dawn's background thread must not keep Node alive.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
