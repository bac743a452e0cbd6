/**
 * A Python snippet for each workload, with the user's own shape and data type filled in,
 * so "What does your code do?" can be answered by recognising code. NumPy where NumPy has
 * the operation and the type; PyTorch for the rest (softmax, convolution, attention) and
 * for bfloat16, which NumPy lacks. Pure.
 */
import type { Dtype, KernelWorkload, Workload } from './types.ts';
import { DTYPE_LABELS } from './types.ts';

/** A whole number as Python source: 1_000_000 rather than 1e6, which would be a float. */
export function pyInt(n: number): string {
  if (!Number.isSafeInteger(n)) return String(Math.round(n));
  // Underscores group digits from five up (PEP 515); 2048 reads better bare.
  return n < 10_000 ? String(n) : n.toLocaleString('en-US').replace(/,/g, '_');
}

function np(dtype: Dtype): string {
  return `np.${DTYPE_LABELS[dtype]}`;
}

function torch(dtype: Dtype): string {
  return `torch.${DTYPE_LABELS[dtype]}`;
}

/** The lines for one operation, without imports; `torch` says they use PyTorch rather than NumPy. */
function kernelLines(w: KernelWorkload): { lines: string[]; torch: boolean } {
  const useTorch = w.dtype === 'bf16';
  switch (w.id) {
    case 'matmul': {
      const { m, n, k, batch } = w.shape;
      const lead = batch > 1 ? `${pyInt(batch)}, ` : '';
      if (useTorch) {
        return {
          torch: true,
          lines: [
            `a = torch.rand(${lead}${pyInt(m)}, ${pyInt(k)}, dtype=${torch(w.dtype)})`,
            `b = torch.rand(${lead}${pyInt(k)}, ${pyInt(n)}, dtype=${torch(w.dtype)})`,
            'c = a @ b',
          ],
        };
      }
      return {
        torch: false,
        lines: [
          `a = np.random.rand(${lead}${pyInt(m)}, ${pyInt(k)}).astype(${np(w.dtype)})`,
          `b = np.random.rand(${lead}${pyInt(k)}, ${pyInt(n)}).astype(${np(w.dtype)})`,
          'c = a @ b',
        ],
      };
    }
    case 'elementwise': {
      const { elements, inputs, outputs, flopsPerElement } = w.shape;
      const names = Array.from({ length: Math.min(inputs, 4) }, (_, i) => String.fromCharCode(97 + i));
      const make = useTorch
        ? (v: string) => `${v} = torch.rand(${pyInt(elements)}, dtype=${torch(w.dtype)})`
        : (v: string) => `${v} = np.random.rand(${pyInt(elements)}).astype(${np(w.dtype)})`;
      const lines = names.map(make);
      if (inputs > names.length) lines.push(`# … ${inputs - names.length} more input arrays`);
      const expr =
        inputs === 3 && flopsPerElement === 2
          ? 'a * b + c'
          : inputs === 1
            ? `${useTorch ? 'torch' : 'np'}.exp(a)  # ~${flopsPerElement} FLOPs per element`
            : inputs === 0
              ? `${useTorch ? 'torch.rand' : 'np.random.rand'}(${pyInt(elements)})`
              : `${names.join(' + ')}  # ${flopsPerElement} FLOPs per element`;
      lines.push(`out = ${expr}`);
      if (outputs > 1) lines.push(`# … and ${outputs - 1} more output array${outputs > 2 ? 's' : ''}`);
      return { torch: useTorch, lines };
    }
    case 'reduction': {
      const make = useTorch
        ? `x = torch.rand(${pyInt(w.shape.elements)}, dtype=${torch(w.dtype)})`
        : `x = np.random.rand(${pyInt(w.shape.elements)}).astype(${np(w.dtype)})`;
      return { torch: useTorch, lines: [make, 's = x.sum()'] };
    }
    case 'softmax':
      return {
        torch: true,
        lines: [
          `x = torch.rand(${pyInt(w.shape.rows)}, ${pyInt(w.shape.cols)}, dtype=${torch(w.dtype)})`,
          'y = torch.softmax(x, dim=-1)',
        ],
      };
    case 'conv2d': {
      const s = w.shape;
      const kernel = s.kh === s.kw ? pyInt(s.kh) : `(${pyInt(s.kh)}, ${pyInt(s.kw)})`;
      return {
        torch: true,
        lines: [
          `x = torch.rand(${pyInt(s.batch)}, ${pyInt(s.cin)}, ${pyInt(s.h)}, ${pyInt(s.w)}, dtype=${torch(w.dtype)})`,
          `conv = torch.nn.Conv2d(${pyInt(s.cin)}, ${pyInt(s.cout)}, kernel_size=${kernel}, stride=${pyInt(s.stride)}, padding=${pyInt(s.pad)}, bias=False, dtype=${torch(w.dtype)})`,
          'y = conv(x)',
        ],
      };
    }
    case 'attention': {
      const s = w.shape;
      const t = torch(w.dtype);
      const lines = [
        `q = torch.rand(${pyInt(s.batch)}, ${pyInt(s.heads)}, ${pyInt(s.sq)}, ${pyInt(s.d)}, dtype=${t})`,
        `k = torch.rand(${pyInt(s.batch)}, ${pyInt(s.heads)}, ${pyInt(s.sk)}, ${pyInt(s.d)}, dtype=${t})`,
        'v = torch.rand_like(k)',
      ];
      if (s.fused) {
        lines.push(`o = F.scaled_dot_product_attention(q, k, v, is_causal=${s.causal ? 'True' : 'False'})`);
      } else {
        lines.push(`s = q @ k.transpose(-2, -1) / ${pyInt(s.d)} ** 0.5`);
        if (s.causal) lines.push('s = s.masked_fill(torch.ones_like(s, dtype=torch.bool).triu(1), float("-inf"))');
        lines.push('o = torch.softmax(s, dim=-1) @ v');
      }
      return { torch: true, lines };
    }
    case 'fft': {
      const s = w.shape;
      const shape = s.batch > 1 ? `${pyInt(s.batch)}, ${pyInt(s.length)}` : pyInt(s.length);
      if (useTorch || w.dtype === 'f16') {
        // NumPy's FFT computes float16 in float64; PyTorch keeps half precision on the GPU.
        return {
          torch: true,
          lines: [
            `x = torch.rand(${shape}, dtype=${torch(w.dtype)})`,
            s.complex ? 'X = torch.fft.fft(x.to(torch.complex64))' : 'X = torch.fft.rfft(x)',
          ],
        };
      }
      const complexType = w.dtype === 'f64' ? 'np.complex128' : 'np.complex64';
      return {
        torch: false,
        lines: s.complex
          ? [`x = np.random.rand(${shape}).astype(${complexType})`, 'X = np.fft.fft(x)']
          : [`x = np.random.rand(${shape}).astype(${np(w.dtype)})`, 'X = np.fft.rfft(x)'],
      };
    }
  }
}

