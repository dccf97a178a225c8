// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): merges ranked lists from different engines (keyword
// and semantic) by rank alone, so scores on incomparable scales never need calibrating. A document's fused score
// is the sum over lists of weight / (k + rank); k = 60 is the paper's constant, which damps the top ranks' lead.

export interface RankedId {
  id: string;
  score: number;
}

/** The paper's constant: how much a first place outweighs a tenth. */
export const RRF_K = 60;

/** Returns the union of `lists` (each best first) ordered by fused score, ties by id; `weights` default to 1. */
export function reciprocalRankFusion(lists: RankedId[][], opts: { k?: number; weights?: number[] } = {}): RankedId[] {
  const k = opts.k ?? RRF_K;
  const fused = new Map<string, number>();
  lists.forEach((list, i) => {
    const w = opts.weights?.[i] ?? 1;
    list.forEach((hit, rank) => {
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + w / (k + rank + 1));
    });
  });
  return [...fused].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
