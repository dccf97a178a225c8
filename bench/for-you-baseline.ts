// arxiv-sanity-lite's recommender, re-implemented for bench/for-you.ts: compute.py's TF-IDF (sklearn's
// TfidfVectorizer with its settings) over every paper, and serve.py's svm_rank: per user a LinearSVC
// (L2-regularised squared hinge, liblinear's dual coordinate descent, class_weight='balanced', intercept as a
// regularised constant feature) trained on the user's tagged papers against ALL other papers, ranking by the
// decision function.
import { STOPWORDS } from '../src/search/stopwords.ts';

/** compute.py's defaults (arxiv-sanity-lite master): 20,000 features, min_df 5, max_df 0.1, uni+bigrams. */
export const TFIDF_OPTIONS = { maxFeatures: 20_000, minDf: 5, maxDf: 0.1 };
/** serve.py: LinearSVC(class_weight='balanced', max_iter=10000, tol=1e-6, C=0.01). */
export const SVM_OPTIONS = { C: 0.01, tol: 1e-6, maxIter: 10_000 };

export interface TfidfMatrix {
  rows: number;
  features: number;
  rowStart: Uint32Array;
  colIndex: Uint32Array;
  values: Float32Array;
}

// sklearn: strip_accents='unicode', lowercase=True, token_pattern=r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b'.
const TOKEN = /\b[a-zA-Z_][a-zA-Z0-9_]+\b/g;

function tokens(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  // Stopwords go before bigrams are formed, as in sklearn (stop_words='english'; here the site's list, see below).
  return (folded.match(TOKEN) ?? []).filter((t) => !STOPWORDS.has(t));
}

const BIGRAM_BASE = 2 ** 21;

/**
 * TF-IDF rows of `texts` as compute.py builds them: unigrams and bigrams, df in [minDf, maxDf * n], the
 * `maxFeatures` most frequent (corpus term frequency, as sklearn's max_features), smooth idf, sublinear tf, l2 rows.
 */
export function tfidfMatrix(texts: Iterable<string>, opts = TFIDF_OPTIONS): TfidfMatrix {
  const words = new Map<string, number>();
  const docs: Int32Array[] = [];
  // One slot per distinct n-gram key (a unigram id, or (a + 1) * 2^21 + b for the bigram a b).
  const slotOf = new Map<number, number>();
  let tf = new Float64Array(1 << 20);
  let df = new Uint32Array(1 << 20);
  let lastDoc = new Int32Array(1 << 20).fill(-1);
  const count = (key: number, d: number) => {
    let s = slotOf.get(key);
    if (s === undefined) {
      s = slotOf.size;
      slotOf.set(key, s);
      if (s >= tf.length) {
        const grow = <T extends Float64Array | Uint32Array | Int32Array>(a: T, fill = 0): T => {
          const b = new (a.constructor as new (n: number) => T)(a.length * 2);
          b.set(a);
          if (fill) b.fill(fill, a.length);
          return b;
        };
        tf = grow(tf);
        df = grow(df);
        lastDoc = grow(lastDoc, -1);
      }
    }
    tf[s]! += 1;
    if (lastDoc[s] !== d) {
      lastDoc[s] = d;
      df[s]! += 1;
    }
  };
  for (const text of texts) {
    const d = docs.length;
    const ids = Int32Array.from(tokens(text), (t) => {
      let id = words.get(t);
      if (id === undefined) words.set(t, (id = words.size));
      return id;
    });
    if (words.size >= BIGRAM_BASE) throw new Error('too many distinct words for the bigram key');
    docs.push(ids);
    for (let i = 0; i < ids.length; i++) {
      count(ids[i]!, d);
      if (i > 0) count((ids[i - 1]! + 1) * BIGRAM_BASE + ids[i]!, d);
    }
  }
  const n = docs.length;
  const maxDocs = opts.maxDf * n;
  const kept: { key: number; tf: number; df: number }[] = [];
  for (const [key, s] of slotOf) if (df[s]! >= opts.minDf && df[s]! <= maxDocs) kept.push({ key, tf: tf[s]!, df: df[s]! });
  kept.sort((a, b) => b.tf - a.tf || a.key - b.key);
  const features = kept.slice(0, opts.maxFeatures);
  const column = new Map(features.map((f, i) => [f.key, i]));
  const idf = Float64Array.from(features, (f) => Math.log((1 + n) / (1 + f.df)) + 1);

  const rowStart = new Uint32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const counts = new Map<number, number>();
  docs.forEach((ids, d) => {
    counts.clear();
    const add = (key: number) => {
      const c = column.get(key);
      if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
    };
    for (let i = 0; i < ids.length; i++) {
      add(ids[i]!);
      if (i > 0) add((ids[i - 1]! + 1) * BIGRAM_BASE + ids[i]!);
    }
    let norm = 0;
    const start = cols.length;
    for (const [c, k] of [...counts].sort((a, b) => a[0] - b[0])) {
      const v = (1 + Math.log(k)) * idf[c]!;
      cols.push(c);
      vals.push(v);
      norm += v * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = start; j < vals.length; j++) vals[j]! *= inv;
    rowStart[d + 1] = cols.length;
  });
  return { rows: n, features: features.length, rowStart, colIndex: Uint32Array.from(cols), values: Float32Array.from(vals) };
}

