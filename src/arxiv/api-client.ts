// The arXiv API client: id lookups (full metadata for papers known only by id or by their listing
// entry; also what a submission by id will call) and search queries paged with start/max_results.
import { apiQueryUrl, parseApiResponse, type ApiResponse } from './api-response.ts';
import { MalformedResponse } from './malformed.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import { HarvestFailed, type PoliteFetcher } from '../http/polite-fetch.ts';

// arXiv answers up to 2,000 results a request but asks for modest ones; 100 ids keep a URL short.
const IDS_PER_REQUEST = 100;

export interface LookupResult {
  records: PaperRecord[];
  /** Ids arXiv reported as malformed or that came back unusable, with the reason. */
  problems: { id: string | null; message: string }[];
}

function parseOrFail(url: string, status: number, body: string): ApiResponse {
  try {
    return parseApiResponse(body);
  } catch (err) {
    if (err instanceof MalformedResponse) throw new HarvestFailed(`${url}: HTTP ${status}, ${err.message}`);
    throw err;
  }
}

/** Looks up `ids` (new-style, old-style, versioned) in batches; throws FetchFailed/Error when arXiv cannot be reached. */
export async function lookupIds(
  fetcher: PoliteFetcher,
  apiUrl: string,
  ids: readonly string[],
  onBatch?: (records: PaperRecord[]) => Promise<void>,
): Promise<LookupResult> {
  const out: LookupResult = { records: [], problems: [] };
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const batch = ids.slice(i, i + IDS_PER_REQUEST);
    const url = apiQueryUrl(apiUrl, { idList: batch, maxResults: batch.length });
    const page = await fetcher.get(url);
    const parsed = parseOrFail(url, page.status, page.body);
    out.problems.push(...parsed.errors, ...parsed.skipped.map((s) => ({ id: s.id, message: s.reason })));
    out.records.push(...parsed.records);
    // arXiv drops some unknown ids without an error entry (an invalid old 5-digit id, a paper that never was).
    const returned = new Set(parsed.records.map((r) => r.id));
    const reported = new Set(parsed.errors.map((e) => e.id));
    for (const id of batch) {
      const bare = id.replace(/v\d+$/, '');
      if (!returned.has(bare) && !reported.has(id)) out.problems.push({ id, message: 'arXiv returned no paper for this id' });
    }
    await onBatch?.(parsed.records);
  }
  return out;
}

export interface SearchOptions {
  pageSize: number;
  /** Stop after this many results (arXiv itself stops paging at 30,000). */
  maxResults: number;
  sortBy?: 'relevance' | 'lastUpdatedDate' | 'submittedDate';
  sortOrder?: 'ascending' | 'descending';
}

/** Pages through the results of `searchQuery` (arXiv's syntax: `cat:cs.CL AND ti:transformer`), one page a request. */
export async function* searchArxiv(
  fetcher: PoliteFetcher,
  apiUrl: string,
  searchQuery: string,
  opts: SearchOptions,
): AsyncGenerator<{ records: PaperRecord[]; totalResults: number | null; start: number }> {
  for (let start = 0; start < opts.maxResults; start += opts.pageSize) {
    const url = apiQueryUrl(apiUrl, {
      searchQuery,
      start,
      maxResults: Math.min(opts.pageSize, opts.maxResults - start),
      ...(opts.sortBy ? { sortBy: opts.sortBy } : {}),
      ...(opts.sortOrder ? { sortOrder: opts.sortOrder } : {}),
    });
    const page = await fetcher.get(url);
    const parsed = parseOrFail(url, page.status, page.body);
    if (parsed.errors.length > 0) throw new HarvestFailed(`${url}: ${parsed.errors.map((e) => e.message).join('; ')}`);
    yield { records: parsed.records, totalResults: parsed.totalResults, start };
    // An empty page ends the results (arXiv sometimes answers one early under load; the caller may retry later).
    if (parsed.records.length === 0 || (parsed.totalResults !== null && start + opts.pageSize >= parsed.totalResults)) return;
  }
}
