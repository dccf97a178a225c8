// The search page: the query box with its filters, and the results (cards with highlighted words, sort tabs,
// pages), or an empty state that says what to try. The results part is also served alone, for instant results.
import type { SearchResult, SearchSort } from '../../search/engine.ts';
import type { SearchMode } from '../../search/hybrid-engine.ts';
import type { FeedPaper } from '../../store/papers.ts';
import { searchQueryString, type SearchParams } from '../http/search-params.ts';
import { meaningReason } from '../../search/shared-terms.ts';
import { plural } from './format.ts';
import { PaperCard } from './paper-card.tsx';
import type { VoteState } from './vote-button.tsx';

export interface SearchResultsProps {
  params: SearchParams;
  result: SearchResult;
  papers: FeedPaper[];
  page: number;
  pageSize: number;
  vote?: VoteState | undefined;
  /** The ranking used when the request names none (SEARCH_MODE). */
  defaultMode: SearchMode;
  /** Whether ranking by meaning is available now (embeddings on and ready). */
  semanticReady: boolean;
}

const MODE_LABELS: [SearchMode, string][] = [
  ['hybrid', 'Words and meaning'],
  ['keyword', 'Exact words only'],
  ['semantic', 'Meaning only'],
];

const SORT_LABELS: [SearchSort, string][] = [
  ['relevance', 'Best match'],
  ['date', 'Newest'],
  ['upvotes', 'Most upvoted'],
];

const EXAMPLES = ['speculative decoding', '"mixture of experts"', 'diffusion -video', 'author:"Yann LeCun"', 'retrieval cat:cs.CL'];

/** How to write queries: shown on the empty search page and when nothing matched. */
function SearchTips() {
  return (
    <ul class="search-tips">
      <li>
        <code>"exact phrase"</code> finds the words next to each other; <code>-word</code> leaves out papers that have it.
      </li>
      <li>
        <code>author:lovelace</code> or <code>author:"Ada Lovelace"</code> finds an author's papers; <code>cat:cs.CL</code> (or{' '}
        <code>cat:cs</code>) a category's.
      </li>
      <li>Paste an arXiv id or link (2405.15738, arxiv.org/abs/…) to go straight to the paper.</li>
    </ul>
  );
}

function hasFilters(p: SearchParams): boolean {
  const f = p.filters;
  return Boolean(f.from || f.to || f.category || f.hasCode || f.featured);
}

