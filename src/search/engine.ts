// What the site asks of search, and the keyword engine that answers it. An engine turns a request into one page
// of ranked paper ids; the web pages and the API render them. Semantic and hybrid engines implement the same
// interface (a hybrid asks its engines for their top ids and fuses them with fusion.ts).
import type { IndexableText } from '../core/analyze.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { needsVerification, verifyPaper } from './phrase-match.ts';
import { compileQuery, type SearchFilters, type SearchSort } from './query-plan.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';

export type { SearchFilters, SearchSort } from './query-plan.ts';

export interface SearchRequest {
  query: string;
  filters: SearchFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  /** The engine's own score (BM25 for keyword search; 0 when sorted by date or votes). */
  score: number;
  /** Hybrid search found the paper by its meaning alone: keyword search did not match it. */
  byMeaning?: true;
  /** With byMeaning, the paper's own words nearest the query's meaning (the corpus model can say; others not). */
  related?: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Whether there are results after this page. */
  hasMore: boolean;
  /** The exact number of results when the engine counted them all; null when it stopped early (top-k pruning). */
  total: number | null;
  /** Index terms whose words are highlighted in titles and abstracts. */
  highlight: string[];
  /** Query words that matched (almost) nothing and were searched with their likely spellings. */
  widened: string[];
  /** The query asked for nothing (no words, phrases, authors, categories or filters). */
  empty: boolean;
}

/** Finds papers for a request: keyword search here; semantic and hybrid search implement it too. */
export interface SearchEngine {
  readonly mode: string;
  search(req: SearchRequest): Promise<SearchResult>;
}

/** Where the exact checks read a candidate's text (the papers table); `authorsOnly` when only names are checked. */
export type PaperTextSource = (ids: string[], opts: { authorsOnly: boolean }) => Promise<Map<string, IndexableText>>;

// Phrase and full-name checks read candidates from the database in growing rounds; this bounds the work for a
// phrase whose words are common but rarely adjacent. Past it, the results found so far are returned.
const MAX_VERIFIED_CANDIDATES = 5000;
const FIRST_ROUND = 50;

function hasFilters(f: SearchFilters): boolean {
  return Boolean(f.from || f.to || f.category || f.hasCode || f.featured);
}

/** Keyword search: BM25 over the in-memory index, exact phrase and author checks on the candidates. */
export class KeywordSearchEngine implements SearchEngine {
  readonly mode = 'keyword';
  readonly #index: () => KeywordIndex;
  readonly #texts: PaperTextSource;

  constructor(index: () => KeywordIndex, texts: PaperTextSource) {
    this.#index = index;
    this.#texts = texts;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const parsed = parseQuery(req.query);
    if (isEmptyQuery(parsed) && !hasFilters(req.filters)) {
      return { hits: [], hasMore: false, total: 0, highlight: [], widened: [], empty: true };
    }
    const index = this.#index();
    const compiled = compileQuery(parsed, req.filters, req.sort, index);
    const needed = req.offset + req.limit + 1;
    const base = { highlight: compiled.highlight, widened: compiled.widened, empty: false };
    if (!needsVerification(compiled.verification)) {
      const { hits, total } = index.search({ ...compiled.query, k: needed });
      const hasMore = hits.length === needed;
      // Without a count from the index, a last page still tells how many there are.
      return { ...base, hits: hits.slice(req.offset, req.offset + req.limit), hasMore, total: total ?? (hasMore ? null : hits.length) };
    }
    // Rank candidates by the index, check them in rank order, and widen the candidate pool until a page is full.
    const verdicts = new Map<string, boolean>();
    const v = compiled.verification;
    const authorsOnly = v.phrases.length === 0 && v.excludedPhrases.length === 0;
    let k = Math.max(FIRST_ROUND, needed * 2);
    for (;;) {
      const { hits } = index.search({ ...compiled.query, k });
      const unchecked = hits.filter((h) => !verdicts.has(h.id)).map((h) => h.id);
      const texts = await this.#texts(unchecked, { authorsOnly });
      for (const id of unchecked) {
        const text = texts.get(id);
        verdicts.set(id, text !== undefined && verifyPaper(text, compiled.verification));
      }
      const passed = hits.filter((h) => verdicts.get(h.id));
      const exhausted = hits.length < k;
      if (passed.length >= needed || exhausted || k >= MAX_VERIFIED_CANDIDATES) {
        return {
          ...base,
          hits: passed.slice(req.offset, req.offset + req.limit),
          hasMore: passed.length >= needed,
          total: exhausted || passed.length < needed ? passed.length : null,
        };
      }
      k = Math.min(k * 4, MAX_VERIFIED_CANDIDATES);
    }
  }
}
