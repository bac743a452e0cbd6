/**
 * The workload part of the form and the URL (issue #12's contract): `w=<id>`, shape
 * parameters `w.*`, `w.dtype`, and the memory bandwidths `cpuMem` / `gpuMem` in GB/s.
 * The form keeps raw text per URL name, as the estimator's form does; validation turns it
 * into a `Workload` or field-level messages, through fields.ts's `parseField` so the
 * messages read the same. Missing parameters take defaults; a bad one keeps its text so
 * the message shows at its field. Pure.
 *
 * A pipeline is `w=pipeline&w.steps=matmul,elementwise&w.repeat=100&w.stay=1` with each
 * step's fields numbered from 1: `w.1.m`, `w.2.elements`. All steps share `w.dtype`.
 */
import {
  MAX_RAW_LENGTH,
  parseField,
  rawFromNumber,
  type NumericLimits,
  type ParseResult,
} from '../estimator/fields.ts';
import { convOutputSize } from './counts.ts';
import {
  BANDWIDTH_FIELDS,
  DTYPE_PARAM,
  MAX_PIPELINE_STEPS,
  PIPELINE_REPEAT_SPEC,
  PIPELINE_STAY_SPEC,
  PIPELINE_STEPS_PARAM,
  SHAPE_PARAMS,
  WORKLOAD_INFO,
  defaultPipeline,
  defaultShape,
  stepParam,
  type BandwidthFieldSpec,
  type ParamSpec,
} from './specs.ts';
import type { Dtype, KernelWorkload, KernelWorkloadId, Workload, WorkloadId } from './types.ts';
import { DTYPES, KERNEL_WORKLOAD_IDS, WORKLOAD_IDS, isKernelWorkloadId, isWorkloadId } from './types.ts';

/** What `URLSearchParams` offers that this module reads. */
export interface ParamsLike {
  get(name: string): string | null;
}

/** The URL name of the workload picker. */
export const WORKLOAD_PARAM = 'w';

/** The form's state: the picked workload and the raw text of its fields, by URL name. */
export interface WorkloadForm {
  id: WorkloadId;
  /** Raw text by URL name ('w.m' → '2048'); a missing name means "the default". */
  raw: Record<string, string>;
}

/** One field the form shows for the current workload, in order. */
export interface FormField {
  kind: 'number' | 'flag' | 'dtype' | 'steps';
  /** URL name, also the key in `WorkloadForm.raw` and in validation's `fields`. */
  param: string;
  label: string;
  help: string;
  /** Text the field holds when the form has none for it. */
  defaultRaw: string;
  /** Limits and unit, for number fields. */
  limits?: NumericLimits;
  /** The pipeline step (from 0) a field belongs to. */
  stepIndex?: number;
}

/** A field's value once parsed (with parseField's note on how it read the text, e.g. a fraction), or its message. */
export type FieldResult =
  { ok: true; value: number | boolean | string; note?: string } | { ok: false; message: string };

export interface ValidatedWorkload {
  /** Every field of `workloadFields(form)`, by URL name. */
  fields: Record<string, FieldResult>;
  /** The workload, when every field parsed and the shape is consistent. */
  workload: Workload | undefined;
}

/** Longest step list accepted: eight ids and commas fit comfortably. */
const MAX_STEPS_LENGTH = 200;

const FLAG_TRUE = new Set(['1', 'true', 'yes', 'on']);
const FLAG_FALSE = new Set(['0', 'false', 'no', 'off']);

/** "float32" as well as "f32", as a Python developer may type it. */
const DTYPE_ALIASES: Record<string, Dtype> = {
  f32: 'f32',
  float32: 'f32',
  f16: 'f16',
  float16: 'f16',
  half: 'f16',
  bf16: 'bf16',
  bfloat16: 'bf16',
  f64: 'f64',
  float64: 'f64',
  double: 'f64',
};

function parseFlag(raw: string): FieldResult {
  const t = raw.trim().toLowerCase();
  if (FLAG_TRUE.has(t)) return { ok: true, value: true };
  if (FLAG_FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, message: 'Use 1 (on) or 0 (off).' };
}

function parseDtype(raw: string): FieldResult {
  const d = DTYPE_ALIASES[raw.trim().toLowerCase()];
  if (d) return { ok: true, value: d };
  return { ok: false, message: `Use one of ${DTYPES.join(', ')}.` };
}

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
      message: `"${bad.slice(0, MAX_RAW_LENGTH)}" is not a step. Use ${KERNEL_WORKLOAD_IDS.join(', ')}.`,
    };
  }
  return { ok: true, value: ids as KernelWorkloadId[] };
}

