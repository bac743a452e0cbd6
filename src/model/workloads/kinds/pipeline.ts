/**
 * A pipeline: several single workloads run in sequence, the whole sequence `repeat` times,
 * with "data stays on the GPU" deciding whether every step pays its copies. Its fields are
 * not a fixed list: `w=pipeline&w.steps=matmul,elementwise&w.repeat=100&w.stay=1`, then each
 * step's fields numbered from 1 (`w.1.m`, `w.2.elements`); all steps share `w.dtype`. Pure.
 */
import { DTYPE_LABELS, type Dtype } from '../dtype.ts';
import { countsFrom, type WorkloadCounts } from './count.ts';
import type { WorkloadKind } from './define.ts';
import {
  defaultsOf,
  formOf,
  rawFromValue,
  paramField,
  type FieldResults,
  type FormContext,
  type FormField,
  type KindForm,
  type RawFields,
} from './form.ts';
import { flag, int, type FlagParamSpec, type NumberParamSpec, type TextParamSpec, type TextParse } from './params.ts';
import { pyInt } from './py.ts';
import {
  KERNEL_WORKLOAD_IDS,
  isKernelWorkloadId,
  kernelWorkload,
  stepKind,
  type KernelWorkload,
  type KernelWorkloadId,
} from './steps.ts';

export type PipelineShape = {
  steps: KernelWorkload[];
  /**
   * True: inputs go up once and results come back once; everything between stays in GPU
   * memory. False: every step copies its inputs up and its outputs back, every repetition
   * (NumPy between CuPy calls).
   */
  dataStaysOnGpu: boolean;
  /** How many times the sequence runs (training steps, time steps, frames). */
  repeat: number;
};

/** URL name of the pipeline's step list: workload ids separated by commas. */
export const PIPELINE_STEPS_PARAM = 'w.steps';
/** At most this many steps: enough for a layer or a training step, small enough for a form. */
export const MAX_PIPELINE_STEPS = 8;
/** Longest step list accepted: eight ids and commas fit comfortably. */
export const MAX_STEPS_LENGTH = 200;

/** Parse a step list: workload ids separated by commas (or spaces), 1 to 8 of them. */
export function parseSteps(raw: string): { ok: true; value: KernelWorkloadId[] } | { ok: false; message: string } {
  const text = raw.trim();
  if (text.length > MAX_STEPS_LENGTH) return { ok: false, message: 'That step list is too long.' };
  const ids = text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((s) => s !== '');
  if (ids.length === 0) return { ok: false, message: 'Enter at least one step, e.g. matmul,elementwise.' };
  if (ids.length > MAX_PIPELINE_STEPS) return { ok: false, message: `Use at most ${MAX_PIPELINE_STEPS} steps.` };
  const bad = ids.find((id) => !isKernelWorkloadId(id));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `"${bad.slice(0, 40)}" is not a step. Use ${KERNEL_WORKLOAD_IDS.join(', ')}.`,
    };
  }
  return { ok: true, value: ids as KernelWorkloadId[] };
}

export const PIPELINE_STEPS_SPEC: TextParamSpec<PipelineShape> = {
  kind: 'text',
  key: 'steps',
  param: PIPELINE_STEPS_PARAM,
  label: 'Steps',
  help: `Workloads in order, separated by commas: ${KERNEL_WORKLOAD_IDS.join(', ')}.`,
  maxLength: MAX_STEPS_LENGTH,
  defaultValue: 'matmul,elementwise,softmax',
  parse: (raw): TextParse => {
    const r = parseSteps(raw);
    return r.ok ? { ok: true, value: r.value.join(',') } : r;
  },
};

export const PIPELINE_REPEAT_SPEC: NumberParamSpec<{ repeat: number }> = int(
  'repeat',
  'w.repeat',
  'Repeat count',
  'repetitions',
  1,
  1e9,
  100,
  'How often the whole sequence runs: training steps, time steps, frames.',
);

export const PIPELINE_STAY_SPEC: FlagParamSpec<{ dataStaysOnGpu: boolean }> = flag(
  'dataStaysOnGpu',
  'w.stay',
  'Data stays on the GPU',
  true,
  'On: copy inputs up once and results back once (CuPy / PyTorch tensors kept on the device). Off: every step copies its data up and back, every time (converting to NumPy in between).',
);

/**
 * URL name of a pipeline step's field: step 2's `w.m` is `w.2.m` (steps count from 1, as
 * the form shows them).
 */
