/**
 * The CLI's `--verify` text (`npm run bench -- --verify matmul:m=1024,n=1024,k=1024`): a
 * workload read through the page's own fields and validation. Pure.
 */
import type { Workload } from './types.ts';
import { isWorkloadId } from './kinds/index.ts';
import { WORKLOAD_PARAM, validateWorkloadForm, workloadFields, workloadFormFromQuery } from './url.ts';

/**
 * A workload from the CLI's `--verify` text: `matmul:m=1024,n=1024,k=1024`,
 * `elementwise:elements=1e6`, `softmax:rows=4096,cols=1000`, `reduction` (defaults),
 * `expression:expr=np.sum(x, axis=0),arrays=x:1000x64,y:64,mode=fused`. Names are the
 * URL's `w.` parameters without the prefix; values go through the same validation as the
 * page's fields. A comma starts the next name=value only where a name of the workload
 * follows it, so values may hold commas (an array list, a call's arguments, a step list).
 */
export function parseVerifySpec(text: string): { ok: true; workload: Workload } | { ok: false; message: string } {
  const colon = text.indexOf(':');
  const idPart = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const id = idPart.trim().toLowerCase();
  const values = new Map<string, string>([[WORKLOAD_PARAM, id]]);
  const fields = isWorkloadId(id) ? workloadFields({ id, raw: {} }) : [];
  const names = new Set(fields.map((f) => f.param.slice(2)));
  // Text fields' values may hold commas; a pipeline step's fields (`2.m=…`) exist only once the step list is read.
  const texts = new Set(fields.filter((f) => f.kind === 'text').map((f) => f.param.slice(2)));
  const nameOf = (part: string) => /^\s*([A-Za-z_0-9][\w.]*)\s*=(?!=)/.exec(part)?.[1];
  const pairs: string[] = [];
  for (const part of rest.split(',')) {
    const name = nameOf(part);
    const previous = pairs.length > 0 ? nameOf(pairs[pairs.length - 1] as string) : undefined;
    const continues =
      previous !== undefined &&
      texts.has(previous) &&
      !(name !== undefined && (names.has(name) || /^\d+\.\w+$/.test(name)));
    if (continues) pairs[pairs.length - 1] += `,${part}`;
    else pairs.push(part);
  }
  for (const pair of pairs.filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, message: `"${pair}" is not name=value` };
    values.set(`w.${pair.slice(0, eq).trim()}`, pair.slice(eq + 1).trim());
  }
  const q = workloadFormFromQuery({ get: (name) => values.get(name) ?? null });
  if (!q.form) return { ok: false, message: q.error ?? `"${id}" is not a workload` };
  const known = new Set(workloadFields(q.form).map((f) => f.param));
  for (const name of values.keys()) {
    if (name !== WORKLOAD_PARAM && !known.has(name)) {
      return { ok: false, message: `${id} has no parameter "${name.slice(2)}"` };
    }
  }
  const v = validateWorkloadForm(q.form);
  if (!v.workload) {
    const bad = Object.entries(v.fields).find(([, r]) => !r.ok);
    return {
      ok: false,
      message: bad ? `${bad[0].slice(2)}: ${(bad[1] as { message: string }).message}` : `invalid ${id} shape`,
    };
  }
  return { ok: true, workload: v.workload };
}
