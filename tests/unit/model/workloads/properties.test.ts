import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, type NumericLimits } from '../../../../src/model/estimator/fields.ts';
import { workloadCounts, type WorkloadCounts } from '../../../../src/model/workloads/counts.ts';
import { machineRatesFromFields, type MachineRates } from '../../../../src/model/workloads/precision.ts';
import { estimateWorkload } from '../../../../src/model/workloads/roofline.ts';
import { STEP_KINDS } from '../../../../src/model/workloads/kinds/steps.ts';
import { MAX_PIPELINE_STEPS, PIPELINE_REPEAT_SPEC, type ParamSpec } from '../../../../src/model/workloads/specs.ts';
import {
  DTYPES,
  KERNEL_WORKLOAD_IDS,
  type KernelWorkload,
  type KernelWorkloadId,
  type Workload,
} from '../../../../src/model/workloads/types.ts';
import { formFromWorkload, validateWorkloadForm, workloadFields } from '../../../../src/model/workloads/url.ts';

type AnySpec = ParamSpec<Record<string, number | boolean | string>>;
const specsOf = (id: KernelWorkloadId): readonly AnySpec[] => STEP_KINDS[id].params;

/** Values across a field's whole range: small ones often, huge ones too (log-uniform). */
function valueArb(spec: NumericLimits): fc.Arbitrary<number> {
  const lo = Math.max(spec.min, spec.integer ? 1 : spec.floor);
  const logUniform = fc
    .double({ min: Math.log10(lo), max: Math.log10(spec.max), noNaN: true })
    .map((e) => Math.min(spec.max, Math.max(lo, spec.integer ? Math.round(10 ** e) : 10 ** e)));
  const edges = fc.constantFrom(spec.min, spec.max);
  return fc.oneof(logUniform, edges, fc.integer({ min: Math.ceil(spec.min), max: Math.min(spec.max, 100) }));
}

function shapeArb(id: KernelWorkloadId): fc.Arbitrary<Record<string, number | boolean | string>> {
  const rec: Record<string, fc.Arbitrary<number | boolean | string>> = {};
  for (const s of specsOf(id)) {
    // Text fields keep their default (the expression kind's own property tests vary the text).
    rec[s.key] =
      s.kind === 'flag'
        ? fc.boolean()
        : s.kind === 'number'
          ? valueArb(s)
          : s.kind === 'choice'
            ? fc.constantFrom(...s.choices.map((c) => c.value))
            : fc.constant(s.defaultValue);
  }
  return fc.record(rec);
}

/** A kernel workload of `id` whose shape passes validation (conv2d kernels fit their padded input). */
const kernelArbFor = (id: KernelWorkloadId): fc.Arbitrary<KernelWorkload> =>
  fc
    .tuple(fc.constantFrom(...DTYPES), shapeArb(id))
    .map(([dtype, shape]) => ({ id, dtype, shape }) as unknown as KernelWorkload)
    .filter((w) => validateWorkloadForm(formFromWorkload(w)).workload !== undefined);

const kernelArb: fc.Arbitrary<KernelWorkload> = fc.oneof(...KERNEL_WORKLOAD_IDS.map(kernelArbFor));

const workloadArb: fc.Arbitrary<Workload> = fc.oneof(
  kernelArb,
  fc
    .record({
      steps: fc.array(kernelArb, { minLength: 1, maxLength: MAX_PIPELINE_STEPS }),
      dataStaysOnGpu: fc.boolean(),
      repeat: valueArb(PIPELINE_REPEAT_SPEC),
    })
    .map((shape): Workload => ({ id: 'pipeline', dtype: 'f32', shape })),
);

/** Any machine the estimator's fields accept, from the slowest to the fastest. */
const rate = (key: string): fc.Arbitrary<number> => {
  const f = FIELDS.find((x) => x.key === key)!;
  const lo = f.min === 0 ? (key === 'launchOverheadMs' ? 0 : f.floor) : f.min;
  return fc.oneof(
    fc.constantFrom(lo, f.max),
    fc.double({ min: Math.log10(Math.max(lo, f.floor)), max: Math.log10(f.max), noNaN: true }).map((e) => 10 ** e),
  );
};
const machineArb: fc.Arbitrary<MachineRates> = fc
  .record({
    cpuGflops: rate('cpuGflops'),
    gpuTflops: rate('gpuTflops'),
    transferGBps: rate('transferGBps'),
    launchOverheadMs: rate('launchOverheadMs'),
    cpuMemGBps: rate('transferGBps'),
    gpuMemGBps: rate('transferGBps'),
    ratio: fc.constantFrom(1 / 64, 1 / 32, 1 / 2, 1),
  })
  .map((r) => machineRatesFromFields(r, r, { gpuF64PerF32Ratio: r.ratio }));

const finiteNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;

function countsOk(c: WorkloadCounts): boolean {
  return [c.flops, c.deviceBytes, c.hostBytes, c.hostToDeviceBytes, c.deviceToHostBytes, c.launches].every(
    finiteNonNegative,
  );
}