export function stepParam(stepIndex: number, param: string): string {
  return `w.${stepIndex + 1}.${param.replace(/^w\./, '')}`;
}

/**
 * The default pipeline: one step of training a 4096-wide linear layer on a batch of 1024,
 * 100 times: the matmul, a ReLU-like elementwise pass, a softmax over the outputs.
 */
export function defaultPipelineShape(dtype: Dtype): PipelineShape {
  return {
    steps: [
      { id: 'matmul', dtype, shape: { m: 1024, n: 4096, k: 4096, batch: 1 } },
      { id: 'elementwise', dtype, shape: { elements: 1024 * 4096, inputs: 1, outputs: 1, flopsPerElement: 1 } },
      { id: 'softmax', dtype, shape: { rows: 1024, cols: 4096 } },
    ],
    dataStaysOnGpu: PIPELINE_STAY_SPEC.defaultValue,
    repeat: PIPELINE_REPEAT_SPEC.defaultValue,
  };
}

/** Step `i` of a pipeline form: its kind's fields as `w.<i+1>.*`, labelled 'Step 2 · Elementwise: …'. */
function stepContext(ctx: FormContext, i: number, id: KernelWorkloadId): FormContext {
  const label = stepKind(id).label;
  return {
    param: (p) => ctx.param(stepParam(i, p)),
    label: (l) => `Step ${i + 1} · ${label}: ${l}`,
    stepIndex: i,
  };
}

/** The steps a form names: the default pipeline's when it names none, none while the list is invalid. */
function formSteps(raw: RawFields, ctx: FormContext): KernelWorkloadId[] {
  const text = raw[ctx.param(PIPELINE_STEPS_PARAM)];
  if (text === undefined) return defaultPipelineShape('f32').steps.map((s) => s.id);
  const r = parseSteps(text);
  return r.ok ? r.value : [];
}

/** The default shape of step `i` when it is `id`: the default pipeline's, where it has that step. */
function stepDefaults(i: number, id: KernelWorkloadId): Record<string, unknown> {
  const d = defaultPipelineShape('f32').steps[i];
  return d && d.id === id ? d.shape : defaultsOf(stepKind(id).params);
}

const pipelineForm: KindForm<PipelineShape> = {
  fields(raw, ctx) {
    const defaults = defaultPipelineShape('f32');
    const fields: FormField[] = [
      paramField(PIPELINE_STEPS_SPEC, ctx, defaults.steps.map((s) => s.id).join(',')),
      paramField(PIPELINE_REPEAT_SPEC, ctx, PIPELINE_REPEAT_SPEC.defaultValue),
      paramField(PIPELINE_STAY_SPEC, ctx, PIPELINE_STAY_SPEC.defaultValue),
    ];
    formSteps(raw, ctx).forEach((id, i) => {
      fields.push(...formOf(stepKind(id)).fields(raw, stepContext(ctx, i, id), stepDefaults(i, id)));
    });
    return fields;
  },
  check(fields: FieldResults, raw, ctx) {
    formSteps(raw, ctx).forEach((id, i) => formOf(stepKind(id)).check(fields, raw, stepContext(ctx, i, id)));
  },
  shape(fields, raw, ctx, dtype) {
    const steps = formSteps(raw, ctx).map((id, i) =>
      kernelWorkload(id, dtype, formOf(stepKind(id)).shape(fields, raw, stepContext(ctx, i, id), dtype)),
    );
    const repeat = fields[ctx.param(PIPELINE_REPEAT_SPEC.param)];
    const stay = fields[ctx.param(PIPELINE_STAY_SPEC.param)];
    return {
      steps,
      repeat: repeat?.ok ? (repeat.value as number) : PIPELINE_REPEAT_SPEC.defaultValue,
      dataStaysOnGpu: stay?.ok ? (stay.value as boolean) : PIPELINE_STAY_SPEC.defaultValue,
    };
  },
  raw(shape, ctx) {
    const out: Record<string, string> = {
      [ctx.param(PIPELINE_STEPS_PARAM)]: shape.steps.map((s) => s.id).join(','),
      [ctx.param(PIPELINE_REPEAT_SPEC.param)]: rawFromValue(shape.repeat),
      [ctx.param(PIPELINE_STAY_SPEC.param)]: shape.dataStaysOnGpu ? '1' : '0',
    };
    shape.steps.forEach((s, i) => Object.assign(out, formOf(stepKind(s.id)).raw(s.shape, stepContext(ctx, i, s.id))));
    return out;
  },
};

