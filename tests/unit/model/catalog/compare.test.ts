import { describe, expect, it } from 'vitest';
import { workloadAnswer } from '../../../../src/model/answer/answer.ts';
import { answerOutputs } from '../../../../src/model/answer/outputs.ts';
import { compareDevicesOn, chartSizes, type CompareInput } from '../../../../src/model/catalog/compare.ts';
import {
  compareDevices,
  cpuRatesOf,
  cpuSide,
  type CompareDevice,
  type CpuSide,
} from '../../../../src/model/catalog/compare-devices.ts';
import { compareSummary, rowOutputs } from '../../../../src/model/catalog/compare-outputs.ts';
import { readCompareSettings, type CompareRaw } from '../../../../src/model/catalog/compare-url.ts';
import { estimateOnGpu } from '../../../../src/model/catalog/estimate.ts';
import { DEFAULT_ESTIMATE_OPTIONS } from '../../../../src/model/catalog/rates.ts';
import { gpuById } from '../../../../src/model/catalog/registry.ts';
import { sizeAxis } from '../../../../src/model/workloads/break-even.ts';
import { workloadCounts } from '../../../../src/model/workloads/counts.ts';
import type { MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import type { Dtype, Workload } from '../../../../src/model/workloads/types.ts';
import { workloadResultsView } from '../../../../src/model/workloads/view.ts';
import { formatDuration, formatSpeedup } from '../../../../src/model/shared/format.ts';

/** A laptop: 100 GFLOPS CPU, 20 GB/s; a 1 TFLOPS GPU, 100 GB/s, 10 GB/s link, 20 µs launches. */
const MACHINE: MachineRates = {
  cpuF32FlopsPerSecond: 100e9,
  cpuMemoryBytesPerSecond: 20e9,
  gpuF32FlopsPerSecond: 1e12,
  gpuF64PerF32Ratio: 1 / 32,
  gpuMemoryBytesPerSecond: 100e9,
  transferBytesPerSecond: 10e9,
  launchOverheadSeconds: 20e-6,
};
const THIS = {
  name: 'This machine',
  gpu: { kind: 'this-machine' as const, f64PerF32Ratio: 1 / 32, unifiedMemory: false },
};

const matmul = (n: number, dtype: Dtype = 'f32'): Workload => ({
  id: 'matmul',
  dtype,
  shape: { m: n, n, k: n, batch: 1 },
});
const elementwise = (elements: number): Workload => ({
  id: 'elementwise',
  dtype: 'f32',
  shape: { elements, inputs: 2, outputs: 1, flopsPerElement: 2 },
});

function compare(w: Workload, raw: CompareRaw, cpu?: CpuSide, machine: MachineRates = MACHINE) {
  const s = readCompareSettings(raw, { probeGpuIds: [], probeCpuIds: [] });
  const side = cpu ?? cpuSide(s, cpuRatesOf(machine), []);
  if (!side) throw new Error('no CPU');
  const input: CompareInput = {
    workload: w,
    machine,
    cpu: side,
    devices: compareDevices(s, THIS, []),
    options: s.options,
    thisMachineBasis: 'measured in this browser (WebGPU)',
  };
  return compareDevicesOn(input);
}

function row(r: ReturnType<typeof compare>, id: string) {
  const x = r.rows.find((q) => q.id === id);
  if (!x) throw new Error(`no row ${id}`);
  return x;
}

const cpuSeconds = (w: Workload, m: MachineRates = MACHINE) => estimateWorkload(w, m).roofline.cpu.totalSeconds;

describe('a catalog row is the catalog estimate against the chosen CPU', () => {
  it('GPU time, split, bound and speedup are estimateOnGpu’s, the CPU the roofline’s', () => {
    const w = matmul(4096);
    const r = compare(w, { gpus: 'h100-sxm' });
    const e = estimateOnGpu(gpuById('h100-sxm')!, workloadCounts(w), 'f32', DEFAULT_ESTIMATE_OPTIONS);
    if (e.kind !== 'estimate') throw new Error('no estimate');
    const h = row(r, 'h100-sxm');
    expect(h.time?.gpuSeconds).toBe(e.totalSeconds);
    expect(h.time?.bound).toBe('compute');
    const s = h.time!.split;
    expect(s.compute + s.memory + s.copies + s.launches).toBeCloseTo(e.totalSeconds, 15);
    expect(h.cpuSeconds).toBe(cpuSeconds(w)); // 2·4096³ / 1e11 = 1.37 s
    expect(h.cpuSeconds).toBeCloseTo((2 * 4096 ** 3) / 100e9, 9);
    expect(h.time?.speedup).toBe(h.cpuSeconds / e.totalSeconds);
    expect(h.basisText).toBe('rated × typical efficiency');
    expect(h.why).toEqual(['FP32 rated 67 TFLOPS × 0.80, a large plain-FP32 matmul']);
    expect(h.source?.url).toBe('https://www.nvidia.com/en-us/data-center/h100/');
    for (const u of h.used) expect(new Set(u.sources.map((x) => x.url)).size, u.sentence).toBe(u.sources.length);
  });

  it('the break-even is the smallest n where the catalog GPU beats the CPU', () => {
    const w = matmul(4096);
    const h = row(compare(w, { gpus: 'h100-sxm' }), 'h100-sxm');
    expect(h.breakEven?.kind).toBe('finite');
    const n = h.breakEven?.kind === 'finite' ? h.breakEven.size : NaN;
    const axis = sizeAxis(w);
    const gpuAt = (k: number) => {
      const e = estimateOnGpu(gpuById('h100-sxm')!, workloadCounts(axis.at(k)), 'f32', DEFAULT_ESTIMATE_OPTIONS);
      return e.kind === 'estimate' ? e.totalSeconds : Infinity;
    };
    expect(gpuAt(n)).toBeLessThan(cpuSeconds(axis.at(n)));
    expect(gpuAt(n - 1)).toBeGreaterThanOrEqual(cpuSeconds(axis.at(n - 1)));
    const o = rowOutputs(h);
    expect(o.breakEvenSize).toMatchObject({ value: String(n), kind: 'finite', unit: 'n', text: `n = ${n}` });
  });

  it('never and always are words with an empty value, never Infinity', () => {
    const w = matmul(4096);
    const fast: CpuSide = {
      id: 'typed',
      kind: 'typed',
      label: 'x',
      rates: { ...cpuRatesOf(MACHINE), cpuF32FlopsPerSecond: 1e18, cpuMemoryBytesPerSecond: 1e16 },
    };
    const never = rowOutputs(row(compare(w, { gpus: 't4' }, fast), 't4')).breakEvenSize;
    expect(never).toEqual({ value: '', text: 'never', kind: 'never', unit: 'n' });
    const slow: CpuSide = {
      id: 'typed',
      kind: 'typed',
      label: 'x',
      rates: { ...cpuRatesOf(MACHINE), cpuF32FlopsPerSecond: 1, cpuMemoryBytesPerSecond: 1 },
    };
    const always = rowOutputs(row(compare(w, { gpus: 't4' }, slow), 't4')).breakEvenSize;
    expect(always).toEqual({ value: '', text: 'always', kind: 'always', unit: 'n' });
  });

  it('the options change the answer: TF32 speeds an H100 float32 matmul, pinned memory its copies, graphs its launches', () => {
    const w = matmul(4096);
    const base = row(compare(w, { gpus: 'h100-sxm' }), 'h100-sxm').time!;
    const tf32 = row(compare(w, { gpus: 'h100-sxm', 'w.tf32': '1' }), 'h100-sxm').time!;
    expect(tf32.split.compute).toBeLessThan(base.split.compute / 5);
    const pinned = row(compare(w, { gpus: 'h100-sxm', 'w.pinned': '1' }), 'h100-sxm').time!;
    expect(pinned.split.copies).toBeLessThan(base.split.copies * 0.6);
    const small = matmul(32);
    const eager = row(compare(small, { gpus: 'h100-sxm' }), 'h100-sxm').time!;
    const graphs = row(compare(small, { gpus: 'h100-sxm', 'w.graphs': '1' }), 'h100-sxm').time!;
    expect(graphs.split.launches).toBeCloseTo(eager.split.launches / 4, 12); // 2 µs against 8 µs
  });
});

describe('capacity: a row that does not fit gives no time', () => {
  it('a 50000³ float32 matmul: T4 says so, with no time, speedup or break-even; H200 runs it', () => {
    const r = compare(matmul(50000), { gpus: 't4,h200' });
    const t4 = row(r, 't4');
    expect(t4.time).toBeUndefined();
    expect(t4.noTime?.reason).toBe('over-capacity');
    expect(t4.noTime?.message).toMatch(/exceeds the 16 GB of memory/);
    expect(rowOutputs(t4)).toEqual({
      gpuTime: { value: '', text: 'does not fit in memory', kind: 'over-capacity' },
      speedup: { value: '', text: '—', kind: 'over-capacity' },
      gpuBound: { value: '', text: '—' },
      breakEvenSize: { value: '', text: '—' },
    });
    expect(t4.pitfalls.map((p) => p.id)).toContain('capacity');
    const h200 = row(r, 'h200');
    expect(h200.time?.gpuSeconds).toBeGreaterThan(0);
    expect(h200.pitfalls.map((p) => p.id)).not.toContain('capacity');
  });

  it('the chart’s line stops where the workload stops fitting', () => {
    const r = compare(matmul(4096), { gpus: 't4' });
    const t4 = row(r, 't4');
    expect(t4.curve).toHaveLength(r.sizes.length);
    const i = r.sizes.findIndex((n) => n >= 40000); // 3 × 40000² × 4 B = 19 GB > 16 GB
    expect(t4.curve[i]).toBeNull();
    expect(t4.curve[r.sizes.indexOf(4096)]).toBe(t4.time?.gpuSeconds);
    expect(r.cpuCurve[r.sizes.indexOf(4096)]).toBe(r.cpuSeconds);
  });

  it('float64 on an Apple GPU: unsupported, no time', () => {
    const m2 = row(compare(matmul(1024, 'f64'), { gpus: 'm2-max' }), 'm2-max');
    expect(m2.noTime?.reason).toBe('unsupported');
    expect(rowOutputs(m2).gpuTime).toMatchObject({ value: '', kind: 'unsupported' });
  });
});

describe('the issue’s warning examples hold in the rows', () => {
  const ids = (w: Workload, gpu: string) => row(compare(w, { gpus: gpu }), gpu).pitfalls.map((p) => p.id);
  it('float64 matmul on rtx-4090 shows f64-consumer; float32 does not', () => {
    expect(ids(matmul(4096, 'f64'), 'rtx-4090')).toContain('f64-consumer');
    expect(ids(matmul(4096, 'f32'), 'rtx-4090')).not.toContain('f64-consumer');
  });
  it('elementwise on 10⁹ float32 with h100-sxm shows transfer-bound', () => {
    expect(ids(elementwise(1e9), 'h100-sxm')).toContain('transfer-bound');
  });
  it('a 32³ matmul on h100-sxm shows too-small', () => {
    expect(ids(matmul(32), 'h100-sxm')).toContain('too-small');
  });
});

describe('this machine’s row is the answer’s', () => {
  it('gpuTime, speedup, gpuBound and breakEvenSize carry exactly the answer card’s values', () => {
    for (const w of [matmul(4096), matmul(64), elementwise(1e8), matmul(2048, 'f64')]) {
      const answer = answerOutputs(workloadAnswer(workloadResultsView(w, MACHINE)));
      const mine = rowOutputs(row(compare(w, { gpus: 'this-machine' }), 'this-machine'));
      for (const name of ['gpuTime', 'speedup', 'gpuBound', 'breakEvenSize'] as const) {
        expect(mine[name].value, `${w.id} ${name}`).toBe(answer[name].value);
      }
      expect(mine.breakEvenSize.kind).toBe(answer.breakEvenSize.kind);
    }
  });

  it('labelled as the answer is, with its figures', () => {
    const m = row(compare(matmul(512), { gpus: 'this-machine' }), 'this-machine');
    expect(m.basisText).toBe('measured in this browser (WebGPU)');
    expect(m.why[0]).toBe('This machine: float32 1 TFLOPS, memory 100 GB/s');
  });

  it('against another CPU, its speedup is that CPU’s time over the same GPU time', () => {
    const w = matmul(4096);
    const numpy: CpuSide = {
      id: 'probe-x',
      kind: 'probe',
      label: 'NumPy',
      rates: { ...cpuRatesOf(MACHINE), cpuF32FlopsPerSecond: 400e9 },
    };
    const m = row(compare(w, { gpus: 'this-machine' }, numpy), 'this-machine');
    const gpu = estimateWorkload(w, MACHINE).roofline.gpu.totalSeconds;
    expect(m.time?.gpuSeconds).toBe(gpu);
    expect(m.time?.speedup).toBeCloseTo((2 * 4096 ** 3) / 400e9 / gpu, 12);
  });
});

describe('a typed GPU: its figures as given, through the roofline', () => {
  it('time from the typed rates; a memory size smaller than the working set gives no time', () => {
    const w = matmul(4096);
    const raw = { gpus: 'typed', 'typed.fp32': '10', 'typed.gbps': '400', 'typed.link': '20', 'typed.launch': '5' };
    const t = row(compare(w, raw), 'typed');
    const typed: MachineRates = {
      ...MACHINE,
      gpuF32FlopsPerSecond: 10e12,
      gpuF16FlopsPerSecond: undefined,
      gpuMemoryBytesPerSecond: 400e9,
      transferBytesPerSecond: 20e9,
      launchOverheadSeconds: 5e-6,
    };
    expect(t.time?.gpuSeconds).toBe(estimateWorkload(w, typed).roofline.gpu.totalSeconds);
    expect(t.basisText).toBe('typed: your figures, used as given');
    const small = row(compare(w, { ...raw, 'typed.mem': '0.1' }), 'typed');
    expect(small.noTime?.reason).toBe('over-capacity');
    expect(small.pitfalls.map((p) => p.id)).toContain('capacity');
  });

  it('a wrong typed field: the row says to fix it and has no time', () => {
    const t = row(compare(matmul(64), { gpus: 'typed', 'typed.fp32': 'fast' }), 'typed');
    expect(t.kind).toBe('invalid');
    expect(rowOutputs(t).gpuTime).toMatchObject({ value: '', text: 'not computed', kind: 'invalid' });
  });
});

describe('chartSizes', () => {
  it('log-spaced whole sizes over the axis, the workload’s own size among them, ascending', () => {
    const axis = sizeAxis(matmul(3000));
    const sizes = chartSizes(axis);
    expect(sizes[0]).toBe(1);
    expect(sizes.at(-1)).toBe(65536);
    expect(sizes).toContain(3000);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(new Set(sizes).size).toBe(sizes.length);
  });
});

describe('devices are computed in the order chosen, this machine and imported ones included', () => {
  it('rows follow gpus=', () => {
    const r = compare(matmul(256), { gpus: 'rtx-4090,this-machine,t4' });
    expect(r.rows.map((x) => x.id)).toEqual(['rtx-4090', 'this-machine', 't4']);
  });

  it('an invalid device never throws and has no curve', () => {
    const bad: CompareDevice = { kind: 'invalid', id: 'typed', name: 'X', message: 'fix it' };
    const r = compareDevicesOn({
      workload: matmul(64),
      machine: MACHINE,
      cpu: { id: 'answer', kind: 'answer', label: 'cpu', rates: cpuRatesOf(MACHINE) },
      devices: [bad],
      options: DEFAULT_ESTIMATE_OPTIONS,
      thisMachineBasis: '',
    });
    expect(r.rows[0]?.curve.every((v) => v === null)).toBe(true);
  });
});

describe('compareSummary: the comparison in a sentence', () => {
  it('how many beat the CPU, the fastest with its time and speedup, and the rows without a time', () => {
    const r = compare(matmul(50000), { gpus: 't4,h200,rtx-4090,this-machine' });
    const h200 = row(r, 'h200').time!;
    expect(compareSummary(r)).toBe(
      `At your size (n = 50,000), 2 of 2 beat the CPU; the fastest is NVIDIA H200 SXM 141 GB: ${formatDuration(h200.gpuSeconds)}, ${formatSpeedup(h200.speedup)} the CPU’s speed. 2 devices give no time (see their rows).`,
    );
  });

  it('none faster; a size that is not whole is written as about', () => {
    const fast: CpuSide = {
      id: 'typed',
      kind: 'typed',
      label: 'x',
      rates: { ...cpuRatesOf(MACHINE), cpuF32FlopsPerSecond: 1e18 },
    };
    const w: Workload = { id: 'matmul', dtype: 'f32', shape: { m: 1000, n: 2000, k: 3000, batch: 1 } };
    expect(compareSummary(compare(w, { gpus: 't4' }, fast))).toMatch(
      /^At your size \(n ≈ 1,817\), none of them beats the CPU; the fastest is NVIDIA T4 16 GB/,
    );
  });
});
