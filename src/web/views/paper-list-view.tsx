// A page of paper cards with its pager and empty state, for the author and organization pages.
import type { Child } from 'hono/jsx';
import type { FeedPaper } from '../../store/papers.ts';
import { PaperCard } from './paper-card.tsx';
import { Pager } from './pager.tsx';
import type { VoteState } from './vote-button.tsx';

export interface PaperListProps {
  papers: FeedPaper[];
  total: number;
  page: number;
  pageSize: number;
  /** The list's own URL (page 1); other pages add ?page=N. */
  path: string;
  vote?: VoteState | undefined;
  /** Shown when there is no paper at all. */
  empty: Child;
}

/** The URL of page `page` of the list at `path`. */
export function pageHref(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/** Renders the cards of one page, or why there are none. */
export function PaperList(p: PaperListProps) {
  if (p.papers.length === 0) {
    return (
      <section class="empty">
        {p.total === 0 ? (
          p.empty
        ) : (
          <>
            <h2>No papers on this page</h2>
            <p>
              <a href={pageHref(p.path, 1)}>Back to the first page</a>
            </p>
          </>
        )}
      </section>
    );
  }
  return (
    <>
      <section class="cards" aria-label="Papers">
        {p.papers.map((paper) => (
          <PaperCard paper={paper} vote={p.vote} />
        ))}
      </section>
      <Pager page={p.page} total={p.total} pageSize={p.pageSize} hrefFor={(n) => pageHref(p.path, n)} />
    </>
  );
}
