import { describe, expect, it } from 'vitest';
import { TIMESTAMP_QUANTUM_NS, isQuantized } from '../../../../src/model/bench/timer-quantization.ts';

describe('isQuantized', () => {
  it('spots Chrome/Dawn 65.536 µs steps', () => {
    expect(isQuantized([65_536, 131_072, 20 * 65_536, 0])).toBe(true);
  });
  it('a real nanosecond clock is not quantized', () => {
    expect(isQuantized([65_536, 131_073, 20 * 65_536])).toBe(false);
    expect(isQuantized([12_345_678, 12_400_001, 12_399_999])).toBe(false);
  });
  it('needs a few samples before claiming quantization', () => {
    expect(isQuantized([TIMESTAMP_QUANTUM_NS])).toBe(false);
    expect(isQuantized([])).toBe(false);
  });
  it('a timer that never moves counts as quantized', () => {
    expect(isQuantized([0, 0, 0])).toBe(true);
  });
  it('takes another quantum', () => {
    expect(isQuantized([100, 200, 300], 100)).toBe(true);
  });
});
