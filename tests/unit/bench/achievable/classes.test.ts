/**
 * The achievable ladders' control flow against a fake device part: the climb stops at the
 * target or the budget, every size becomes a point the model fits back to the fake's own
 * fixed cost and rate, and a failing, cancelled or lost device ends as the suite's steps do.
 */
import { describe, expect, it } from 'vitest';
import {
  measureAchievable,
  type AchievableDeviceEnv,
  type AchievablePlan,
} from '../../../../src/bench/achievable/classes.ts';
import { VerifyError } from '../../../../src/bench/workloads/errors.ts';
import { TimelineRecorder } from '../../../../src/model/bench/timeline.ts';
import { okMetric, type Metric, type MetricOk } from '../../../../src/model/bench/metrics.ts';
import { achievablePointsFromDetails } from '../../../../src/model/workloads/achievable.ts';
import { achievableFromRun } from '../../../../src/model/workloads/achievable-run.ts';
import { workloadCounts } from '../../../../src/model/workloads/counts.ts';
import { DEFAULT_RUN_LIMITS } from '../../../../src/model/workloads/run-fit.ts';
import type { Workload } from '../../../../src/model/workloads/types.ts';

/**
 * A device whose every run takes `fixedS` per launch plus its roofline time at 10 GFLOPS /
 * 1 GB/s divided by `share`; the clock advances by what each run would take, plus 5 ms of set-up.
 */
function fakeDevice(
  fixedS: number,
  share: number,
  opts: { fail?: (w: Workload) => Error | undefined; seen?: Workload[] } = {},
): AchievableDeviceEnv & { clock: () => number } {
  let t = 0;
  return {
    device: 'gpu',
    limits: DEFAULT_RUN_LIMITS,
    now: () => t,
    clock: () => t,
    run: async (w, runs) => {
      opts.seen?.push(w);
      const err = opts.fail?.(w);
      if (err) throw err;
      const c = workloadCounts(w);
      const launches = c.kernels.reduce((n, k) => n + k.count, 0);
      const seconds = fixedS * launches + Math.max(c.flops / 10e9, c.deviceBytes / 1e9) / share;
      t += 5 + (runs + 1) * seconds * 1000;
      return { seconds, samples: Array.from({ length: runs }, () => seconds) };
    },
  };
}

const plan: AchievablePlan = { targetMs: 50, budgetMs: 2000, runs: 3 };
const peaks: Metric[] = [
  okMetric('gpu.f32.gflops', 'GFLOPS', 'higher', [10]),
  okMetric('gpu.device.gbps', 'GB/s', 'higher', [1]),
];