function toFormField<S>(
  spec: ParamSpec<S>,
  param: string,
  defaultValue: number | boolean,
  label: string,
  stepIndex?: number,
): FormField {
  const base = {
    param,
    label,
    help: spec.help,
    ...(stepIndex === undefined ? {} : { stepIndex }),
  };
  if (spec.kind === 'flag') return { ...base, kind: 'flag', defaultRaw: defaultValue ? '1' : '0' };
  return { ...base, kind: 'number', defaultRaw: rawFromNumber(defaultValue as number), limits: spec };
}

/** The default shape of pipeline step `i` when it is `id`: the default pipeline's, where it has that step. */
function stepDefaultShape(i: number, id: KernelWorkloadId): Record<string, number | boolean> {
  const d = defaultPipeline().shape.steps[i];
  const shape = d && d.id === id ? d.shape : defaultShape(id);
  return shape as unknown as Record<string, number | boolean>;
}

/** Text of a field: what the form holds, else its default. */
function rawOf(form: WorkloadForm, field: FormField): string {
  return form.raw[field.param] ?? field.defaultRaw;
}

/** The steps a pipeline form currently names (the default pipeline's when it names none validly). */
function formSteps(form: WorkloadForm): KernelWorkloadId[] | undefined {
  const raw = form.raw[PIPELINE_STEPS_PARAM];
  if (raw === undefined) return defaultPipeline().shape.steps.map((s) => s.id);
  const r = parseSteps(raw);
  return r.ok ? r.value : undefined;
}

/**
 * The fields the form shows for its workload, in order: data type, then the shape. For a
 * pipeline: data type, steps, repeat, "stays on GPU", then each step's fields labelled
 * "Step 2 · Elementwise: …". While the step list is invalid, no step fields are listed.
 */
export function workloadFields(form: WorkloadForm): FormField[] {
  const fields: FormField[] = [
    {
      kind: 'dtype',
      param: DTYPE_PARAM.param,
      label: DTYPE_PARAM.label,
      help: DTYPE_PARAM.help,
      defaultRaw: DTYPE_PARAM.defaultValue,
    },
  ];
  if (form.id !== 'pipeline') {
    const specs = SHAPE_PARAMS[form.id] as readonly ParamSpec<Record<string, number | boolean>>[];
    for (const spec of specs) fields.push(toFormField(spec, spec.param, spec.defaultValue, spec.label));
    return fields;
  }
  const defaults = defaultPipeline();
  fields.push({
    kind: 'steps',
    param: PIPELINE_STEPS_PARAM,
    label: 'Steps',
    help: `Workloads in order, separated by commas: ${KERNEL_WORKLOAD_IDS.join(', ')}.`,
    defaultRaw: defaults.shape.steps.map((s) => s.id).join(','),
  });
  fields.push(
    toFormField(
      PIPELINE_REPEAT_SPEC,
      PIPELINE_REPEAT_SPEC.param,
      PIPELINE_REPEAT_SPEC.defaultValue,
      PIPELINE_REPEAT_SPEC.label,
    ),
  );
  fields.push(
    toFormField(
      PIPELINE_STAY_SPEC,
      PIPELINE_STAY_SPEC.param,
      PIPELINE_STAY_SPEC.defaultValue,
      PIPELINE_STAY_SPEC.label,
    ),
  );
  const steps = formSteps(form) ?? [];
  steps.forEach((id, i) => {
    const shape = stepDefaultShape(i, id);
    const specs = SHAPE_PARAMS[id] as readonly ParamSpec<Record<string, number | boolean>>[];
    for (const spec of specs) {
      const value = shape[spec.key] ?? spec.defaultValue;
      fields.push(
        toFormField(
          spec,
          stepParam(i, spec.param),
          value,
          `Step ${i + 1} · ${WORKLOAD_INFO[id].label}: ${spec.label}`,
          i,
        ),
      );
    }
  });
  return fields;
}

function parseOne(field: FormField, raw: string): FieldResult {
  switch (field.kind) {
    case 'number':
      return parseField(field.limits as NumericLimits, raw);
    case 'flag':
      return parseFlag(raw);
    case 'dtype':
      return parseDtype(raw);
    case 'steps': {
      const r = parseSteps(raw);
      return r.ok ? { ok: true, value: r.value.join(',') } : r;
    }
  }
}

