// A user's taste as a linear model over paper vectors. arxiv-sanity trains a linear SVM per user on TF-IDF rows
// of the whole corpus at every visit; here the same idea runs on the papers' 128-dimensional embeddings (which
// already place related words together), with L2-regularised logistic regression trained on the user's own
// examples against a sample of other recent papers: a few hundred examples, about a millisecond, so it is trained
// fresh on each visit and never goes stale, and the corpus is never retrained for it.
//
// Positives: upvoted, saved and seed papers, and typed topics (embedded like queries). Negatives: papers marked
// "not interested" (weighted up: an explicit no) and the background sample (weighted down: merely not chosen).

export interface Example {
  vector: Float32Array;
  label: 1 | 0;
  weight: number;
}

export interface LinearModel {
  w: Float64Array;
  b: number;
}

const EPOCHS = 60;
const LEARNING_RATE = 0.5;
const L2 = 1e-3;

/** Trains the model by full-batch gradient descent (deterministic: same examples, same model). */
export function trainUserModel(examples: Example[], dimensions: number): LinearModel {
  const w = new Float64Array(dimensions);
  let b = 0;
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const grad = new Float64Array(dimensions);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    grad.fill(0);
    let gb = 0;
    for (const e of examples) {
      let z = b;
      for (let j = 0; j < dimensions; j++) z += w[j]! * e.vector[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - e.label) * e.weight;
      for (let j = 0; j < dimensions; j++) grad[j]! += g * e.vector[j]!;
      gb += g;
    }
    for (let j = 0; j < dimensions; j++) w[j]! -= LEARNING_RATE * (grad[j]! / totalWeight + L2 * w[j]!);
    b -= (LEARNING_RATE * gb) / totalWeight;
  }
  return { w, b };
}

export function score(model: LinearModel, v: Float32Array): number {
  let z = model.b;
  for (let j = 0; j < v.length; j++) z += model.w[j]! * v[j]!;
  return z;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
