// For bench/for-you.ts: the site's For you ranking (src/recommend/for-you.ts, as it is) called through an in-memory
// stand-in for the search service, and the variants it measures next to it: the same code with feature rows of
// other weights (paper-features.ts's FeatureWeights), to show what each kind of feature brings.
import { CorpusEmbeddingProvider } from '../src/embeddings/corpus-provider.ts';
import type { CorpusModel } from '../src/embeddings/corpus-model.ts';
import type { IndexableText } from '../src/core/analyze.ts';
import { FeatureRowCache } from '../src/recommend/feature-rows.ts';
import { forYouPicks, warmForYou } from '../src/recommend/for-you.ts';
import type { FeatureVocabulary, FeatureWeights } from '../src/recommend/paper-features.ts';
import { LIVE } from '../src/search/doc-table.ts';
import type { SearchService } from '../src/search/service.ts';

export interface StandIn {
  search: SearchService;
  /** Feature rows with the site's weights, or with `weights`. */
  featureRows(weights?: FeatureWeights): FeatureRowCache;
}

/**
 * The search service surface forYouPicks reads (vectors by id, the corpus model as provider, a table of live
 * documents with `vocabulary`'s terms) over `texts`, and feature row caches reading the same texts.
 */
export function searchStandIn(
  model: CorpusModel,
  vectors: Map<string, Float32Array>,
  texts: Map<string, IndexableText>,
  vocabulary: FeatureVocabulary,
): StandIn {
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
  const index = { docs, termId: vocabulary.termId, termText: vocabulary.termText, liveDf: vocabulary.liveDf, size: vocabulary.size };
  const search = { semantic: () => state, keywordIndex: () => index } as unknown as SearchService;
  const read = async (wanted: string[]) => new Map(wanted.flatMap((id) => (texts.has(id) ? [[id, texts.get(id)!] as const] : [])));
  const site = new FeatureRowCache(read);
  const others = new Map<string, FeatureRowCache>();
  return {
    search,
    featureRows(weights) {
      if (!weights) return site;
      const key = JSON.stringify(weights);
      let c = others.get(key);
      if (!c) others.set(key, (c = new FeatureRowCache(read, weights)));
      return c;
    },
  };
}

/** Computes every document's feature row ahead of the first user, as `serve` does (warmForYou). */
export async function warmStandIn(standIn: StandIn, weights?: FeatureWeights): Promise<void> {
  await warmForYou(standIn.search, standIn.featureRows(weights));
}

/** The site's picks (ids, best first) for a user who upvoted `liked`, among exactly `candidates`. */
export async function sitePicks(
  standIn: StandIn,
  liked: string[],
  candidates: ReadonlySet<string>,
  limit: number,
  weights?: FeatureWeights,
): Promise<{ ids: string[]; terms: string[][] }> {
  const r = await forYouPicks(standIn.search, { upvoted: liked, saved: [], seeds: [], topics: [], notInterested: [] }, limit, {
    among: candidates,
    featureRows: standIn.featureRows(weights),
  });
  return r.status === 'ok' ? { ids: r.picks.map((p) => p.id), terms: r.picks.map((p) => p.terms) } : { ids: [], terms: [] };
}