/** Counts of one step at its own data type. */
function stepCounts(w: KernelWorkload): WorkloadCounts {
  return stepKind(w.id).counts(w.shape, w.dtype);
}

/**
 * Counts of a pipeline. Compute, device traffic and launches repeat with every run.
 * Host traffic: when the data stays on the GPU, the first step's inputs go up once and the
 * last step's results come back once, for all repetitions together (every step in between
 * takes the previous step's output, and extra operands such as weights are taken as
 * resident); otherwise every step copies its inputs up and its results back, every time.
 */
export function pipelineCounts(p: PipelineShape): WorkloadCounts {
  const steps = p.steps.map(stepCounts);
  const kernels = steps.flatMap((c, i) =>
    c.kernels.map((k) => ({ ...k, label: `${i + 1}. ${k.label}`, count: k.count * p.repeat })),
  );
  let up = 0;
  let down = 0;
  let upCopies = 0;
  let downCopies = 0;
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (p.dataStaysOnGpu) {
    up = first?.hostToDeviceBytes ?? 0;
    down = last?.deviceToHostBytes ?? 0;
    upCopies = up > 0 ? 1 : 0;
    downCopies = down > 0 ? 1 : 0;
  } else {
    for (const c of steps) {
      up += c.hostToDeviceBytes * p.repeat;
      down += c.deviceToHostBytes * p.repeat;
      if (c.hostToDeviceBytes > 0) upCopies += p.repeat;
      if (c.deviceToHostBytes > 0) downCopies += p.repeat;
    }
  }
  const counts = countsFrom(
    kernels,
    up,
    down,
    {
      flops: 'repeat · Σ steps’ FLOPs',
      deviceBytes: 'repeat · Σ steps’ device bytes',
      hostBytes: p.dataStaysOnGpu
        ? 'first step’s inputs up + last step’s results back, once'
        : 'repeat · Σ steps’ (inputs up + results back)',
      launches: 'repeat · Σ steps’ launches',
    },
    p.dataStaysOnGpu
      ? 'Data stays on the GPU: copies are paid once, launches and compute every repetition.'
      : 'Data goes back to the host after every step: every step pays its copies, every repetition.',
  );
  return { ...counts, hostCopies: { up: upCopies, down: downCopies } };
}

export const pipeline = {
  id: 'pipeline',
  label: 'Pipeline of steps',
  example: 'a layer or training step: several of the above, repeated',
  params: [PIPELINE_STEPS_SPEC, PIPELINE_REPEAT_SPEC, PIPELINE_STAY_SPEC],
  defaultShape: defaultPipelineShape,
  form: pipelineForm,
  // A pipeline runs at its own dtype's rates (the URL gives every step that type); a step of another type still counts its own bytes.
  counts: (s) => pipelineCounts(s),
  sizeUnit: 'repetitions',
  // Repeat count: where "keep your data on the GPU" shows.
  sizeAxis: (s) => ({
    label: 'repetitions',
    unit: 'repetitions',
    integer: true,
    min: 1,
    max: 1e6,
    current: s.repeat,
    at: (repeat) => ({ ...s, repeat }),
  }),
  python: (s, dtype) => {
    const steps = s.steps.map((step) => stepKind(step.id).python(step.shape, dtype));
    const lines = [
      s.dataStaysOnGpu
        ? '# the arrays live on the GPU (CuPy / torch on "cuda"); only the first inputs go up, the last result comes back'
        : '# every step takes NumPy arrays and returns NumPy arrays: each step copies up and back',
      `for _ in range(${pyInt(s.repeat)}):`,
    ];
    steps.forEach((step, i) => {
      lines.push(`    # step ${i + 1}`);
      for (const line of step.lines) lines.push(`    ${line}`);
    });
    return {
      lines,
      numpy: steps.some((x) => x.numpy),
      torch: steps.some((x) => x.torch),
      functional: steps.some((x) => x.functional),
    };
  },
  describe: (s) => `${s.steps.map((x) => x.id).join(' → ')} × ${s.repeat.toLocaleString('en-US')}`,
  title: (s, dtype) =>
    `Pipeline ${s.steps.map((x) => x.id).join(' → ')} × ${s.repeat.toLocaleString('en-US')}, ${DTYPE_LABELS[dtype]}${s.dataStaysOnGpu ? ', data stays on the GPU' : ''}`,
  cpuWork: 'compute',
  runs: true,
} satisfies WorkloadKind<'pipeline', PipelineShape>;
