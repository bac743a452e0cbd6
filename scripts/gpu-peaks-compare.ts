/**
 * `npx tsx scripts/gpu-peaks-compare.ts [--rounds N] [--full] [--json]`
 *
 * Side-by-side measurement of the GPU ceilings for BENCHMARKS.md (issue 11): in one
 * process and interleaved round by round, so a shared machine's load hits all of them
 * alike, it times
 *   - f32 before: the previous suite kernel (shaders/fma.wgsl fma_vec4, 4 chains × 4
 *     unrolled, 64 Ki / 4 Mi threads), calibrated and sampled as the suite did;
 *   - f32 after: the suite's step now (variant trials, winner timed), quick profile
 *     (with --full: the full profile's candidate list);
 *   - the plain reference: the single-chain scalar fma loop (references.ts);
 *   - device bandwidth: the suite's step (its trial figures include the previous kernel,
 *     `v4.L64` on a software adapter, `v4.L4` on a GPU) and copyBufferToBuffer;
 * and prints each round's figures, the ratios and how long each f32 measurement took.
 * Without a Vulkan GPU run it as: LD_LIBRARY_PATH=/usr/lib/chromium
 * VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx tsx scripts/gpu-peaks-compare.ts
 */
import { FMA_ADD, fmaVec4Reference } from '../src/model/bench/gpu-reference.ts';
import type { Metric } from '../src/model/bench/metrics.ts';
import { acquireGpu } from '../src/bench/gpu/device.ts';
import { stepDevice } from '../src/bench/gpu/device-bandwidth.ts';
import { GpuGuard } from '../src/bench/gpu/errors.ts';
import { measureFma, vecCheck } from '../src/bench/gpu/fma.ts';
import { measureScalarFmaReference } from '../src/bench/gpu/references.ts';
import type { ProfileConfig, StepContext } from '../src/bench/gpu/step-context.ts';
import { stepF32 } from '../src/bench/gpu/throughput.ts';
import { GpuTimer } from '../src/bench/gpu/timer.ts';
import { loadShadersFromDisk } from '../src/bench/node/shaders.ts';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 3) || 3;
const full = args.includes('--full');
const json = args.includes('--json');

/** The quick profile's effort (src/bench/gpu/suite.ts). */
const cfg: ProfileConfig = {
  samples: 8,
  warmupMs: 100,
  transferMaxBytes: 64 * 2 ** 20,
  transferFactor: 4,
  transferRounds: 3,
  roundtrips: 50,
  deviceBytes: 256 * 2 ** 20,
  deviceBytesFallback: 64 * 2 ** 20,
};

// Dawn directly (not run-node.ts, which also loads the CPU tiers): full-resolution timestamps.
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create(['disable-dawn-features=timestamp_quantization']);
const acquired = await acquireGpu({ gpu, secureContext: true });
if (!acquired.ok) {
  process.stderr.write(`no GPU: ${acquired.message}\n`);
  process.exit(1);
}
const { device, info } = acquired;
const shaders = loadShadersFromDisk();
const guard = new GpuGuard(device, 30_000);
const timer = new GpuTimer(device, guard);
process.stderr.write(
  `${info.vendor} / ${info.architecture} / ${info.description} (fallback: ${info.isFallbackAdapter})\n`,
);

function context(): StepContext {
  return {
    device,
    guard,
    timer,
    cfg,
    opts: { profile: full ? 'full' : 'quick', shaders, adapter: info, reference: false },
    fallback: info.isFallbackAdapter,
    now: () => performance.now(),
    warnings: [],
    transfers: [],
    references: [],
    progress: () => undefined,
    owned: [],
  };
}

async function timed<T>(fn: (ctx: StepContext) => Promise<T>): Promise<{ value: T; ms: number; ctx: StepContext }> {
  const ctx = context();
  const t0 = performance.now();
  try {
    const value = await fn(ctx);
    return { value, ms: performance.now() - t0, ctx };
  } finally {
    for (const o of ctx.owned) o.destroy();
  }
}

const best = (m: Metric | undefined) => (m?.status === 'ok' ? m.best : NaN);
const rows: Record<string, number | string>[] = [];
for (let r = 0; r < rounds; r++) {
  const before = await timed((ctx) =>
    measureFma(
      ctx,
      {
        label: 'before.fma_vec4',
        code: shaders.fma,
        entry: 'fma_vec4',
        flopsPerIteration: 128,
        add: FMA_ADD,
        check: vecCheck(fmaVec4Reference, 1e-6),
      },
      0,
      1,
    ),
  );
  const after = await timed((ctx) => stepF32(ctx));
  const scalar = await timed(async (ctx) => {
    await measureScalarFmaReference(ctx, 0, 1);
    return ctx.references[0]?.value ?? NaN;
  });
  const dev = await timed((ctx) => stepDevice(ctx));
  const f32 = after.value[0];
  const d = dev.value[0];
  const details = (m: Metric | undefined) => (m?.status === 'ok' ? (m.details ?? {}) : {});
  const row: Record<string, number | string> = {
    round: r + 1,
    beforeGflops: Math.max(...before.value.gflops),
    afterGflops: best(f32),
    scalarRefGflops: scalar.value,
    winner: String(details(f32)['variant'] ?? ''),
    beforeMs: Math.round(before.ms),
    afterMs: Math.round(after.ms),
    deviceGBps: best(d),
    deviceWinner: String(details(d)['variant'] ?? ''),
    copyBufferToBufferGBps: Number(details(d)['copyBufferToBufferGBps'] ?? NaN),
    deviceMs: Math.round(dev.ms),
  };
  for (const [k, v] of [...Object.entries(details(f32)), ...Object.entries(details(d))]) {
    if (k.startsWith('trial.')) row[k] = v as number | string;
  }
  rows.push(row);
  process.stderr.write(`round ${r + 1}: ${JSON.stringify(row)}\n`);
}
if (json) process.stdout.write(`${JSON.stringify({ adapter: info, full, rounds: rows }, null, 2)}\n`);
else {
  const f = (x: unknown) =>
    typeof x === 'number' ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : String(x);
  for (const row of rows) {
    const b = row['beforeGflops'] as number;
    const a = row['afterGflops'] as number;
    const s = row['scalarRefGflops'] as number;
    process.stdout.write(
      `round ${row['round']}: f32 before ${f(b)} → after ${f(a)} GFLOPS (×${f(a / b)}; winner ${row['winner']}), ` +
        `scalar ref ${f(s)} (after/ref ×${f(a / s)}, before/ref ×${f(b / s)}); f32 step ${row['beforeMs']} → ${row['afterMs']} ms; ` +
        `device ${f(row['deviceGBps'])} GB/s (${row['deviceWinner']}) vs copyBufferToBuffer ${f(row['copyBufferToBufferGBps'])} ` +
        `(×${f((row['deviceGBps'] as number) / (row['copyBufferToBufferGBps'] as number))})\n`,
    );
    const trials = Object.entries(row).filter(([k]) => k.startsWith('trial.'));
    process.stdout.write(`  trials: ${trials.map(([k, v]) => `${k.slice(6)} ${f(v)}`).join(', ')}\n`);
  }
}
timer.destroy();
device.destroy();
process.exit(0);
