import { describe, expect, it } from 'vitest';
import {
  MAX_COMPARED_GPUS,
  MAX_GPU_LIST_LENGTH,
  formatGpuList,
  parseGpuList,
  quoteForMessage,
  suggestGpuId,
} from '../../../../src/model/catalog/gpu-list.ts';
import { GPU_IDS } from '../../../../src/model/catalog/registry.ts';

describe('parseGpuList', () => {
  it("reads the issue's example in order", () => {
    expect(parseGpuList('h100-sxm,t4,rtx-4090')).toEqual({ ids: ['h100-sxm', 't4', 'rtx-4090'], messages: [] });
  });

  it('tolerates spaces, upper case and empty items', () => {
    expect(parseGpuList(' H100-SXM , t4,,')).toEqual({ ids: ['h100-sxm', 't4'], messages: [] });
  });

  it('empty, missing or all-comma values ask for nothing', () => {
    for (const v of ['', '   ', ',,,', null, undefined]) expect(parseGpuList(v)).toEqual({ ids: [], messages: [] });
  });

  it('unknown ids are left out with a message and a suggestion when one is close', () => {
    const r = parseGpuList('h100,rtx4090,quantum-9000,t4');
    expect(r.ids).toEqual(['t4']);
    expect(r.messages).toEqual([
      'Unknown GPU “h100”; did you mean h100-sxm? It was left out.',
      'Unknown GPU “rtx4090”; did you mean rtx-4090? It was left out.',
      'Unknown GPU “quantum-9000”. It was left out.',
    ]);
  });

  it('repeated ids are shown once, with one message per id', () => {
    const r = parseGpuList('t4,l4,t4,T4,l4');
    expect(r.ids).toEqual(['t4', 'l4']);
    expect(r.messages).toEqual([
      't4 is listed more than once; it is shown once.',
      'l4 is listed more than once; it is shown once.',
    ]);
  });

  it(`at most ${MAX_COMPARED_GPUS} devices; the rest are named`, () => {
    const r = parseGpuList(GPU_IDS.join(','));
    expect(r.ids).toEqual(GPU_IDS.slice(0, MAX_COMPARED_GPUS));
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatch(
      new RegExp(
        `^At most 12 GPUs are compared at once; left out: ${GPU_IDS.slice(12, 17).join(', ')} and ${GPU_IDS.length - 17} more\\.$`,
      ),
    );
  });

  it('bidi controls: refused, and the message shows the text without them', () => {
    const r = parseGpuList('t4,\u202Eevil\u202C,h\u2066100-sxm\u2069');
    expect(r.ids).toEqual(['t4']);
    expect(r.messages).toEqual([
      '“evil” is not a GPU id: it contains invisible control characters.',
      '“h100-sxm” is not a GPU id: it contains invisible control characters.',
    ]);
    for (const m of r.messages) expect(m).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('script-like and path-like values are not ids; messages quote them briefly', () => {
    const r = parseGpuList('<script>alert(1)</script>,../../etc/passwd,javascript:alert(1),t4');
    expect(r.ids).toEqual(['t4']);
    expect(r.messages).toHaveLength(3);
    expect(r.messages[0]).toBe(
      '“<script>alert(1)</script…” is not a GPU id: ids are lowercase letters, digits and hyphens, like h100-sxm.',
    );
    for (const m of r.messages) expect(m).toMatch(/is not a GPU id/);
  });

  it('control characters (newline, NUL, escape) are refused and not echoed', () => {
    const r = parseGpuList('t4\nl4,\u0000x,\u001b[31mred');
    expect(r.ids).toEqual([]);
    expect(r.messages).toHaveLength(3);
    // No C0 control character survives into a message.
    for (const m of r.messages) expect([...m].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
  });

  it('overlong: an id longer than 32 characters is refused; a value past the limit is cut with a message', () => {
    const longId = 'a'.repeat(33);
    expect(parseGpuList(longId).messages[0]).toMatch(/is not a GPU id/);
    const huge = `t4,${'x'.repeat(MAX_GPU_LIST_LENGTH * 20)},l4`;
    const r = parseGpuList(huge);
    expect(r.ids).toEqual(['t4']);
    expect(r.messages[0]).toBe(
      `The GPU list is longer than ${MAX_GPU_LIST_LENGTH} characters; only its start was read.`,
    );
    for (const m of r.messages) expect(m.length).toBeLessThan(200);
  });

  it('prototype keys are not GPUs', () => {
    const r = parseGpuList('__proto__,constructor,tostring');
    expect(r.ids).toEqual([]);
    expect(r.messages).toHaveLength(3);
  });

  it('accepts extra ids the caller names (this machine, an imported run)', () => {
    const r = parseGpuList('this-machine,t4,py-3', { accept: (id) => id === 'this-machine' || id === 'py-3' });
    expect(r).toEqual({ ids: ['this-machine', 't4', 'py-3'], messages: [] });
  });

  it('formatGpuList is the inverse for valid lists', () => {
    const ids = ['h100-sxm', 't4', 'rtx-4090'];
    expect(parseGpuList(formatGpuList(ids)).ids).toEqual(ids);
  });
});

describe('helpers', () => {
  it('suggestGpuId: prefix first, then at most two edits', () => {
    expect(suggestGpuId('a100-80')).toBe('a100-80-sxm');
    expect(suggestGpuId('rtx-4900')).toBe('rtx-4090');
    expect(suggestGpuId('mi300')).toBe('mi300x');
    expect(suggestGpuId('gtx-1080')).toBeUndefined();
  });

  it('quoteForMessage strips bidi and control characters and caps the length', () => {
    expect(quoteForMessage('\u202Eabc\u0007')).toBe('abc');
    expect(quoteForMessage('x'.repeat(100))).toBe(`${'x'.repeat(24)}…`);
  });
});
