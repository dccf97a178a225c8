// For bench/for-you.ts: the site's For you ranking called through an in-memory stand-in for the search service
// (so the bench measures src/recommend/for-you.ts as it is), and a mirror of that ranking with switches (not the
// site's code) for the variants it measures next to it: the features (TF-IDF rows under the corpus model's
// vocabulary, or its 128-dimensional LSA vectors), the learning rate, and ranking by the model's score alone.
import { CorpusEmbeddingProvider } from '../src/embeddings/corpus-provider.ts';
import type { CorpusModel } from '../src/embeddings/corpus-model.ts';
import { forYouPicks, warmForYou } from '../src/recommend/for-you.ts';
import { TermRowCache } from '../src/recommend/term-rows.ts';
import type { IndexableText } from '../src/core/analyze.ts';
import { LIVE } from '../src/search/doc-table.ts';
import type { SearchService } from '../src/search/service.ts';

export interface StandIn {
  search: SearchService;
  termRows: TermRowCache;
}

/**
 * The search service surface forYouPicks reads (vectors by id, the corpus model as provider, a table of live
 * documents) over `texts`, and a feature row cache reading the same texts.
 */
export function searchStandIn(model: CorpusModel, vectors: Map<string, Float32Array>, texts: Map<string, IndexableText>): StandIn {
  const ids = [...texts.keys()];
  const docOf = new Map(ids.map((id, d) => [id, d]));
  const docs = {
    count: ids.length,
    ids,
    flags: new Uint8Array(ids.length).fill(LIVE),
    published: new Float64Array(ids.length),
    textHash: new Int32Array(ids.length),
    docOf: (id: string) => docOf.get(id),
  };
  const state = {
    modelId: 1,
    index: { dimensions: model.dimensions, vectorOf: (id: string) => vectors.get(id) },
    provider: new CorpusEmbeddingProvider(model),
  };
  const search = { semantic: () => state, keywordIndex: () => ({ docs }) } as unknown as SearchService;
  const termRows = new TermRowCache(
    async (wanted) => new Map(wanted.flatMap((id) => (texts.has(id) ? [[id, texts.get(id)!] as const] : []))),
  );
  return { search, termRows };
}

/** Computes every document's feature row ahead of the first user, as `serve` does (warmForYou). */
export async function warmStandIn(standIn: StandIn): Promise<void> {
  await warmForYou(standIn.search, standIn.termRows);
}

/** The site's picks (ids, best first) for a user who upvoted `liked`, among exactly `candidates`. */
export async function sitePicks(standIn: StandIn, liked: string[], candidates: ReadonlySet<string>, limit: number): Promise<string[]> {
  const r = await forYouPicks(standIn.search, { upvoted: liked, saved: [], seeds: [], topics: [], notInterested: [] }, limit, {
    among: candidates,
    termRows: standIn.termRows,
  });
  return r.status === 'ok' ? r.picks.map((p) => p.id) : [];
}

/** A paper's features: a sparse row (column ids and values); a dense vector is the row 0 .. d-1. */
export interface FeatureRow {
  cols: Uint32Array | Int32Array;
  vals: Float32Array;
}

/** A dense vector as a row. */
export function denseRow(v: Float32Array): FeatureRow {
  return { cols: Int32Array.from(v, (_, j) => j), vals: v };
}

// for-you.ts's and user-model.ts's private constants, repeated for the mirror.
const BACKGROUND = 400;
const NEAR = 0.5;
const EPOCHS = 60;
const L2 = 1e-3;

export interface MirrorOptions {
  /** user-model.ts has 4 (0.5 before commit 2d54153). */
  learningRate: number;
  /** Rank by sigmoid(score) + cosine to the nearest liked paper (for-you.ts until it ranked by score alone); off: by score, as now. Both keep papers with score > 0 or that cosine >= NEAR. */
  closeness: boolean;
}

/** user-model.ts's training (full-batch gradient descent on weighted logistic loss + L2), learning rate as a parameter. */
function trainLogistic(
  examples: { row: FeatureRow; label: 1 | 0; weight: number }[],
  dimensions: number,
  learningRate: number,
): (row: FeatureRow) => number {
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
 * forYouPicks for upvoted papers only, over `rows` (TF-IDF rows, or LSA vectors as rows): the liked papers against
 * every n/400-th candidate (sorted by id) weighing as much in all, then ranked; ids best first. Closeness is
 * always the LSA vectors' cosine, as in the site.
 */
export function mirrorPicks(
  liked: string[],
  candidatesById: string[],
  rows: Map<string, FeatureRow>,
  dimensions: number,
  vectors: Map<string, Float32Array>,
  limit: number,
  opts: MirrorOptions,
): string[] {
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
      const v = vectors.get(id)!;
      const sim = Math.max(...likedVectors.map((l) => cosine(l, v)));
      return { id, s, sim, rank: opts.closeness ? 1 / (1 + Math.exp(-s)) + sim : s };
    })
    .filter((x) => x.s > 0 || x.sim >= NEAR)
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.id);
}
