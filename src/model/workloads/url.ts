/**
 * The workload part of the form and the URL (issue #12's contract): `w=<id>`, shape
 * parameters `w.*`, `w.dtype`, and the memory bandwidths `cpuMem` / `gpuMem` in GB/s.
 * The form keeps raw text per URL name, as the estimator's form does; validation turns it
 * into a `Workload` or field-level messages, through fields.ts's `parseField` so the
 * messages read the same. Missing parameters take defaults; a bad one keeps its text so
 * the message shows at its field. Which fields exist, how each parses and how they fit
 * together is each kind's (kinds/<kind>.ts, through kinds/form.ts); nothing here knows a
 * kind by name. Pure.
 *
 * A pipeline is `w=pipeline&w.steps=matmul,elementwise&w.repeat=100&w.stay=1` with each
 * step's fields numbered from 1: `w.1.m`, `w.2.elements`. All steps share `w.dtype`.
 */
import { MAX_RAW_LENGTH, parseField, rawFromNumber, type ParseResult } from '../estimator/fields.ts';
import type { Dtype } from './dtype.ts';
import { TOP_LEVEL, formOf, parseFormField, type FieldResult, type FormField } from './kinds/form.ts';
import { WORKLOAD_IDS, isWorkloadId, kindOf, workloadOf, type Workload, type WorkloadId } from './kinds/index.ts';
import { DTYPE_PARAM } from './kinds/params.ts';
import { BANDWIDTH_FIELDS, type BandwidthFieldSpec } from './specs.ts';

export type { FieldResult, FormField } from './kinds/form.ts';
export { parseSteps } from './kinds/pipeline.ts';

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

export interface ValidatedWorkload {
  /** Every field of `workloadFields(form)`, by URL name. */
  fields: Record<string, FieldResult>;
  /** The workload, when every field parsed and the shape is consistent. */
  workload: Workload | undefined;
}

/** The data-type field, for the kinds that take one. */
const DTYPE_FIELD: FormField = {
  kind: 'dtype',
  param: DTYPE_PARAM.param,
  label: DTYPE_PARAM.label,
  help: DTYPE_PARAM.help,
  defaultRaw: DTYPE_PARAM.defaultValue,
  choices: DTYPE_PARAM.choices,
};

/** Text of a field: what the form holds, else its default. */
function rawOf(form: WorkloadForm, field: FormField): string {
  return form.raw[field.param] ?? field.defaultRaw;
}

/**
 * The fields the form shows for its workload, in order: data type, then the kind's own.
 * For a pipeline: data type, steps, repeat, "stays on GPU", then each step's fields
 * labelled "Step 2 · Elementwise: …"; while the step list is invalid, no step fields.
 */
export function workloadFields(form: WorkloadForm): FormField[] {
  const kind = kindOf(form.id);
  const own = formOf(kind).fields(form.raw, TOP_LEVEL);
  return kind.takesDtype === false ? own : [DTYPE_FIELD, ...own];
}

/** Parse every field of the form; the workload when all parse and fit together. */
export function validateWorkloadForm(form: WorkloadForm): ValidatedWorkload {
  const kind = kindOf(form.id);
  const kindForm = formOf(kind);
  const fields: Record<string, FieldResult> = {};
  for (const f of workloadFields(form)) fields[f.param] = parseFormField(f, rawOf(form, f));
  kindForm.check(fields, form.raw, TOP_LEVEL);
  if (!Object.values(fields).every((r) => r.ok)) return { fields, workload: undefined };
  const parsedDtype = fields[DTYPE_PARAM.param];
  const dtype = parsedDtype?.ok ? (parsedDtype.value as Dtype) : DTYPE_PARAM.defaultValue;
  return { fields, workload: workloadOf(form.id, dtype, kindForm.shape(fields, form.raw, TOP_LEVEL, dtype)) };
}

/** A form holding exactly `w` (every field written out). */
export function formFromWorkload(w: Workload): WorkloadForm {
  const kind = kindOf(w.id);
  const raw = formOf(kind).raw(w.shape, TOP_LEVEL);
  if (kind.takesDtype !== false) raw[DTYPE_PARAM.param] = w.dtype;
  return { id: w.id, raw };
}

/** Whether `w` is a workload the page accepts: every field in range, the fields consistent (the kernels assume it). */
export function isAcceptedWorkload(w: Workload): boolean {
  return validateWorkloadForm(formFromWorkload(w)).workload !== undefined;
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

/** Rounds of reading fields: a field's value may decide which fields exist (a pipeline's steps), one level deep. */
const FIELD_ROUNDS = 3;

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
  // Fields whose values decide other fields (the step list) are read first, then the fields they decide.
  let names: string[] = [];
  for (let round = 0; round < FIELD_ROUNDS; round++) {
    const fields = workloadFields(form);
    for (const f of fields) {
      const v = params.get(f.param);
      // One character over the limit, so the "too long" message still shows.
      if (v !== null) form.raw[f.param] = v.slice(0, (f.maxLength ?? MAX_RAW_LENGTH) + 1);
    }
    const next = fields.map((f) => f.param);
    if (next.join('\n') === names.join('\n')) break;
    names = next;
  }
  // Keep only the fields the final form has (a step the list no longer names drops its fields).
  const kept = new Set(workloadFields(form).map((f) => f.param));
  for (const k of Object.keys(form.raw)) if (!kept.has(k)) delete form.raw[k];
  return { form, error: undefined, fromUrl: [WORKLOAD_PARAM, ...Object.keys(form.raw)] };
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