/** Cross-field check: a convolution kernel must fit in the padded input. */
function checkConv2d(fields: Record<string, FieldResult>, prefix: (param: string) => string): void {
  const v = (p: string): number | undefined => {
    const r = fields[prefix(p)];
    return r?.ok && typeof r.value === 'number' ? r.value : undefined;
  };
  const [h, w, kh, kw, stride, pad] = ['w.h', 'w.w', 'w.kh', 'w.kw', 'w.stride', 'w.pad'].map(v);
  if (
    h === undefined ||
    w === undefined ||
    kh === undefined ||
    kw === undefined ||
    stride === undefined ||
    pad === undefined
  )
    return;
  if (convOutputSize(h, kh, stride, pad) < 1) {
    fields[prefix('w.kh')] = {
      ok: false,
      message: `A kernel of height ${kh} does not fit in the padded input (${h + 2 * pad} rows).`,
    };
  }
  if (convOutputSize(w, kw, stride, pad) < 1) {
    fields[prefix('w.kw')] = {
      ok: false,
      message: `A kernel of width ${kw} does not fit in the padded input (${w + 2 * pad} columns).`,
    };
  }
}

function shapeFrom(
  id: KernelWorkloadId,
  fields: Record<string, FieldResult>,
  prefix: (p: string) => string,
): Record<string, number | boolean> {
  const shape: Record<string, number | boolean> = {};
  for (const spec of SHAPE_PARAMS[id] as readonly ParamSpec<Record<string, number | boolean>>[]) {
    const r = fields[prefix(spec.param)];
    if (r?.ok) shape[spec.key] = r.value as number | boolean;
  }
  return shape;
}

/** Parse every field of the form; the workload when all parse and fit together. */
export function validateWorkloadForm(form: WorkloadForm): ValidatedWorkload {
  const list = workloadFields(form);
  const fields: Record<string, FieldResult> = {};
  for (const f of list) fields[f.param] = parseOne(f, rawOf(form, f));
  if (form.id === 'pipeline') {
    const steps = formSteps(form) ?? [];
    steps.forEach((id, i) => {
      if (id === 'conv2d') checkConv2d(fields, (p) => stepParam(i, p));
    });
  } else if (form.id === 'conv2d') {
    checkConv2d(fields, (p) => p);
  }
  const allOk = Object.values(fields).every((r) => r.ok);
  if (!allOk) return { fields, workload: undefined };
  const dtype = (fields[DTYPE_PARAM.param] as { value: Dtype }).value;
  let workload: Workload;
  if (form.id === 'pipeline') {
    const steps = (formSteps(form) ?? []).map(
      (id, i) => ({ id, dtype, shape: shapeFrom(id, fields, (p) => stepParam(i, p)) }) as unknown as KernelWorkload,
    );
    workload = {
      id: 'pipeline',
      dtype,
      shape: {
        steps,
        repeat: (fields[PIPELINE_REPEAT_SPEC.param] as { value: number }).value,
        dataStaysOnGpu: (fields[PIPELINE_STAY_SPEC.param] as { value: boolean }).value,
      },
    };
  } else {
    workload = { id: form.id, dtype, shape: shapeFrom(form.id, fields, (p) => p) } as unknown as KernelWorkload;
  }
  return { fields, workload };
}

/** A form holding exactly `w` (every field written out). */
export function formFromWorkload(w: Workload): WorkloadForm {
  const raw: Record<string, string> = { [DTYPE_PARAM.param]: w.dtype };
  const put = (id: KernelWorkloadId, shape: object, prefix: (p: string) => string): void => {
    const values = shape as Record<string, number | boolean>;
    for (const spec of SHAPE_PARAMS[id] as readonly ParamSpec<Record<string, number | boolean>>[]) {
      const v = values[spec.key];
      if (v !== undefined) raw[prefix(spec.param)] = typeof v === 'boolean' ? (v ? '1' : '0') : rawFromNumber(v);
    }
  };
  if (w.id === 'pipeline') {
    raw[PIPELINE_STEPS_PARAM] = w.shape.steps.map((s) => s.id).join(',');
    raw[PIPELINE_REPEAT_SPEC.param] = rawFromNumber(w.shape.repeat);
    raw[PIPELINE_STAY_SPEC.param] = w.shape.dataStaysOnGpu ? '1' : '0';
    w.shape.steps.forEach((s, i) => put(s.id, s.shape, (p) => stepParam(i, p)));
  } else {
    put(w.id, w.shape, (p) => p);
  }
  return { id: w.id, raw };
}

/** A fresh form for `id`: every field at its default. */
export function defaultWorkloadForm(id: WorkloadId): WorkloadForm {
  return { id, raw: {} };
}

