// arxiv-sanity-lite's recommender, re-implemented for bench/for-you.ts: compute.py's TF-IDF (sklearn's
// TfidfVectorizer with its settings) over every paper, and serve.py's svm_rank: per user a LinearSVC
// (L2-regularised squared hinge, liblinear's dual coordinate descent, class_weight='balanced', intercept as a
// regularised constant feature) trained on the user's tagged papers against ALL other papers, ranking by the
// decision function.
import { STOPWORDS } from '../src/core/stopwords.ts';

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
  // eslint-disable-next-line no-control-regex
  const folded = (/[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text).toLowerCase();
  // Stopwords go before bigrams are formed, as in sklearn (stop_words='english'; here the site's list, see below).
  return (folded.match(TOKEN) ?? []).filter((t) => !STOPWORDS.has(t));
}

/**
 * Term and document frequencies of bigrams (word ids a, b), in one open-addressing table of 4-int slots
 * (a, b, tf, df): ten million keys in a JS Map, or in one typed array per field, spend their time waiting on memory.
 */
class BigramCounts {
  size = 0;
  slots = new Int32Array(4 << 22).fill(-1);

  #slot(a: number, b: number): number {
    const mask = (this.slots.length >> 2) - 1;
    let h = Math.imul(a + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
    h = (h ^ (h >>> 15)) & mask;
    while (this.slots[h << 2] !== -1 && (this.slots[h << 2] !== a || this.slots[(h << 2) + 1] !== b)) h = (h + 1) & mask;
    return h << 2;
  }

  /** The offset of (a, b)'s slot, or -1 when it was never counted. */
  find(a: number, b: number): number {
    const o = this.#slot(a, b);
    return this.slots[o] === -1 ? -1 : o;
  }

  /** Adds `tf` occurrences in one more document. */
  add(a: number, b: number, tf: number): void {
    let o = this.#slot(a, b);
    if (this.slots[o] === -1) {
      if (2 * (this.size + 1) > this.slots.length >> 2) {
        this.#grow();
        o = this.#slot(a, b);
      }
      this.slots[o] = a;
      this.slots[o + 1] = b;
      this.size++;
    }
    this.slots[o + 2]! += tf;
    this.slots[o + 3]! += 1;
  }

  #grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (let i = 0; i < old.length; i += 4) {
      if (old[i] === -1) continue;
      const o = this.#slot(old[i]!, old[i + 1]!);
      this.slots.set(old.subarray(i, i + 4), o);
    }
  }
}

const BIGRAM_BASE = 2 ** 21;

/**
 * TF-IDF rows of `texts` as compute.py builds them: unigrams and bigrams, df in [minDf, maxDf * n], the
 * `maxFeatures` most frequent (corpus term frequency, as sklearn's max_features), smooth idf, sublinear tf, l2 rows.
 */
export function tfidfMatrix(texts: Iterable<string>, opts = TFIDF_OPTIONS): TfidfMatrix {
  const words = new Map<string, number>();
  let wordTf = new Float64Array(1 << 18);
  let wordDf = new Uint32Array(1 << 18);
  const docs: Int32Array[] = [];
  const bigrams = new BigramCounts();
  const inDoc = new Map<number, number>();
  for (const text of texts) {
    const terms = tokens(text);
    const ids = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      let id = words.get(terms[i]!);
      if (id === undefined) words.set(terms[i]!, (id = words.size));
      ids[i] = id;
    }
    if (words.size > wordTf.length) {
      const tf = new Float64Array(wordTf.length * 2);
      const df = new Uint32Array(wordTf.length * 2);
      tf.set(wordTf);
      df.set(wordDf);
      [wordTf, wordDf] = [tf, df];
    }
    if (words.size >= BIGRAM_BASE) throw new Error('too many distinct words for the bigram key');
    docs.push(ids);
    inDoc.clear();
    for (let i = 0; i < ids.length; i++) {
      const k = -1 - ids[i]!; // unigrams as negative keys, bigrams as a * 2^21 + b
      inDoc.set(k, (inDoc.get(k) ?? 0) + 1);
      if (i > 0) {
        const kb = ids[i - 1]! * BIGRAM_BASE + ids[i]!;
        inDoc.set(kb, (inDoc.get(kb) ?? 0) + 1);
      }
    }
    for (const [k, tf] of inDoc) {
      if (k < 0) {
        wordTf[-1 - k]! += tf;
        wordDf[-1 - k]! += 1;
      } else bigrams.add(Math.floor(k / BIGRAM_BASE), k % BIGRAM_BASE, tf);
    }
  }
  const n = docs.length;
  const maxDocs = opts.maxDf * n;
  // Candidate features as (a, b, tf, df); a = -1 for the unigram b.
  const kept: [number, number, number, number][] = [];
  for (let w = 0; w < words.size; w++) if (wordDf[w]! >= opts.minDf && wordDf[w]! <= maxDocs) kept.push([-1, w, wordTf[w]!, wordDf[w]!]);
  const s = bigrams.slots;
  for (let o = 0; o < s.length; o += 4)
    if (s[o] !== -1 && s[o + 3]! >= opts.minDf && s[o + 3]! <= maxDocs) kept.push([s[o]!, s[o + 1]!, s[o + 2]!, s[o + 3]!]);
  kept.sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  const features = kept.slice(0, opts.maxFeatures);
  const wordColumn = new Int32Array(words.size).fill(-1);
  const bigramColumn = new Map<number, number>();
  features.forEach(([a, b], c) => {
    if (a < 0) wordColumn[b] = c;
    else bigramColumn.set(a * BIGRAM_BASE + b, c);
  });
  const idf = Float64Array.from(features, (f) => Math.log((1 + n) / (1 + f[3])) + 1);

  const rowStart = new Uint32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const counts = new Map<number, number>();
  docs.forEach((ids, d) => {
    counts.clear();
    const add = (c: number | undefined) => {
      if (c !== undefined && c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    };
    for (let i = 0; i < ids.length; i++) {
      add(wordColumn[ids[i]!]);
      if (i > 0) add(bigramColumn.get(ids[i - 1]! * BIGRAM_BASE + ids[i]!));
    }
    let norm = 0;
    const start = cols.length;
    for (const [c, k] of [...counts].sort((x, y) => x[0] - y[0])) {
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
  let _pgMinOld = -Infinity;
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
      _pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
    _pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
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
