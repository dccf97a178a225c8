// Score fusion of keyword and semantic search: every candidate either list found gets both scores (its BM25, 0
// when keyword search did not find it; its cosine to the query, computed for keyword-only hits too), each
// standardised over the candidates (z-scores: BM25 and cosine live on incomparable scales, and a z-score says how
// far a paper stands out from this query's other candidates), and the two are mixed by a weight.
//
// Reciprocal rank fusion, used before, adds a list's noise at full strength whatever its scores say: on NPL and CACM
// (bench/search-quality.ts) it lost 13-14% nDCG@10 to keyword search alone. Scores let a clear keyword winner stay
// first, and the weights are calibrated (bench/search-fusion.ts), not guessed; with keyword weight 1 the fusion is
// exactly keyword search, with 0 exactly semantic search, so a calibration can always fall back to the better one.

export interface RankedId {
  id: string;
  score: number;
}

export interface FusionParams {
  /** Keyword's weight when ordering the results (1: keyword order, 0: meaning order). */
  pageWeight: number;
  /**
   * How far keyword's page weight rises toward 1 when the two lists disagree: the share of semantic's first ten
   * that keyword's first ten lack, times this. Where meaning and words disagree, words have been right more often.
   */
  disagreementLean: number;
  /** Keyword's weight when choosing which candidates make the first `depth` (what a reader can page through). */
  depthWeight: number;
}

export interface FusedHit extends RankedId {
  /** The paper was among keyword search's hits; false: only its meaning matched. */
  byWords: boolean;
}

/** How many of `a`'s first ten `b`'s first ten lack, as a share. */
function disagreement(a: RankedId[], b: RankedId[]): number {
  const top = new Set(b.slice(0, 10).map((h) => h.id));
  const head = a.slice(0, 10);
  return head.length === 0 ? 0 : head.filter((h) => !top.has(h.id)).length / head.length;
}

function standardise(xs: Float64Array): Float64Array {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length || 1;
  let variance = 0;
  for (const x of xs) variance += (x - mean) ** 2;
  const sd = Math.sqrt(variance / (xs.length || 1)) || 1;
  return xs.map((x) => (x - mean) / sd);
}

/**
 * Fuses `keyword` and `semantic` (each best first). `cosineOf` gives the query's cosine with a paper keyword search
 * found (undefined: no vector). Returns every candidate: the first `depth` chosen by the depth weight and ordered
 * by the page weight, the rest after them. Ties break by keyword rank, then cosine, then id, so weight 1
 * reproduces keyword search's order exactly (and orders what only meaning found by meaning after it).
 */
export function fuseScores(
  keyword: RankedId[],
  semantic: RankedId[],
  cosineOf: (id: string) => number | undefined,
  params: FusionParams,
  depth: number,
): FusedHit[] {
  const ids: string[] = [];
  const keywordRank = new Map<string, number>();
  keyword.forEach((h, i) => {
    keywordRank.set(h.id, i);
    ids.push(h.id);
  });
  const semanticScore = new Map(semantic.map((h) => [h.id, h.score]));
  for (const h of semantic) if (!keywordRank.has(h.id)) ids.push(h.id);
  // A keyword hit without a vector counts as the least similar candidate, not as cosine 0 (which may be far lower).
  const floor = semantic.length > 0 ? semantic[semantic.length - 1]!.score : 0;
  const words = standardise(Float64Array.from(ids, (id) => keyword[keywordRank.get(id) ?? -1]?.score ?? 0));
  const meaning = standardise(Float64Array.from(ids, (id) => semanticScore.get(id) ?? cosineOf(id) ?? floor));
  const lean = params.disagreementLean * disagreement(semantic, keyword);
  const pageWeight = params.pageWeight + (1 - params.pageWeight) * lean;
  const order = (w: number): number[] => {
    const score = Float64Array.from(ids, (_, i) => w * words[i]! + (1 - w) * meaning[i]!);
    const rank = (i: number) => keywordRank.get(ids[i]!) ?? keyword.length;
    return [...ids.keys()].sort(
      (a, b) =>
        score[b]! - score[a]! || rank(a) - rank(b) || meaning[b]! - meaning[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
    );
  };
  const page = order(pageWeight);
  const byDepth = params.depthWeight === pageWeight ? page : order(params.depthWeight);
  const chosen = new Set(byDepth.slice(0, depth));
  const ranked = [...page.filter((i) => chosen.has(i)), ...byDepth.slice(depth)];
  return ranked.map((i) => ({
    id: ids[i]!,
    score: pageWeight * words[i]! + (1 - pageWeight) * meaning[i]!,
    byWords: keywordRank.has(ids[i]!),
  }));
}