export interface WorkloadFromQuery {
  /** The form, when the URL names a workload (absent: classic mode). */
  form: WorkloadForm | undefined;
  /** Message for the picker when `w` names no workload. */
  error: string | undefined;
  /** URL names the query set, for provenance. */
  fromUrl: string[];
}

/**
 * Read the workload from a query. No `w`: classic mode (no form, no error). An unknown `w`:
 * no form and a message for the picker. Otherwise every field of that workload that the
 * query carries, verbatim (truncated), so a bad value shows at its field.
 */
export function workloadFormFromQuery(params: ParamsLike): WorkloadFromQuery {
  const idRaw = params.get(WORKLOAD_PARAM);
  if (idRaw === null) return { form: undefined, error: undefined, fromUrl: [] };
  const id = idRaw.trim().toLowerCase();
  if (!isWorkloadId(id)) {
    const shown = idRaw.slice(0, MAX_RAW_LENGTH);
    return {
      form: undefined,
      error: `"${shown}" is not a workload. Use ${WORKLOAD_IDS.join(', ')}.`,
      fromUrl: [WORKLOAD_PARAM],
    };
  }
  const form: WorkloadForm = { id, raw: {} };
  const fromUrl = [WORKLOAD_PARAM];
  // Read the step list first: it decides which step fields exist.
  const take = (param: string, limit: number): void => {
    const v = params.get(param);
    if (v !== null) {
      // One character over the limit, so the "too long" message still shows.
      form.raw[param] = v.slice(0, limit + 1);
      fromUrl.push(param);
    }
  };
  if (id === 'pipeline') take(PIPELINE_STEPS_PARAM, MAX_STEPS_LENGTH);
  for (const f of workloadFields(form)) if (f.kind !== 'steps') take(f.param, MAX_RAW_LENGTH);
  return { form, error: undefined, fromUrl };
}

/**
 * The query for a form (without "?"): `w`, then every field in form order, defaults
 * included, so a link keeps meaning the same when defaults change.
 */
export function queryFromWorkloadForm(form: WorkloadForm): string {
  const params = new URLSearchParams();
  params.set(WORKLOAD_PARAM, form.id);
  for (const f of workloadFields(form)) params.set(f.param, rawOf(form, f).trim());
  return params.toString();
}

/** The query for a validated workload. */
export function queryFromWorkload(w: Workload): string {
  return queryFromWorkloadForm(formFromWorkload(w));
}

/** Raw text of the two bandwidth fields. */
export type BandwidthRaw = Record<BandwidthFieldSpec['key'], string>;

export const DEFAULT_BANDWIDTH_RAW: Readonly<BandwidthRaw> = Object.freeze({
  cpuMemGBps: rawFromNumber(BANDWIDTH_FIELDS[0]?.defaultValue ?? 20),
  gpuMemGBps: rawFromNumber(BANDWIDTH_FIELDS[1]?.defaultValue ?? 360),
});

/** `cpuMem` / `gpuMem` from a query; absent ones keep `base`. */
export function bandwidthFromQuery(
  params: ParamsLike,
  base: Readonly<BandwidthRaw> = DEFAULT_BANDWIDTH_RAW,
): { raw: BandwidthRaw; fromUrl: BandwidthFieldSpec['key'][] } {
  const raw = { ...base };
  const fromUrl: BandwidthFieldSpec['key'][] = [];
  for (const spec of BANDWIDTH_FIELDS) {
    const v = params.get(spec.param);
    if (v !== null) {
      raw[spec.key] = v.slice(0, MAX_RAW_LENGTH + 1);
      fromUrl.push(spec.key);
    }
  }
  return { raw, fromUrl };
}

/** Parse both bandwidths (GB/s) with the estimator's messages. */
export function validateBandwidths(raw: Readonly<BandwidthRaw>): {
  fields: Record<BandwidthFieldSpec['key'], ParseResult>;
  values: { cpuMemGBps: number; gpuMemGBps: number } | undefined;
} {
  const fields = {} as Record<BandwidthFieldSpec['key'], ParseResult>;
  for (const spec of BANDWIDTH_FIELDS) fields[spec.key] = parseField(spec, raw[spec.key]);
  const c = fields.cpuMemGBps;
  const g = fields.gpuMemGBps;
  return { fields, values: c.ok && g.ok ? { cpuMemGBps: c.value, gpuMemGBps: g.value } : undefined };
}

/** `cpuMem=…&gpuMem=…` (without "?"). */
export function queryFromBandwidths(raw: Readonly<BandwidthRaw>): string {
  const params = new URLSearchParams();
  for (const spec of BANDWIDTH_FIELDS) params.set(spec.param, raw[spec.key].trim());
  return params.toString();
}
