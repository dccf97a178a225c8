// arXiv API id lookups: full metadata (dates, versions, comments, DOI, primary category) for papers
// known only by id or by their listing entry. Also what a submission by id (issue #4) will call.
import { apiQueryUrl, parseApiResponse } from '../arxiv/api-response.ts';
import { MalformedResponse } from '../arxiv/malformed.ts';
import type { PaperRecord } from '../import/record.ts';
import { HarvestFailed, type PoliteFetcher } from './polite-fetch.ts';

// arXiv answers up to 2,000 results a request but asks for modest ones; 100 ids keep a URL short.
const IDS_PER_REQUEST = 100;

export interface LookupResult {
  records: PaperRecord[];
  /** Ids arXiv reported as malformed or that came back unusable, with the reason. */
  problems: { id: string | null; message: string }[];
}

/** Looks up `ids` (new-style, old-style, versioned) in batches; throws FetchFailed/Error when arXiv cannot be reached. */
export async function lookupIds(fetcher: PoliteFetcher, apiUrl: string, ids: readonly string[], onBatch?: (records: PaperRecord[]) => Promise<void>): Promise<LookupResult> {
  const out: LookupResult = { records: [], problems: [] };
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const batch = ids.slice(i, i + IDS_PER_REQUEST);
    const url = apiQueryUrl(apiUrl, { idList: batch, maxResults: batch.length });
    const page = await fetcher.get(url);
    let parsed;
    try {
      parsed = parseApiResponse(page.body);
    } catch (err) {
      if (err instanceof MalformedResponse) throw new HarvestFailed(`${url}: HTTP ${page.status}, ${err.message}`);
      throw err;
    }
    out.problems.push(...parsed.errors, ...parsed.skipped.map((s) => ({ id: s.id, message: s.reason })));
    out.records.push(...parsed.records);
    await onBatch?.(parsed.records);
  }
  return out;
}