export interface SvmModel {
  /** features + 1 weights; the last is the intercept (liblinear's bias feature, intercept_scaling = 1). */
  w: Float64Array;
  iterations: number;
}

/**
 * LinearSVC's fit: liblinear's solve_l2r_l1l2_svc for the squared hinge (dual coordinate descent with shrinking),
 * C_i = C * n / (2 * n_class) (class_weight='balanced'), rows `positive` labelled +1 and every other row -1.
 */
export function trainLinearSvc(x: TfidfMatrix, positive: Set<number>, random: () => number, opts = SVM_OPTIONS): SvmModel {
  const n = x.rows;
  const nPos = positive.size;
  const cPos = (opts.C * n) / (2 * nPos);
  const cNeg = (opts.C * n) / (2 * (n - nPos));
  const bias = x.features;
  const w = new Float64Array(x.features + 1);
  const alpha = new Float64Array(n);
  const y = new Int8Array(n).fill(-1);
  for (const i of positive) y[i] = 1;
  const diag = (i: number) => 0.5 / (y[i] === 1 ? cPos : cNeg);
  const qd = new Float64Array(n);
  const { rowStart, colIndex, values } = x;
  for (let i = 0; i < n; i++) {
    let s = 1; // the bias feature
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) s += values[k]! * values[k]!;
    qd[i] = s + diag(i);
  }
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let active = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  while (iter < opts.maxIter) {
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + Math.floor(random() * (active - s));
      const t = index[s]!;
      index[s] = index[j]!;
      index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const yi = y[i]!;
      let dot = w[bias]!;
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) dot += w[colIndex[k]!]! * values[k]!;
      const g = yi * dot - 1 + alpha[i]! * diag(i);
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        alpha[i] = Math.max(old - g / qd[i]!, 0);
        const d = (alpha[i]! - old) * yi;
        for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) w[colIndex[k]!]! += d * values[k]!;
        w[bias]! += d;
      }
    }
    iter++;
    if (pgMaxNew - pgMinNew <= opts.tol) {
      if (active === n) break;
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
    pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
  }
  return { w, iterations: iter };
}

/** The SVM's decision function for every row (serve.py scores every paper, then filters by time). */
export function decisionFunction(x: TfidfMatrix, model: SvmModel): Float64Array {
  const out = new Float64Array(x.rows);
  const { w } = model;
  const bias = w[x.features]!;
  for (let i = 0; i < x.rows; i++) {
    let s = bias;
    for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) s += w[x.colIndex[k]!]! * x.values[k]!;
    out[i] = s;
  }
  return out;
}