describe('measureAchievable', () => {
  it('climbs each ladder to the target; the model fits the fake’s fixed cost and share back', async () => {
    const env = fakeDevice(2e-3, 0.05);
    const timeline = new TimelineRecorder(env.clock, 0);
    const metrics = await measureAchievable(env, { profile: 'quick', plan, timeline });
    expect(metrics.map((m) => [m.id, m.status])).toEqual([
      ['gpu.matmul.gflops', 'ok'],
      ['gpu.matvec.gbps', 'ok'],
      ['gpu.elementwise.gbps', 'ok'],
      ['gpu.reduction.gbps', 'ok'],
      ['gpu.rowwise.gbps', 'ok'],
      ['gpu.conv2d.gflops', 'ok'],
      ['gpu.attention.gflops', 'ok'],
      ['gpu.fft.gflops', 'ok'],
    ]);
    const matmul = metrics[0] as MetricOk;
    const pts = achievablePointsFromDetails(matmul.details);
    // 2·128³ FLOPs at 0.5 GFLOPS: 10.4 ms with the fixed 2 ms. The step before grew 35× past the fixed
    // cost (it was still memory-bound), so 512 is expected at 0.3 s a run: inside the budget, and it ends
    // the climb at the target (0.54 s).
    expect(pts.map((p) => p.size)).toEqual([2, 8, 32, 128, 512]);
    expect(matmul.details?.['stoppedAt']).toMatch(/target/);
    // Elementwise reaches the 50 ms target: 2²⁰ elements move 16.8 MB, 0.34 s at 5 % of 1 GB/s.
    expect((metrics[2] as MetricOk).details?.['stoppedAt']).toMatch(/target/);
    for (const c of achievableFromRun([...peaks, ...metrics])) {
      expect(c.efficiency).toBeCloseTo(0.05, 6);
      expect(c.fixedSeconds).toBeCloseTo(2e-3, 9);
    }
    // Softmax and layernorm both measure the row-wise class, at every size.
    const rows = achievablePointsFromDetails((metrics[4] as MetricOk).details);
    expect(new Set(rows.map((p) => p.shape.split(' ')[0]))).toEqual(new Set(['softmax', 'layernorm']));
    // One timeline step per class, in order, none overlapping the next.
    expect(timeline.steps.map((s) => s.step)).toEqual([
      'GPU matmul kernel',
      'GPU matrix-vector kernel',
      'GPU elementwise kernel',
      'GPU reduction kernel',
      'GPU softmax / layernorm kernel',
      'GPU conv2d kernel',
      'GPU attention kernel',
      'GPU FFT kernel',
    ]);
    // Attention runs fused and as three kernels; the fixed cost is per launch for both.
    const attention = achievablePointsFromDetails((metrics[6] as MetricOk).details);
    expect(new Set(attention.map((p) => p.launches ?? 1))).toEqual(new Set([1, 3]));
    for (let i = 1; i < timeline.steps.length; i++) {
      expect(timeline.steps[i]?.startMs).toBeGreaterThanOrEqual(timeline.steps[i - 1]?.endMs as number);
    }
  });

  it('stops where the next size would pass the budget, and still measures two sizes', async () => {
    const seen: Workload[] = [];
    const slow = fakeDevice(2e-3, 1e-4, { seen });
    const [m] = await measureAchievable(slow, { profile: 'quick', plan, classes: ['matmul'] });
    const pts = achievablePointsFromDetails((m as MetricOk).details);
    expect(pts.length).toBeGreaterThanOrEqual(2);
    expect((m as MetricOk).details?.['stoppedAt']).toMatch(/budget|target/);
    expect(slow.clock()).toBeLessThan(2 * plan.budgetMs);
  });

  it('a failing class fails its metric with the reason; the next class still runs', async () => {
    const env = fakeDevice(1e-3, 0.1, {
      fail: (w) => (w.id === 'matvec' ? new VerifyError('mismatch', 'GPU: output differs at y[3]') : undefined),
    });
    const ms = await measureAchievable(env, { profile: 'quick', plan, classes: ['matvec', 'elementwise'] });
    expect(ms[0]).toMatchObject({ id: 'gpu.matvec.gbps', status: 'failed', error: 'GPU: output differs at y[3]' });
    expect(ms[1]).toMatchObject({ id: 'gpu.elementwise.gbps', status: 'ok' });
  });

  it('a lost device skips the rest; a cancel marks the rest cancelled', async () => {
    const lost = fakeDevice(1e-3, 0.1, { fail: () => new VerifyError('device-lost', 'GPU: the device was lost') });
    const ms = await measureAchievable(lost, { profile: 'quick', plan, classes: ['matmul', 'reduction'] });
    expect(ms.map((m) => m.status)).toEqual(['failed', 'skipped']);
    const controller = new AbortController();
    const env = fakeDevice(1e-3, 0.1, {
      fail: () => {
        controller.abort();
        return undefined;
      },
    });
    const cancelled = await measureAchievable(env, {
      profile: 'quick',
      plan,
      classes: ['matmul', 'reduction'],
      signal: controller.signal,
    });
    expect(cancelled.map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
  });
});
