// For bench/for-you.ts: the site's For you ranking called through an in-memory stand-in for the search service
// (so the bench measures src/recommend/for-you.ts as it is), and a mirror of that ranking with switches for the
// candidate changes it measures next to it (not the site's code): the learning rate, ranking by the model's score
// alone, and the model over the papers' sparse TF-IDF rows (CorpusModel.keyTerms: the terms the corpus model is
// built from, before the SVD) instead of their 128-dimensional LSA vectors.
import type { SearchService } from '../src/search/service.ts';
import { LIVE } from '../src/search/doc-table.ts';
import { forYouPicks } from '../src/recommend/for-you.ts';

/** The search service surface forYouPicks reads: vectors by id and a table of live documents. */
export function searchStandIn(vectors: Map<string, Float32Array>, dimensions: number, docIds: string[]): SearchService {
  const docs = { count: docIds.length, ids: docIds, flags: new Uint8Array(docIds.length).fill(LIVE), published: new Float64Array(docIds.length) };
  const state = { modelId: 1, index: { dimensions, vectorOf: (id: string) => vectors.get(id) }, provider: { embedQuery: async () => new Float32Array(dimensions) } };
  return { semantic: () => state, keywordIndex: () => ({ docs }) } as unknown as SearchService;
}

/** The site's picks (ids, best first) for a user who upvoted `liked`, among exactly `candidates`. */
export async function sitePicks(search: SearchService, liked: string[], candidates: ReadonlySet<string>, limit: number): Promise<string[]> {
  const r = await forYouPicks(search, { upvoted: liked, saved: [], seeds: [], topics: [], notInterested: [] }, limit, { among: candidates });
  return r.status === 'ok' ? r.picks.map((p) => p.id) : [];
}

/** A paper's features: a sparse row (column ids and values); a dense vector is the row 0 .. d-1. */
export interface FeatureRow {
  cols: Int32Array;
  vals: Float32Array;
}

/** A dense vector as a row. */
export function denseRow(v: Float32Array): FeatureRow {
  return { cols: Int32Array.from(v, (_, j) => j), vals: v };
}

/** Sparse rows from term -> weight maps, with a shared term dictionary; returns the rows and the vocabulary size. */
export function sparseRows<K>(maps: Map<K, Map<string, number>>): { rows: Map<K, FeatureRow>; dimensions: number } {
  const ids = new Map<string, number>();
  const rows = new Map<K, FeatureRow>();
  for (const [key, m] of maps) {
    const cols = new Int32Array(m.size);
    const vals = new Float32Array(m.size);
    let k = 0;
    for (const [t, v] of m) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      cols[k] = id;
      vals[k++] = v;
    }
    rows.set(key, { cols, vals });
  }
  return { rows, dimensions: ids.size };
}

// for-you.ts's and user-model.ts's private constants, repeated for the mirror.
const BACKGROUND = 400;
const NEAR = 0.5;
const EPOCHS = 60;
const L2 = 1e-3;

export interface MirrorOptions {
  /** user-model.ts has 0.5. */
  learningRate: number;
  /** for-you.ts: rank by sigmoid(score) + cosine to the nearest liked paper, keeping papers with score > 0 or that cosine >= NEAR. Off: by score. */
  closeness: boolean;
}

/** user-model.ts's training (full-batch gradient descent on weighted logistic loss + L2) over rows, learning rate as a parameter. */
function trainLogistic(examples: { row: FeatureRow; label: 1 | 0; weight: number }[], dimensions: number, learningRate: number): (row: FeatureRow) => number {
  const w = new Float64Array(dimensions);
  const grad = new Float64Array(dimensions);
  let b = 0;
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const z = (r: FeatureRow) => {
    let s = b;
    for (let k = 0; k < r.cols.length; k++) s += w[r.cols[k]!]! * r.vals[k]!;
    return s;
  };
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    grad.fill(0);
    let gb = 0;
    for (const e of examples) {
      const g = (1 / (1 + Math.exp(-z(e.row))) - e.label) * e.weight;
      for (let k = 0; k < e.row.cols.length; k++) grad[e.row.cols[k]!]! += g * e.row.vals[k]!;
      gb += g;
    }
    for (let j = 0; j < dimensions; j++) w[j]! -= learningRate * (grad[j]! / totalWeight + L2 * w[j]!);
    b -= (learningRate * gb) / totalWeight;
  }
  return z;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/**
 * forYouPicks for upvoted papers only, over `rows` (LSA vectors as rows, or TF-IDF rows): the liked papers against
 * every n/400-th candidate (sorted by id) weighing as much in all, then ranked; ids best first.
 */
export function mirrorPicks(liked: string[], candidatesById: string[], rows: Map<string, FeatureRow>, dimensions: number, vectors: Map<string, Float32Array>, limit: number, opts: MirrorOptions): string[] {
  const examples: { row: FeatureRow; label: 1 | 0; weight: number }[] = liked.map((id) => ({ row: rows.get(id)!, label: 1, weight: 1 }));
  const step = Math.max(1, Math.floor(candidatesById.length / BACKGROUND));
  const background: string[] = [];
  for (let i = 0; i < candidatesById.length; i += step) background.push(candidatesById[i]!);
  for (const id of background) examples.push({ row: rows.get(id)!, label: 0, weight: liked.length / background.length });
  const z = trainLogistic(examples, dimensions, opts.learningRate);
  const likedVectors = liked.map((id) => vectors.get(id)!);
  return candidatesById
    .map((id) => {
      const s = z(rows.get(id)!);
      if (!opts.closeness) return { id, s, sim: 0, rank: s };
      const v = vectors.get(id)!;
      const sim = Math.max(...likedVectors.map((l) => cosine(l, v)));
      return { id, s, sim, rank: 1 / (1 + Math.exp(-s)) + sim };
    })
    .filter((x) => !opts.closeness || x.s > 0 || x.sim >= NEAR)
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.id);
}