/** Renders the results part of the page (what instant search swaps in). */
export function SearchResults(p: SearchResultsProps) {
  const { params, result } = p;
  // Results that none of the query's words found say so, and which of their words carry the meaning.
  const meaningOnly = new Map(result.hits.filter((h) => h.byMeaning).map((h) => [h.id, meaningReason(h.related ?? [])]));
  if (result.empty) {
    return (
      <section class="empty search-empty">
        <h2>Search the papers</h2>
        <p>Type a few words from the title or abstract you remember. For example:</p>
        <p class="search-examples">
          {EXAMPLES.map((q) => (
            <a href={`/search?${searchQueryString({ ...params, q })}`}>{q}</a>
          ))}
        </p>
        <SearchTips />
      </section>
    );
  }
  const first = (p.page - 1) * p.pageSize + 1;
  const last = first + p.papers.length - 1;
  return (
    <>
      <div class="search-summary">
        <p class="muted">
          {p.papers.length === 0
            ? null
            : result.total !== null
              ? `${plural(result.total, 'result')}${p.page > 1 || result.hasMore ? `, ${first}–${last} shown` : ''}`
              : `Results ${first}–${last}`}
        </p>
        <nav class="sort-tabs" aria-label="Sort">
          {SORT_LABELS.map(([value, label]) => (
            <a href={`/search?${searchQueryString({ ...params, sort: value })}`} aria-current={params.sort === value ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </div>
      {result.widened.length > 0 ? (
        <p class="notice search-widened">
          Few or no papers use{' '}
          {result.widened.map((w, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <strong>{w}</strong>
            </>
          ))}
          : papers with similar spellings are included.
        </p>
      ) : null}
      {p.papers.length === 0 ? (
        <section class="empty">
          <h2>
            {p.page > 1 ? (
              'No more results'
            ) : params.q ? (
              <>
                No papers match <q>{params.q}</q>
              </>
            ) : (
              'No papers match these filters'
            )}
          </h2>
          {p.page > 1 ? (
            <p>
              <a href={`/search?${searchQueryString(params)}`}>Back to the first page</a>
            </p>
          ) : (
            <>
              <ul>
                <li>Check the spelling, or use fewer or more general words.</li>
                {params.sort !== 'relevance' ? (
                  <li>
                    Sorted by {params.sort === 'date' ? 'date' : 'upvotes'}, every word must match:{' '}
                    <a href={`/search?${searchQueryString({ ...params, sort: 'relevance' })}`}>rank by best match</a> instead.
                  </li>
                ) : null}
                {hasFilters(params) ? (
                  <li>
                    <a href={`/search?${searchQueryString({ ...params, filters: {} })}`}>Search without the filters</a>.
                  </li>
                ) : null}
              </ul>
              <SearchTips />
            </>
          )}
        </section>
      ) : (
        <section class="cards" aria-label="Results">
          {p.papers.map((paper) => (
            <PaperCard paper={paper} vote={p.vote} highlight={result.highlight} reason={meaningOnly.get(paper.id)} />
          ))}
        </section>
      )}
      {p.page > 1 || result.hasMore ? (
        <nav class="pagination" aria-label="Pages">
          {p.page > 1 ? (
            <a rel="prev" href={`/search?${searchQueryString(params, p.page - 1)}`}>
              ← Previous
            </a>
          ) : null}
          <span>Page {p.page}</span>
          {result.hasMore ? (
            <a rel="next" href={`/search?${searchQueryString(params, p.page + 1)}`}>
              Next →
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** Renders the whole search page: the form (query, filters, sort) above the results. */
export function SearchView(p: SearchResultsProps) {
  const { params } = p;
  const f = params.filters;
  return (
    <section class="search-page">
      <h1 class="sr-only">Search</h1>
      <form class="search-form" method="get" action="/search" role="search" data-instant-search="/search/results">
        <div class="search-box">
          <label for="search-q" class="sr-only">
            Search papers
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            value={params.q}
            placeholder={'Words, "a phrase", author:name, cat:cs.CL'}
            autocomplete="off"
            maxlength={500}
          />
          <button type="submit">Search</button>
        </div>
        <details class="search-filters" open={hasFilters(params) || params.sort !== 'relevance'}>
          <summary>Filters and sort</summary>
          <div class="search-filter-fields">
            <label>
              Published from <input type="date" name="from" value={f.from ?? ''} />
            </label>
            <label>
              to <input type="date" name="to" value={f.to ?? ''} />
            </label>
            <label>
              Category{' '}
              <input
                type="text"
                name="category"
                value={f.category ?? ''}
                placeholder="cs.CL"
                size={8}
                pattern="[a-z]+(-[a-z]+)?(\.[A-Za-z\-]{2,})?"
              />
            </label>
            <label>
              <input type="checkbox" name="code" value="1" checked={Boolean(f.hasCode)} /> Has code
            </label>
            <label>
              <input type="checkbox" name="featured" value="1" checked={Boolean(f.featured)} /> Featured on the daily page
            </label>
            <label>
              Match{' '}
              <select name="mode" disabled={!p.semanticReady}>
                {MODE_LABELS.map(([value, label]) => (
                  <option value={value} selected={(params.mode ?? p.defaultMode) === value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Sort{' '}
              <select name="sort">
                {SORT_LABELS.map(([value, label]) => (
                  <option value={value} selected={params.sort === value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </details>
      </form>
      <div id="search-results" aria-live="polite">
        <SearchResults {...p} />
      </div>
    </section>
  );
}
