// A user's taste as a linear model. arxiv-sanity trains a linear SVM per user on TF-IDF rows of the whole corpus at
// every visit; here L2-regularised logistic regression is trained on the user's own examples against a sample of
// other recent papers: a few hundred examples, tens of milliseconds, so it is trained fresh on each visit and never
// goes stale, and the corpus is never retrained for it. The rows are paper-features.ts's (words, title pairs,
// categories, authors), sparse over a column space far larger than any one user's examples touch.

/** A paper's features: a sparse row (column ids and values); a dense vector is the row over columns 0 .. d-1. */
export interface FeatureRow {
  cols: Uint32Array | Int32Array;
  vals: Float32Array;
}

export interface Example {
  row: FeatureRow;
  label: 1 | 0;
  weight: number;
}

export interface LinearModel {
  /** Weight of each column the examples use (the others are zero). */
  w: Map<number, number>;
  b: number;
}

const EPOCHS = 60;
// Full-batch gradient descent on unit-length rows converges slowly at small steps: 0.5 left the model undertrained
// (precision@10 0.59 against arxiv-sanity's 0.72 on bench/for-you.ts); 4 reaches it within the 60 epochs.
const LEARNING_RATE = 4;
const L2 = 1e-3;

export function denseRow(v: Float32Array): FeatureRow {
  return { cols: Uint32Array.from({ length: v.length }, (_, j) => j), vals: v };
}

export function score(model: LinearModel, r: FeatureRow): number {
  let z = model.b;
  for (let k = 0; k < r.cols.length; k++) z += (model.w.get(r.cols[k]!) ?? 0) * r.vals[k]!;
  return z;
}

/** Trains the model by full-batch gradient descent (deterministic: same examples, same model). */
export function trainUserModel(examples: Example[]): LinearModel {
  // Only columns some example uses ever move (the L2 pull on the others stays at zero): they are numbered densely
  // here, so training touches arrays of the columns in use, not of every column there is.
  const local = new Map<number, number>();
  const rows = examples.map((e) => {
    const cols = new Uint32Array(e.row.cols.length);
    for (let k = 0; k < cols.length; k++) {
      const c = e.row.cols[k]!;
      let j = local.get(c);
      if (j === undefined) local.set(c, (j = local.size));
      cols[k] = j;
    }
    return cols;
  });
  const w = new Float64Array(local.size);
  const grad = new Float64Array(local.size);
  let b = 0;
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0) || 1;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    grad.fill(0);
    let gb = 0;
    examples.forEach((e, i) => {
      const cols = rows[i]!;
      let z = b;
      for (let k = 0; k < cols.length; k++) z += w[cols[k]!]! * e.row.vals[k]!;
      const g = (1 / (1 + Math.exp(-z)) - e.label) * e.weight;
      for (let k = 0; k < cols.length; k++) grad[cols[k]!]! += g * e.row.vals[k]!;
      gb += g;
    });
    for (let j = 0; j < w.length; j++) w[j]! -= LEARNING_RATE * (grad[j]! / totalWeight + L2 * w[j]!);
    b -= (LEARNING_RATE * gb) / totalWeight;
  }
  const weights = new Map<number, number>();
  for (const [c, j] of local) weights.set(c, w[j]!);
  return { w: weights, b };
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
