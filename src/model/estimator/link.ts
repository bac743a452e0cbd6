/**
 * Reading a link before its values reach the fields (issue #17: "conflicts pass in
 * silence"). Each questionable parameter is either read — and the page says how — or
 * refused — and the page says which and why; nothing is silently dropped or doubled:
 * - a parameter given twice (`w.m=4096&w.m=1`, `w=matmul&w=fft`) is ambiguous: refused;
 * - `w.*` without `w`: there is no workload to give it to: refused;
 * - `ops`, `data` and `n` describe the code as operations; beside a workload its shape
 *   decides them: refused. Machine rates (`cpu`, `gpu`, `bw`, `lat`, `cpuMem`, `gpuMem`,
 *   `gpuF64`) apply beside any workload and are always read;
 * - `w.dtype` in another spelling (`F64`, `float64`, `torch.float16`): read as the type it
 *   names, and said;
 * - a `w.*` name the workload does not have: refused.
 * Pure.
 */
import { DTYPES, DTYPE_LABELS, type Dtype } from '../workloads/types.ts';
import { displayText } from '../shared/text.ts';

/** The classic parameters that describe the code rather than the machine. */
export const CODE_PARAMS = ['ops', 'data', 'n'] as const;

const WORKLOAD_PARAM = 'w';
const DTYPE_PARAM = 'w.dtype';

/** Other names people write a data type with, lower-case, without a `np.` / `torch.` prefix. */
const DTYPE_ALIASES: Readonly<Record<string, Dtype>> = {
  float64: 'f64',
  double: 'f64',
  fp64: 'f64',
  float32: 'f32',
  float: 'f32',
  single: 'f32',
  fp32: 'f32',
  float16: 'f16',
  half: 'f16',
  fp16: 'f16',
  bfloat16: 'bf16',
};

/** The data type a spelling names ('F64', 'float64', 'torch.float16'), or undefined. */
export function dtypeFromSpelling(text: string): Dtype | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^(np|numpy|torch|jnp|jax\.numpy|cp|cupy)\./, '');
  if ((DTYPES as readonly string[]).includes(t)) return t as Dtype;
  return DTYPE_ALIASES[t];
}

export interface LinkReading {
  /** The parameters to read, each at most once, refused ones removed and readable ones rewritten. */
  params: URLSearchParams;
  /** What was refused or read differently, one sentence each, for the page. */
  notices: string[];
}

/** A value as a message may quote it: bidi controls removed, at most 40 characters. */
function quoted(v: string): string {
  const t = displayText(v);
  return `“${t.length > 40 ? `${t.slice(0, 40)}…` : t}”`;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Read a query string. `workloadParams(params)` names the `w.*` parameters the workload the
 * cleaned parameters describe accepts (undefined: accept any), so names it lacks are said.
 */
export function readLink(
  search: string,
  workloadParams?: (params: URLSearchParams) => ReadonlySet<string> | undefined,
): LinkReading {
  const raw = new URLSearchParams(search);
  const notices: string[] = [];
  const counts = new Map<string, string[]>();
  for (const [k, v] of raw) counts.set(k, [...(counts.get(k) ?? []), v]);
  const params = new URLSearchParams();
  for (const [k, values] of counts) {
    if (values.length > 1) {
      notices.push(
        k === WORKLOAD_PARAM
          ? `The link names ${values.length} workloads (${listWords(values.map(quoted))}), so it names none: it opened as a custom task.`
          : `The link gives ${displayText(k)} ${values.length} times (${listWords(values.map(quoted))}), so neither was used: it keeps its ${k.startsWith('w.') || k === WORKLOAD_PARAM ? 'default' : 'current value'}.`,
      );
      continue;
    }
    params.set(k, values[0] ?? '');
  }
  const workload = params.get(WORKLOAD_PARAM);
  const shapeParams = [...params.keys()].filter((k) => k.startsWith('w.'));
  if (workload === null && shapeParams.length > 0) {
    for (const k of shapeParams) params.delete(k);
    notices.push(
      `The link gives ${listWords(shapeParams.map(displayText))} but names no workload (w=…): ${shapeParams.length === 1 ? 'it was' : 'they were'} not used.`,
    );
  }
  if (workload !== null && workload !== 'custom') {
    const code = CODE_PARAMS.filter((k) => params.has(k));
    if (code.length > 0) {
      for (const k of code) params.delete(k);
      notices.push(
        `${listWords([...code])} describe${code.length === 1 ? 's' : ''} the code as operations, data and launches; beside w=${displayText(workload).slice(0, 40)} its shape decides them, so ${code.length === 1 ? 'it was' : 'they were'} not used.`,
      );
    }
  }
  const dtype = params.get(DTYPE_PARAM);
  if (dtype !== null && !(DTYPES as readonly string[]).includes(dtype)) {
    const read = dtypeFromSpelling(dtype);
    if (read) {
      params.set(DTYPE_PARAM, read);
      notices.push(`w.dtype=${quoted(dtype)} was read as ${DTYPE_LABELS[read]} (${read}).`);
    }
  }
  const known = workload !== null ? workloadParams?.(params) : undefined;
  if (known) {
    const unknown = [...params.keys()].filter((k) => k.startsWith('w.') && !known.has(k));
    for (const k of unknown) params.delete(k);
    if (unknown.length > 0) {
      notices.push(
        `${listWords(unknown.map(displayText))} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of this workload: not used.`,
      );
    }
  }
  return { params, notices };
}
