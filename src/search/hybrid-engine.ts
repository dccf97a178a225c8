// Semantic and hybrid search. Semantic: the query's vector against the papers' vectors (ANN), under the same
// filters as keyword search. Hybrid (the default): keyword and semantic lists fused by reciprocal rank, so a
// paper found by both ranks first, and one found only by meaning ("dynamic draft tree" for a speculative
// decoding paper that never says "draft tree") still makes the page.
//
// Both fall back to keyword search where meaning has no say: sorting by date or votes, exact syntax (quoted
// phrases, author:, -exclusions ask for exact matches), and while no embedding model is ready yet.
import type { SemanticState } from '../embeddings/vector-sync.ts';
import type { KeywordSearchEngine, SearchEngine, SearchHit, SearchRequest, SearchResult } from './engine.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { needsVerification } from './phrase-match.ts';
import { acceptedIds } from './query-execution.ts';
import { compileQuery } from './query-plan.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';
import { Lru } from '../core/lru.ts';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

// How deep each list goes before fusion: RRF needs the lists' heads, not their tails.
const FUSION_DEPTH = 100;
// Semantic ranks count half a keyword rank. On the judged collections (bench/search-quality.ts) this beats plain
// BM25 everywhere, helps where vocabulary differs (Cranfield, CISI) and costs where exact terms decide (NPL,
// CACM): no single weight beats keyword ranking on all four with the corpus model; a better model would.
const SEMANTIC_WEIGHT = 0.5;
// Below this cosine a semantic neighbour is noise (a query sharing one common word with the vocabulary).
const MIN_SIMILARITY = 0.15;
// Query vectors are cached: instant search asks for the same prefixes again and again.
const QUERY_CACHE = 2000;

export class HybridSearchEngine implements SearchEngine {
  readonly mode: SearchMode;
  readonly #keyword: KeywordSearchEngine;
  readonly #index: () => KeywordIndex;
  readonly #semantic: () => SemanticState | null;
  readonly #cache = new Lru<Float32Array>(QUERY_CACHE);
  #cacheModel = -1;

  constructor(mode: 'semantic' | 'hybrid', keyword: KeywordSearchEngine, index: () => KeywordIndex, semantic: () => SemanticState | null) {
    this.mode = mode;
    this.#keyword = keyword;
    this.#index = index;
    this.#semantic = semantic;
  }

  async #queryVector(state: SemanticState, text: string): Promise<Float32Array> {
    if (this.#cacheModel !== state.modelId) {
      this.#cache.clear();
      this.#cacheModel = state.modelId;
    }
    const hit = this.#cache.get(text);
    if (hit) return hit;
    const v = await state.provider.embedQuery(text);
    this.#cache.set(text, v);
    return v;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const state = this.#semantic();
    const parsed = parseQuery(req.query);
    const exact =
      parsed.phrases.length +
        parsed.excludedPhrases.length +
        parsed.excludedWords.length +
        parsed.authors.length +
        parsed.excludedAuthors.length >
      0;
    if (!state || req.sort !== 'relevance' || parsed.words.length === 0 || exact || isEmptyQuery(parsed)) return this.#keyword.search(req);
    const index = this.#index();
    const compiled = compileQuery(parsed, req.filters, req.sort, index);
    if (needsVerification(compiled.verification)) return this.#keyword.search(req);

    const depth = Math.max(FUSION_DEPTH, req.offset + req.limit + 1);
    const qv = await this.#queryVector(state, parsed.words.join(' '));
    // Candidates first, then the filters in one pass over them in document order.
    const raw = state.index.search(qv, depth * 2).filter((h) => h.score >= MIN_SIMILARITY);
    const ok = acceptedIds(
      index,
      compiled.query,
      raw.map((h) => h.id),
    );
    let semantic: SearchHit[] = raw.filter((h) => ok.has(h.id)).slice(0, depth);
    if (semantic.length < depth && raw.length === depth * 2) {
      // Filters threw most of the neighbours away: ask the graph for more, filtering as it goes.
      const more = state.index.search(qv, depth, (id) => acceptedIds(index, compiled.query, [id]).size === 1, depth * 40);
      semantic = more.filter((h) => h.score >= MIN_SIMILARITY);
    }
    if (this.mode === 'semantic') {
      return {
        hits: semantic.slice(req.offset, req.offset + req.limit),
        hasMore: semantic.length > req.offset + req.limit,
        total: semantic.length < depth ? semantic.length : null,
        highlight: compiled.highlight,
        widened: compiled.widened,
        empty: false,
      };
    }
    const keyword = await this.#keyword.search({ ...req, offset: 0, limit: depth });
    const fused = reciprocalRankFusion([keyword.hits, semantic], { weights: [1, SEMANTIC_WEIGHT] });
    return {
      hits: fused.slice(req.offset, req.offset + req.limit),
      hasMore: fused.length > req.offset + req.limit || keyword.hasMore,
      // Keyword's count plus the papers only meaning found, when both lists were complete.
      total: keyword.total !== null && semantic.length < depth ? fused.length : null,
      highlight: keyword.highlight,
      widened: keyword.widened,
      empty: false,
    };
  }
}
