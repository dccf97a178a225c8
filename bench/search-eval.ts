// What the search-quality benchmarks share: the measures (nDCG@k with graded gains, recall@k) and the site's own
// engines (keyword, semantic, hybrid) over a judged collection, in memory, with no database.
import { CorpusModel, type CorpusModelOptions, DEFAULT_CORPUS_OPTIONS } from '../src/embeddings/corpus-model.ts';
import { CorpusEmbeddingProvider } from '../src/embeddings/corpus-provider.ts';
import { VectorIndex } from '../src/embeddings/vector-index.ts';
import type { SemanticState } from '../src/embeddings/vector-sync.ts';
import { KeywordSearchEngine, type SearchEngine } from '../src/search/engine.ts';
import type { FusionParams } from '../src/search/fusion.ts';
import { HybridSearchEngine } from '../src/search/hybrid-engine.ts';
import { KeywordIndex } from '../src/search/keyword-index.ts';
import type { RelevanceCollection } from './relevance-collections.ts';

/** nDCG@k with the collection's graded gains (2^gain - 1 would overweight Cranfield's 4 grades; linear gains). */
export function ndcgAt(ranked: string[], judged: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += (judged.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(ranked: string[], judged: Map<string, number>, k: number): number {
  const found = ranked.slice(0, k).filter((id) => judged.has(id)).length;
  return judged.size > 0 ? found / judged.size : 0;
}

/** The site's keyword index and engine over the collection: title and text as a paper's title and abstract. */
export function keywordEngine(c: Pick<RelevanceCollection, 'docs'>): { index: KeywordIndex; engine: KeywordSearchEngine } {
  const index = new KeywordIndex();
  for (const d of c.docs) {
    index.upsert({
      id: d.id,
      title: d.title,
      abstract: d.text,
      authors: d.authors,
      categories: [],
      publishedMs: null,
      dailyDay: null,
      upvotes: 0,
      hidden: false,
      hasCode: false,
      modifiedUs: 0,
    });
  }
  index.compact();
  const byId = new Map(c.docs.map((d) => [d.id, d]));
  const engine = new KeywordSearchEngine(
    () => index,
    async (ids) =>
      new Map(
        ids.flatMap((id) =>
          byId.has(id)
            ? [[id, { title: byId.get(id)!.title, abstract: byId.get(id)!.text, authors: byId.get(id)!.authors, categories: [] }] as const]
            : [],
        ),
      ),
  );
  return { index, engine };
}

/** The corpus model (default: LSA and pair training, 128 dimensions, terms in 2+ documents) fitted on the collection, every doc's vector. */
export function collectionSemantics(
  c: Pick<RelevanceCollection, 'docs'>,
  options: CorpusModelOptions = DEFAULT_CORPUS_OPTIONS,
): { state: SemanticState; buildMs: number; vocabulary: number } {
  const started = performance.now();
  const texts = c.docs.map((d) => ({ title: d.title, abstract: d.text, authors: d.authors, categories: [] }));
  const model = CorpusModel.fit(texts, { ...options, dimensions: 128, minDocumentFrequency: 2 });
  const vectors = new VectorIndex(model.dimensions);
  vectors.upsertMany(c.docs.map((d, i) => ({ id: d.id, vector: model.embedPaper(texts[i]!) })));
  const state: SemanticState = { modelId: 1, index: vectors, provider: new CorpusEmbeddingProvider(model) };
  return { state, buildMs: performance.now() - started, vocabulary: model.vocabularySize };
}

/** The site's semantic and hybrid engines over `keyword` and `state`. */
export function semanticEngines(
  keyword: { index: KeywordIndex; engine: KeywordSearchEngine },
  state: SemanticState,
  fusion?: FusionParams,
): { semantic: HybridSearchEngine; hybrid: HybridSearchEngine } {
  const over = { keyword: keyword.engine, index: () => keyword.index, semantic: () => state };
  return {
    semantic: new HybridSearchEngine({ mode: 'semantic', ...over }),
    hybrid: new HybridSearchEngine({ mode: 'hybrid', ...over, ...(fusion ? { fusion } : {}) }),
  };
}

/** Search box text for a collection's prose query: quotes and leading dashes are punctuation there, not syntax. */
export function plainQuery(query: string): string {
  return query
    .replace(/["“”]/g, ' ')
    .replace(/(^|\s)-+/g, '$1')
    .replace(/\b(author|au|cat|category):/gi, '$1 ');
}

/** A run of one of the site's engines: ranked ids for a collection's query. */
export function siteSearch(engine: SearchEngine, depth = 100): (query: string) => Promise<string[]> {
  return async (query) => {
    const r = await engine.search({ query: plainQuery(query), filters: {}, sort: 'relevance', offset: 0, limit: depth });
    return r.hits.map((h) => h.id);
  };
}
