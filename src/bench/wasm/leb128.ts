/** LEB128 integers, as the WebAssembly binary format writes immediates, sizes and SIMD sub-opcodes (core spec §5.2.2). */

/** Unsigned LEB128, as used for all u32 immediates, sizes and SIMD sub-opcodes. */
export function uleb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`uleb128 of ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 for i32.const immediates. */
export function sleb128(value: number): number[] {
  if (!Number.isInteger(value)) throw new RangeError(`sleb128 of ${value}`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const signBitSet = (byte & 0x40) !== 0;
    if ((v === 0 && !signBitSet) || (v === -1 && signBitSet)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
