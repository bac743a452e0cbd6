/**
 * A Python snippet for each workload, with the user's own shape and data type filled in,
 * so "What does your code do?" can be answered by recognising code. Each kind writes its
 * own lines (kinds/<kind>.ts); this adds the imports they need. Pure.
 */
import { kindOf, type Workload } from './kinds/index.ts';

export { pyInt } from './kinds/py.ts';

/** The snippet for `w`: imports, then the code. */
export function pythonExample(w: Workload): string {
  const s = kindOf(w.id).python(w.shape, w.dtype);
  const imports: string[] = [];
  if (s.numpy) imports.push('import numpy as np');
  if (s.torch) imports.push('import torch');
  if (s.torch && s.functional) imports.push('import torch.nn.functional as F');
  return [...imports, ...s.lines].join('\n');
}
