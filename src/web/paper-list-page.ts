// The part the category, organization and author pages share: which page of the list was asked for,
// that page of papers, and the viewer's votes on them.
import type { Context } from 'hono';
import type { FeedPaper } from '../store/papers.ts';
import type { AppDeps } from './deps.ts';
import { PAGE_QUERY, queryValues } from './http/schema.ts';
import { voteStateFor } from './vote-state.ts';
import type { VoteState } from './views/vote-button.tsx';

export interface PaperListPage {
  papers: FeedPaper[];
  total: number;
  page: number;
  pageSize: number;
  vote: VoteState;
}

type PageOfPapers = (window: { limit: number; offset: number }) => Promise<{ papers: FeedPaper[]; total: number }>;

/** Loads the page `?page=` names (400 when it is not a page number) of the list `load` reads. */
export async function loadPaperListPage(c: Context, deps: AppDeps, load: PageOfPapers): Promise<PaperListPage> {
  const page = queryValues(c, PAGE_QUERY).page;
  const pageSize = deps.config.feedPageSize;
  const { papers, total } = await load({ limit: pageSize, offset: (page - 1) * pageSize });
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  return { papers, total, page, pageSize, vote };
}