describe('every valid shape gives finite numbers', () => {
  it('counts, times and speedup are finite and ≥ 0 on any accepted machine', () => {
    fc.assert(
      fc.property(workloadArb, machineArb, (w, m) => {
        const e = estimateWorkload(w, m);
        const r = e.roofline;
        return (
          countsOk(e.counts) &&
          e.counts.launches >= 1 &&
          [r.cpu.totalSeconds, r.gpu.totalSeconds, r.speedup, r.kernelSpeedup, r.intensityFlopsPerByte].every(
            finiteNonNegative,
          ) &&
          r.gpu.totalSeconds > 0 &&
          e.explanation.every((s) => !/NaN|Infinity|—/.test(s))
        );
      }),
      { numRuns: 400 },
    );
  });
});

/**
 * Parameters that are sizes: more of them never means less work. Not sizes: conv2d's
 * kernel extent and stride (a larger kernel or stride shrinks the output: R·P is not
 * monotone), and the flags.
 */
const NOT_SIZES = new Set(['conv2d.kh', 'conv2d.kw', 'conv2d.stride']);

describe('monotone non-decreasing in every size parameter', () => {
  for (const id of KERNEL_WORKLOAD_IDS) {
    for (const spec of specsOf(id)) {
      if (spec.kind !== 'number' || NOT_SIZES.has(`${id}.${spec.key}`)) continue;
      it(`${id}: ${spec.param}`, () => {
        fc.assert(
          fc.property(kernelArbFor(id), fc.double({ min: 1, max: 1e3, noNaN: true }), machineArb, (w, factor, m) => {
            const shape = w.shape as unknown as Record<string, number>;
            const v = shape[spec.key]!;
            let bigger = Math.min(spec.max, v * factor + (factor > 1 ? 1 : 0));
            if (spec.integer) bigger = Math.min(spec.max, Math.ceil(bigger));
            const w2 = { ...w, shape: { ...shape, [spec.key]: bigger } } as unknown as KernelWorkload;
            const a = workloadCounts(w);
            const b = workloadCounts(w2);
            const ea = estimateWorkload(w, m).roofline;
            const eb = estimateWorkload(w2, m).roofline;
            return (
              b.flops >= a.flops &&
              b.deviceBytes >= a.deviceBytes &&
              b.hostBytes >= a.hostBytes &&
              b.launches >= a.launches &&
              eb.cpu.totalSeconds >= ea.cpu.totalSeconds &&
              eb.gpu.totalSeconds >= ea.gpu.totalSeconds
            );
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('pipeline: repeat count', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 1, max: 1000 }), (w, extra) => {
        if (w.id !== 'pipeline') return true;
        const more = { ...w, shape: { ...w.shape, repeat: Math.min(1e9, w.shape.repeat + extra) } };
        const a = workloadCounts(w);
        const b = workloadCounts(more);
        return (
          b.flops >= a.flops && b.deviceBytes >= a.deviceBytes && b.hostBytes >= a.hostBytes && b.launches >= a.launches
        );
      }),
      { numRuns: 100 },
    );
  });
});

/** Text that must never become a number in a shape field. */
const ALWAYS_BAD = [
  '-1',
  '1e18',
  '1e400',
  'abc',
  'NaN',
  'Infinity',
  '-Infinity',
  '',
  '   ',
  '0x10',
  '1e',
  '--1',
  '9'.repeat(41),
];

describe('hostile values are field errors, never NaN or ∞', () => {
  for (const id of [...KERNEL_WORKLOAD_IDS, 'pipeline' as const]) {
    it(`${id}: every field rejects 0 (where below its minimum), negatives, fractions of whole numbers, 1e18 and text`, () => {
      const form = { id, raw: {} as Record<string, string> };
      for (const f of workloadFields(form)) {
        const bad = [...ALWAYS_BAD];
        if (f.kind === 'number' && f.limits && f.limits.min > 0) bad.push('0');
        if (f.kind === 'number' && f.limits?.integer) bad.push('1.5', '2.000001', '1/2');
        for (const text of bad) {
          const r = validateWorkloadForm({ id, raw: { [f.param]: text } });
          // A flag or choice field is checked against its own words; '' etc. fail there too.
          expect(r.workload, `${f.param}=${JSON.stringify(text)}`).toBeUndefined();
          const res = r.fields[f.param];
          expect(res?.ok, `${f.param}=${JSON.stringify(text)}`).toBe(false);
          if (res && !res.ok) expect(res.message.length).toBeGreaterThan(0);
        }
      }
    });
  }

  it('any text in any field: either a message at that field or finite outputs', () => {
    const fieldArb = fc
      .constantFrom(...KERNEL_WORKLOAD_IDS, 'pipeline' as const)
      .chain((id) =>
        fc.constantFrom(...workloadFields({ id, raw: {} }).map((f) => f.param)).map((param) => ({ id, param })),
      );
    const textArb = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom('1e308', '1e-320', '5e-324', '0.0', '+7', '1_000', '3 arrays'),
    );
    fc.assert(
      fc.property(fieldArb, textArb, machineArb, ({ id, param }, text, m) => {
        const r = validateWorkloadForm({ id, raw: { [param]: text } });
        if (!r.workload) {
          const res = r.fields[param];
          return res !== undefined && !res.ok && res.message.length > 0;
        }
        const e = estimateWorkload(r.workload, m);
        return (
          countsOk(e.counts) && Number.isFinite(e.roofline.speedup) && Number.isFinite(e.roofline.gpu.totalSeconds)
        );
      }),
      { numRuns: 500 },
    );
  });
});
