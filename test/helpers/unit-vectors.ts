// Unit vectors from a seeded generator (mulberry32), so a test or benchmark that fails repeats exactly.
export function seededUnitVectors(n: number, d: number, seed: number): Float32Array[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: d }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}
