// The dense and sparse linear algebra behind the corpus model's truncated SVD: small, exact for our sizes
// (a few hundred columns), and deterministic (seeded), so every app instance fitting the same papers gets the
// same model. Matrices are row-major Float64Arrays.

/** A sparse matrix in compressed rows: row i's entries are cols/vals[rowStart[i] .. rowStart[i + 1]). */
export interface SparseRows {
  rows: number;
  cols: number;
  rowStart: Uint32Array;
  colIndex: Uint32Array;
  values: Float32Array;
}

/** A small seeded generator (mulberry32): the same seed gives the same model everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An n x c matrix of standard normal draws (Box-Muller). */
export function gaussianMatrix(n: number, c: number, random: () => number): Float64Array {
  const m = new Float64Array(n * c);
  for (let i = 0; i < m.length; i += 2) {
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    m[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < m.length) m[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return m;
}

/** A X for sparse A (m x n) and dense X (n x c): m x c. */
export function sparseTimesDense(a: SparseRows, x: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.rows * c);
  for (let i = 0; i < a.rows; i++) {
    const o = i * c;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const v = a.values[p]!;
      const xr = a.colIndex[p]! * c;
      for (let j = 0; j < c; j++) out[o + j]! += v * x[xr + j]!;
    }
  }
  return out;
}

/** Aᵀ Z for sparse A (m x n) and dense Z (m x c): n x c. */
export function sparseTransposeTimesDense(a: SparseRows, z: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.cols * c);
  for (let i = 0; i < a.rows; i++) {
    const zr = i * c;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.colIndex[p]! * c;
      for (let j = 0; j < c; j++) out[o + j]! += v * z[zr + j]!;
    }
  }
  return out;
}

/** Yᵀ Y for Y (n x c): c x c, symmetric. */
export function gram(y: Float64Array, n: number, c: number): Float64Array {
  const g = new Float64Array(c * c);
  for (let r = 0; r < n; r++) {
    const o = r * c;
    for (let i = 0; i < c; i++) {
      const yi = y[o + i]!;
      if (yi === 0) continue;
      const gi = i * c;
      for (let j = i; j < c; j++) g[gi + j]! += yi * y[o + j]!;
    }
  }
  for (let i = 0; i < c; i++) for (let j = 0; j < i; j++) g[i * c + j] = g[j * c + i]!;
  return g;
}

/** Y W for Y (n x c) and W (c x d): n x d. */
export function denseTimes(y: Float64Array, n: number, c: number, w: Float64Array, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    const yr = r * c;
    for (let i = 0; i < c; i++) {
      const v = y[yr + i]!;
      if (v === 0) continue;
      const wi = i * d;
      for (let j = 0; j < d; j++) out[o + j]! += v * w[wi + j]!;
    }
  }
  return out;
}

/**
 * Eigenvalues and eigenvectors of a symmetric c x c matrix by cyclic Jacobi rotations (exact to rounding; fine
 * for the few hundred columns used here). Returns values in descending order and vectors as the columns of a
 * c x c row-major matrix in the same order.
 */
export function symmetricEigen(matrix: Float64Array, c: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(c * c);
  for (let i = 0; i < c; i++) v[i * c + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < c; i++) {
      diag += a[i * c + i]! * a[i * c + i]!;
      for (let j = i + 1; j < c; j++) off += a[i * c + j]! * a[i * c + j]!;
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < c; p++) {
      for (let q = p + 1; q < c; q++) {
        const apq = a[p * c + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * c + p]!;
        const aqq = a[q * c + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < c; k++) {
          const akp = a[k * c + p]!;
          const akq = a[k * c + q]!;
          a[k * c + p] = cs * akp - sn * akq;
          a[k * c + q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < c; k++) {
          const apk = a[p * c + k]!;
          const aqk = a[q * c + k]!;
          a[p * c + k] = cs * apk - sn * aqk;
          a[q * c + k] = sn * apk + cs * aqk;
        }
        for (let k = 0; k < c; k++) {
          const vkp = v[k * c + p]!;
          const vkq = v[k * c + q]!;
          v[k * c + p] = cs * vkp - sn * vkq;
          v[k * c + q] = sn * vkp + cs * vkq;
        }
      }
    }
  }
  const order = [...Array(c).keys()].sort((i, j) => a[j * c + j]! - a[i * c + i]! || i - j);
  const values = new Float64Array(c);
  const vectors = new Float64Array(c * c);
  order.forEach((src, dst) => {
    values[dst] = a[src * c + src]!;
    for (let k = 0; k < c; k++) vectors[k * c + dst] = v[k * c + src]!;
  });
  return { values, vectors };
}

/**
 * An orthonormal basis (n x r) of the column space of Y (n x c), through the eigenvectors of YᵀY (Cholesky-QR in
 * spirit, done twice for accuracy). Columns carrying nothing (rank deficiency: tiny corpora) are dropped.
 */
export function orthonormalColumns(y: Float64Array, n: number, c: number): { q: Float64Array; cols: number } {
  let q = y;
  let cols = c;
  for (let pass = 0; pass < 2; pass++) {
    const { values, vectors } = symmetricEigen(gram(q, n, cols), cols);
    const top = Math.max(values[0]!, 0);
    let keep = 0;
    while (keep < cols && values[keep]! > top * 1e-10 && values[keep]! > 1e-300) keep++;
    const w = new Float64Array(cols * keep);
    for (let i = 0; i < cols; i++) for (let j = 0; j < keep; j++) w[i * keep + j] = vectors[i * cols + j]! / Math.sqrt(values[j]!);
    q = denseTimes(q, n, cols, w, keep);
    cols = keep;
  }
  return { q, cols };
}

/**
 * The top-k right singular vectors of sparse A (randomized SVD, Halko, Martinsson and Tropp 2011: a random range
 * finder with `powerIterations` passes of AᵀA, then an exact SVD of the small projected problem).
 * Returns components as an n x k matrix (one row per column of A) and the singular values.
 */
export function truncatedSvd(
  a: SparseRows,
  k: number,
  opts: { oversample?: number; powerIterations?: number; seed?: number } = {},
): {
  components: Float64Array;
  singularValues: Float64Array;
  k: number;
} {
  const l = Math.min(k + (opts.oversample ?? 16), a.cols, a.rows);
  if (l <= 0) return { components: new Float64Array(0), singularValues: new Float64Array(0), k: 0 };
  const random = seededRandom(opts.seed ?? 42);
  let basis = orthonormalColumns(sparseTransposeTimesDense(a, sparseTimesDense(a, gaussianMatrix(a.cols, l, random), l), l), a.cols, l);
  for (let i = 0; i < (opts.powerIterations ?? 2); i++) {
    basis = orthonormalColumns(sparseTransposeTimesDense(a, sparseTimesDense(a, basis.q, basis.cols), basis.cols), a.cols, basis.cols);
  }
  const r = basis.cols;
  const b = sparseTimesDense(a, basis.q, r);
  const { values, vectors } = symmetricEigen(gram(b, a.rows, r), r);
  let kept = 0;
  while (kept < Math.min(k, r) && values[kept]! > values[0]! * 1e-12) kept++;
  const w = new Float64Array(r * kept);
  for (let i = 0; i < r; i++) for (let j = 0; j < kept; j++) w[i * kept + j] = vectors[i * r + j]!;
  const singularValues = new Float64Array(kept);
  for (let j = 0; j < kept; j++) singularValues[j] = Math.sqrt(Math.max(values[j]!, 0));
  return { components: denseTimes(basis.q, a.cols, r, w, kept), singularValues, k: kept };
}
