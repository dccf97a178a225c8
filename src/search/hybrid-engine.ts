// Semantic and hybrid search. Semantic: the query's vector against the papers' vectors (ANN), under the same
// filters as keyword search. Hybrid (the default): keyword and semantic candidates fused by their scores
// (fusion.ts), so a paper found by both ranks first, a clear keyword winner stays first, and one found only by
// meaning ("dynamic draft tree" for a speculative decoding paper that never says "draft tree") can still make the
// page, marked as found by meaning.
//
// Both fall back to keyword search where meaning has no say: sorting by date or votes, exact syntax (quoted
// phrases, author:, -exclusions ask for exact matches), and while no embedding model is ready yet.
import type { SemanticState } from '../embeddings/vector-sync.ts';
import type { KeywordSearchEngine, PaperTextSource, SearchEngine, SearchHit, SearchRequest, SearchResult } from './engine.ts';
import { asWrittenIn } from './shared-terms.ts';
import { type FusionParams, fuseScores } from './fusion.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { needsVerification } from './phrase-match.ts';
import { acceptedIds } from './query-execution.ts';
import { compileQuery } from './query-plan.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';
import { Lru } from '../core/lru.ts';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

/** The two lists hybrid search fuses for a request, and the query's cosine with any paper. */
export interface FusionInput {
  state: SemanticState;
  queryVector: Float32Array;
  keyword: SearchResult;
  semantic: SearchHit[];
  cosineOf: (id: string) => number | undefined;
  /** How many of the fused results are chosen by the depth weight. */
  depth: number;
}

// How deep each list goes before fusion: the fused order needs the lists' heads, not their tails.
const FUSION_DEPTH = 100;
// The site's fusion weights, calibrated by bench/search-fusion.ts on half of the arXiv paraphrase and title-word
// queries (the other halves report). With the LSA corpus model no mix beat keyword ranking there (semantic alone
// found the described paper in its first ten for 11-50% of the paraphrases, keyword for 78-100%), so words order the
// results and what only meaning found follows them, marked as such.
export const DEFAULT_FUSION: FusionParams = { pageWeight: 1, disagreementLean: 0, depthWeight: 1 };
// Below this cosine a semantic neighbour is noise (a query sharing one common word with the vocabulary).
const MIN_SIMILARITY = 0.15;
// Words named under a result found by meaning: enough to recognise the link, few enough to read at a glance.
const RELATED_WORDS = 3;
// Query vectors are cached: instant search asks for the same prefixes again and again.
const QUERY_CACHE = 2000;

export class HybridSearchEngine implements SearchEngine {
  readonly mode: SearchMode;
  readonly #keyword: KeywordSearchEngine;
  readonly #index: () => KeywordIndex;
  readonly #semantic: () => SemanticState | null;
  readonly #cache = new Lru<Float32Array>(QUERY_CACHE);
  #cacheModel = -1;

  readonly #fusion: FusionParams;
  readonly #texts: PaperTextSource | null;

  constructor(opts: {
    mode: 'semantic' | 'hybrid';
    keyword: KeywordSearchEngine;
    index: () => KeywordIndex;
    semantic: () => SemanticState | null;
    /** Where the words of results found by meaning are read; without, they are not named. */
    texts?: PaperTextSource;
    fusion?: FusionParams;
  }) {
    this.mode = opts.mode;
    this.#fusion = opts.fusion ?? DEFAULT_FUSION;
    this.#keyword = opts.keyword;
    this.#index = opts.index;
    this.#semantic = opts.semantic;
    this.#texts = opts.texts ?? null;
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
    const input = await this.#candidates(req);
    if ('done' in input) return input.done;
    const { keyword, semantic, cosineOf, depth } = input;
    const fused = fuseScores(keyword.hits, semantic, cosineOf, this.#fusion, depth);
    const page = fused.slice(req.offset, req.offset + req.limit);
    const related = await this.#relatedWords(
      input,
      page.filter((h) => !h.byWords).map((h) => h.id),
    );
    return {
      hits: page.map((h) => {
        if (h.byWords) return { id: h.id, score: h.score };
        const words = related.get(h.id);
        return { id: h.id, score: h.score, byMeaning: true as const, ...(words ? { related: words } : {}) };
      }),
      hasMore: fused.length > req.offset + req.limit || keyword.hasMore,
      // Keyword's count plus the papers only meaning found, when both lists were complete.
      total: keyword.total !== null && semantic.length < depth ? fused.length : null,
      highlight: keyword.highlight,
      widened: keyword.widened,
      empty: false,
    };
  }

  /** For papers only meaning found: their words nearest the query, where the model can tell (RELATED_WORDS each). */
  async #relatedWords(input: FusionInput, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const nearest = input.state.provider.termsNearest?.bind(input.state.provider);
    if (!nearest || !this.#texts || ids.length === 0) return out;
    const texts = await this.#texts(ids, { authorsOnly: false });
    for (const [id, text] of texts) out.set(id, asWrittenIn(text, nearest(text, input.queryVector, RELATED_WORDS)));
    return out;
  }

  /** What hybrid search fuses for `req`, or null where one engine answers alone (bench/search-fusion.ts calibrates on it). */
  async fusionInput(req: SearchRequest): Promise<FusionInput | null> {
    const input = await this.#candidates(req);
    return 'done' in input ? null : input;
  }

  async #candidates(req: SearchRequest): Promise<FusionInput | { done: SearchResult }> {
    const state = this.#semantic();
    const parsed = parseQuery(req.query);
    const exact =
      parsed.phrases.length +
        parsed.excludedPhrases.length +
        parsed.excludedWords.length +
        parsed.authors.length +
        parsed.excludedAuthors.length >
      0;
    if (!state || req.sort !== 'relevance' || parsed.words.length === 0 || exact || isEmptyQuery(parsed)) {
      return { done: await this.#keyword.search(req) };
    }
    const index = this.#index();
    const compiled = compileQuery(parsed, req.filters, req.sort, index);
    if (needsVerification(compiled.verification)) return { done: await this.#keyword.search(req) };

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
        done: {
          hits: semantic.slice(req.offset, req.offset + req.limit),
          hasMore: semantic.length > req.offset + req.limit,
          total: semantic.length < depth ? semantic.length : null,
          highlight: compiled.highlight,
          widened: compiled.widened,
          empty: false,
        },
      };
    }
    const keyword = await this.#keyword.search({ ...req, offset: 0, limit: depth });
    return { state, queryVector: qv, keyword, semantic, cosineOf: (id) => state.index.similarity(id, qv), depth };
  }
}
