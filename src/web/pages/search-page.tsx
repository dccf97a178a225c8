// GET /search?q=… (the page) and GET /search/results?q=… (its results part alone, for instant search as one types).
// An arXiv id or link typed in the box goes straight to the paper.
import type { Context } from 'hono';
import { parseArxivId } from '../../core/arxiv-id.ts';
import type { SearchResult } from '../../search/engine.ts';
import { listPapersByIds } from '../../store/search-papers.ts';
import { searchServiceOf, type AppDeps } from '../deps.ts';
import * as v from 'valibot';
import { intField, queryValues } from '../http/schema.ts';
import { feedLinksFor } from '../feed-response.ts';
import { renderPage } from '../render-page.tsx';
import { MAX_RESULTS_DEPTH, searchParams, type SearchParams } from '../http/search-params.ts';
import { SearchResults, SearchView, type SearchResultsProps } from '../views/search-view.tsx';
import { voteStateFor } from '../vote-state.ts';

export const SEARCH_PAGE_SIZE = 20;

// Pages reach as deep as the search ranks (MAX_RESULTS_DEPTH), no deeper.
const RESULTS_PAGE_QUERY = v.object({ page: intField('page', 1, 1, MAX_RESULTS_DEPTH / SEARCH_PAGE_SIZE) });

/** Runs the search a page shows: the request's parameters and page, and the cards of the hits. */
async function resultsFor(c: Context, deps: AppDeps, params: SearchParams): Promise<SearchResultsProps> {
  const { page } = queryValues(c, RESULTS_PAGE_QUERY);
  const result: SearchResult = await searchServiceOf(deps).search(
    {
      query: params.q,
      filters: params.filters,
      sort: params.sort,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
      limit: SEARCH_PAGE_SIZE,
    },
    params.mode,
  );
  const papers = await listPapersByIds(
    deps.sql,
    result.hits.map((h) => h.id),
  );
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  return {
    params,
    result,
    papers,
    page,
    pageSize: SEARCH_PAGE_SIZE,
    vote,
    defaultMode: deps.config.searchMode,
    semanticReady: searchServiceOf(deps).status().semanticReady,
  };
}

/** The search page. */
export async function searchPage(c: Context, deps: AppDeps): Promise<Response> {
  const params = searchParams(c);
  const arxiv = params.q ? parseArxivId(params.q) : null;
  if (arxiv) return c.redirect(`/papers/${arxiv.id}`, 302);
  const props = await resultsFor(c, deps, params);
  return renderPage(
    c,
    deps,
    {
      title: params.q ? `${params.q} · Search` : 'Search',
      description: 'Search the papers by words, phrases, authors and categories',
      searchQuery: params.q,
      ...(params.q ? { feeds: feedLinksFor(`/search?${new URLSearchParams({ q: params.q })}`, `Search: ${params.q}`) } : {}),
    },
    <SearchView {...props} />,
  );
}

/** The results part of the search page alone (HTML), for instant results while typing. */
export async function searchResultsFragment(c: Context, deps: AppDeps): Promise<Response> {
  const params = searchParams(c);
  c.header('Cache-Control', 'no-store');
  const arxiv = params.q ? parseArxivId(params.q) : null;
  if (arxiv) {
    return c.html(
      <section class="empty">
        <p>
          Press Enter to open <a href={`/papers/${arxiv.id}`}>arXiv:{arxiv.id}</a>.
        </p>
      </section>,
    );
  }
  const props = await resultsFor(c, deps, params);
  return c.html(<SearchResults {...props} />);
}
