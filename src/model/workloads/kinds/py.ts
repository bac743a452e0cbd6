/**
 * Helpers the kinds' Python snippets share: whole numbers as Python source, and the NumPy
 * and PyTorch names of a data type. NumPy where NumPy has the operation and the type;
 * PyTorch for the rest and for bfloat16, which NumPy lacks. Pure.
 */
import { DTYPE_LABELS, type Dtype } from '../dtype.ts';
import type { PythonSnippet } from './define.ts';

/** A whole number as Python source: 1_000_000 rather than 1e6, which would be a float. */
export function pyInt(n: number): string {
  if (!Number.isSafeInteger(n)) return String(Math.round(n));
  // Underscores group digits from five up (PEP 515); 2048 reads better bare.
  return n < 10_000 ? String(n) : n.toLocaleString('en-US').replace(/,/g, '_');
}

/** `np.float32`. */
export function npType(dtype: Dtype): string {
  return `np.${DTYPE_LABELS[dtype]}`;
}

/** `torch.float32`. */
export function torchType(dtype: Dtype): string {
  return `torch.${DTYPE_LABELS[dtype]}`;
}

/** NumPy has no bfloat16: snippets of that type use PyTorch. */
export function needsTorch(dtype: Dtype): boolean {
  return dtype === 'bf16';
}

/** A random array of `shape` (Python dimension list) in NumPy or PyTorch. */
export function randomArray(name: string, dims: readonly number[], dtype: Dtype, torch: boolean): string {
  const d = dims.map(pyInt).join(', ');
  return torch
    ? `${name} = torch.rand(${d}, dtype=${torchType(dtype)})`
    : `${name} = np.random.rand(${d}).astype(${npType(dtype)})`;
}

/** Lines that use NumPy alone, or PyTorch alone. */
export function snippet(lines: string[], torch: boolean, functional = false): PythonSnippet {
  return { lines, numpy: !torch, torch, functional };
}
