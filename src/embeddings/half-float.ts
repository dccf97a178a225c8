// Half-precision floats, by their bits: Node 20 has no Float16Array. Decoding is a table of all 65,536 values
// (256 KB, built once); encoding rounds to nearest, ties to even, as IEEE 754 does.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The f16 bits nearest to `x`. */
export function toHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  const mant = bits & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00; // beyond f16's range (never for unit vectors): infinity
  if (exp <= 0) {
    // Subnormal or zero.
    if (exp < -10) return sign;
    const full = mant | 0x800000;
    const shift = 14 - exp;
    let half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = sign | (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa moves into the exponent, which is the right rounding too.
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return half;
}

/** The value of every f16 bit pattern. */
export const HALF_TO_FLOAT: Float32Array = (() => {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    table[h] =
      exp === 0
        ? sign * mant * 2 ** -24
        : exp === 31
          ? mant
            ? Number.NaN
            : sign * Number.POSITIVE_INFINITY
          : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
})();

/** Writes `v` as f16 into `codes` at `offset`. */
export function encodeHalf(v: Float32Array, codes: Uint16Array, offset: number): void {
  for (let i = 0; i < v.length; i++) codes[offset + i] = toHalf(v[i]!);
}

/** The vector stored as `codes[offset…offset+d)`, in float32 (into `out` when given). */
export function decodeHalf(codes: Uint16Array, offset: number, d: number, out = new Float32Array(d)): Float32Array {
  for (let i = 0; i < d; i++) out[i] = HALF_TO_FLOAT[codes[offset + i]!]!;
  return out;
}