/** The snippet for `w`: imports, then the code; a pipeline as a loop over its steps. */
export function pythonExample(w: Workload): string {
  if (w.id !== 'pipeline') {
    const { lines, torch: usesTorch } = kernelLines(w);
    return [...imports(!usesTorch, usesTorch, w.id === 'attention'), ...lines].join('\n');
  }
  const steps = w.shape.steps.map((s) => kernelLines({ ...s, dtype: w.dtype }));
  const attention = w.shape.steps.some((s) => s.id === 'attention');
  const out = [
    ...imports(
      steps.some((s) => !s.torch),
      steps.some((s) => s.torch),
      attention,
    ),
  ];
  out.push(
    w.shape.dataStaysOnGpu
      ? '# the arrays live on the GPU (CuPy / torch on "cuda"); only the first inputs go up, the last result comes back'
      : '# every step takes NumPy arrays and returns NumPy arrays: each step copies up and back',
  );
  out.push(`for _ in range(${pyInt(w.shape.repeat)}):`);
  steps.forEach((s, i) => {
    out.push(`    # step ${i + 1}`);
    for (const line of s.lines) out.push(`    ${line}`);
  });
  return out.join('\n');
}

function imports(usesNumpy: boolean, usesTorch: boolean, functional: boolean): string[] {
  const out: string[] = [];
  if (usesNumpy) out.push('import numpy as np');
  if (usesTorch) out.push('import torch');
  if (usesTorch && functional) out.push('import torch.nn.functional as F');
  return out;
}
