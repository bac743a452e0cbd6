/**
 * The Python an expression stands for, so the counts can be checked against code a person
 * recognises: NumPy for eager (PyTorch on the CPU for bfloat16, which NumPy lacks), and
 * `torch.compile` on the GPU for fused, with the `jax.jit` spelling beside it. The last
 * line of each says what the page counts for it. Pure.
 */
import { sig3 } from '../../shared/format.ts';
import { pyInt } from '../kinds/py.ts';
import { DTYPE_LABELS, type Dtype } from '../dtype.ts';
import { expressionCounts } from './counts.ts';
import { inputNames } from './ir.ts';
import type { ParsedExpression } from './parse.ts';
import type { PlanMode } from './plan.ts';
import { renderExpression } from './render.ts';

function bytesText(bytes: number): string {
  if (bytes >= 1e9) return `${sig3(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${sig3(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${sig3(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** A name for the snippet's own variables that no array already uses. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  while (taken.has(name)) name += '_';
  return name;
}

/** The Python snippet for `parsed` in `mode`, with arrays of `dtype` and the shapes given. */
export function expressionSnippet(parsed: ParsedExpression, dtype: Dtype, mode: PlanMode): string {
  const counts = expressionCounts(parsed, dtype, mode);
  const taken = new Set(parsed.arrays.map((a) => a.name));
  const out = freeName('out', taken);
  const names = inputNames(parsed.root);
  const used = parsed.arrays.filter((a) => names.includes(a.name));
  const summary = `${counts.launches} kernel${counts.launches === 1 ? '' : 's'}, ${bytesText(counts.deviceBytes)} of device memory traffic`;
  const dims = (shape: readonly number[]) => shape.map(pyInt).join(', ');
  const label = DTYPE_LABELS[dtype];

  if (mode === 'eager') {
    if (dtype === 'bf16') {
      const text = renderExpression(parsed.root, { spelling: 'torch' });
      return [
        ...(/\bmath\./.test(text) ? ['import math'] : []),
        'import torch',
        ...used.map((a) => `${a.name} = torch.rand(${dims(a.shape)}, dtype=torch.${label})`),
        `${out} = ${text}  # eager: ${summary}`,
      ].join('\n');
    }
    return [
      'import numpy as np',
      ...used.map((a) => `${a.name} = np.random.rand(${dims(a.shape)}).astype(np.${label})`),
      `${out} = ${renderExpression(parsed.root, { spelling: 'np' })}  # eager: ${summary}`,
      '# CuPy (import cupy as np) and PyTorch run it the same way: one kernel per operator.',
    ].join('\n');
  }
  const fn = freeName('fused', taken);
  const torchText = renderExpression(parsed.root, { spelling: 'torch' });
  const params = used.map((a) => a.name).join(', ');
  return [
    ...(/\bmath\./.test(torchText) ? ['import math', ''] : []),
    'import torch',
    ...used.map((a) => `${a.name} = torch.rand(${dims(a.shape)}, dtype=torch.${label}, device="cuda")`),
    '',
    '@torch.compile',
    `def ${fn}(${params}):`,
    `    return ${torchText}`,
    '',
    `${out} = ${fn}(${params})  # fused: ${summary}`,
    `# JAX: jax.jit(lambda ${params}: ${renderExpression(parsed.root, { spelling: 'jnp' })})(${params})`,
  ].join('\n');
}
