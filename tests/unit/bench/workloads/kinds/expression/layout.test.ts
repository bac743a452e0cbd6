import { describe, expect, it } from 'vitest';
import { kernelLayout, type ElementwiseKernel } from '../../../../../../src/bench/workloads/kinds/expression/layout.ts';
import { buildPlan } from '../../../../../../src/model/workloads/expression/index.ts';
import { parse } from './helpers.ts';

function layout(text: string, arrays: string) {
  const plan = buildPlan(parse(text, arrays).root, 'fused', 4);
  return kernelLayout(plan.kernels.at(-1) as ElementwiseKernel);
}

describe('kernel layout: merged dimensions and streams', () => {
  it('arrays of one shape are one flat, contiguous loop', () => {
    const l = layout('a*b + c', 'a:2x3x4,b:2x3x4,c:2x3x4');
    expect(l.dims).toEqual([24]);
    expect(l.elements).toBe(24);
    expect(l.streams.map((s) => s.strides)).toEqual([[1], [1], [1]]);
  });

  it('a row bias broadcasts along rows: rows × columns, stride 0 over rows', () => {
    const l = layout('x + bias', 'x:5x7,bias:7');
    expect(l.dims).toEqual([5, 7]);
    expect(l.streams.map((s) => s.strides)).toEqual([
      [7, 1],
      [0, 1],
    ]);
  });

  it('a column broadcasts along columns; a scalar-shaped array is stride 0 everywhere', () => {
    const l = layout('x * col - s', 'x:5x7,col:5x1,s:1');
    expect(l.dims).toEqual([5, 7]);
    expect(l.streams.map((s) => s.strides)).toEqual([
      [7, 1],
      [1, 0],
      [0, 0],
    ]);
  });

  it('.T walks its buffer column-wise; the same buffer read two ways is two streams', () => {
    const l = layout('x + x.T', 'x:4x4');
    expect(l.dims).toEqual([4, 4]);
    expect(l.streams.map((s) => [s.input, ...s.strides])).toEqual([
      [0, 4, 1],
      [0, 1, 4],
    ]);
  });

  it('size-1 dimensions drop out, and a scalar output is one element', () => {
    expect(layout('a * 2', 'a:1x6x1').dims).toEqual([6]);
    const scalar = kernelLayout(
      buildPlan(parse('x.sum() * 2', 'x:3x3').root, 'fused', 4).kernels.at(-1) as ElementwiseKernel,
    );
    expect(scalar.dims).toEqual([1]);
    expect(scalar.streams[0]?.strides).toEqual([0]);
  });
});
