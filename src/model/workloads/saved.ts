/**
 * The workload part of a saved estimate (issue #12: "saved estimates keep the workload"):
 * the workload and machine fields as the same query a shared link carries, so opening it
 * goes through the one parser the URL uses, plus a label and the roofline's answer at save
 * time for the history list. Optional in a saved estimate: records made before workloads,
 * or in classic mode, have none and still load. Its validation, for data read back from
 * storage or a file. Pure.
 */
import { formatSpeedup } from '../shared/format.ts';
import { DTYPE_LABELS } from './dtype.ts';
import { kindOf, type Workload } from './kinds/index.ts';
import { validateWorkloadForm, workloadFormFromQuery } from './url.ts';

export interface SavedWorkload {
  /** `w=…&w.*=…&cpuMem=…&gpuMem=…&gpuF64=…`, exactly as a shared link has it (without "?"). */
  query: string;
  /** What it was, for people: 'Matrix multiply 2048×2048×2048, float32'. */
  label: string;
  /** The roofline's answer when it was saved. */
  cpuSeconds: number;
  gpuSeconds: number;
  speedup: number;
}

/** Longest query kept: a pipeline of eight steps with every field written out fits in well under this. */
export const MAX_SAVED_QUERY_LENGTH = 4000;
export const MAX_LABEL_LENGTH = 200;

/** 'Matrix multiply 2,048×2,048 · 2,048×2,048, float32'; a pipeline lists its steps. */
export function workloadLabel(w: Workload): string {
  const kind = kindOf(w.id);
  const label = kind.title
    ? kind.title(w.shape, w.dtype)
    : `${kind.label} ${kind.describe(w.shape)}, ${DTYPE_LABELS[w.dtype]}`;
  return label.slice(0, MAX_LABEL_LENGTH);
}

/** The default name of an estimate saved with a workload: '3.4× speedup · Matrix multiply …'. */
export function savedWorkloadName(s: Pick<SavedWorkload, 'label' | 'speedup'>): string {
  return `${formatSpeedup(s.speedup)} speedup · ${s.label}`;
}

/** The workload a saved query names, or undefined when it names none validly. */
export function workloadFromSavedQuery(query: string): Workload | undefined {
  const { form } = workloadFormFromQuery(new URLSearchParams(query));
  return form ? validateWorkloadForm(form).workload : undefined;
}

/**
 * Check an untrusted `workload` entry of a saved estimate; an error string (what is wrong,
 * where) or undefined. The query must name a valid workload: a record whose workload the
 * page could not show is refused rather than opened as something else.
 */
export function validateSavedWorkload(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
  const o = value as Record<string, unknown>;
  const query = o['query'];
  if (typeof query !== 'string' || query.length > MAX_SAVED_QUERY_LENGTH) {
    return `${path}.query must be a string of at most ${MAX_SAVED_QUERY_LENGTH} characters`;
  }
  if (!workloadFromSavedQuery(query)) return `${path}.query does not name a valid workload`;
  const label = o['label'];
  if (typeof label !== 'string' || label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    return `${path}.label must be a string of 1 to ${MAX_LABEL_LENGTH} characters`;
  }
  for (const k of ['cpuSeconds', 'gpuSeconds', 'speedup'] as const) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${path}.${k} must be a finite number ≥ 0`;
  }
  return undefined;
}
