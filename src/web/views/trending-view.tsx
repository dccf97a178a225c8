// /papers/trending: the hottest papers of the last weeks, as cards, with pages.
import { TRENDING_WINDOW_DAYS } from '../../core/trending.ts';
import type { FeedPaper } from '../../store/papers.ts';
import { longDay, plural } from './format.ts';
import { Pager } from './pager.tsx';
import { PaperCard } from './paper-card.tsx';
import type { VoteState } from './vote-button.tsx';

export interface TrendingViewProps {
  papers: FeedPaper[];
  total: number;
  page: number;
  pageSize: number;
  window: { start: string; end: string };
  vote: VoteState;
}

/** The URL of page `n` of the trending list. */
export function trendingPath(page: number): string {
  return page > 1 ? `/papers/trending?page=${page}` : '/papers/trending';
}

/** Renders the trending page body. */
export function TrendingView(p: TrendingViewProps) {
  return (
    <>
      <section class="feed-head">
        <div>
          <h1>Trending papers</h1>
          <p class="muted">
            {plural(p.total, 'paper')} featured from {longDay(p.window.start)} to {longDay(p.window.end)}, ranked by upvotes and comments,
            the newest weighing most. <a href="/about#trending">How trending works</a>
          </p>
        </div>
      </section>
      {p.papers.length === 0 ? (
        <section class="empty">
          <h2>{p.page > 1 ? 'No papers on this page' : 'Nothing is trending yet'}</h2>
          <p>
            {p.page > 1 ? (
              <a href={trendingPath(1)}>Back to the first page</a>
            ) : (
              <>
                Papers featured in the last {TRENDING_WINDOW_DAYS} days show up here as people upvote and discuss them.{' '}
                <a href="/papers">See today's papers</a>.
              </>
            )}
          </p>
        </section>
      ) : (
        <section class="cards" aria-label="Trending papers">
          {p.papers.map((paper) => (
            <PaperCard paper={paper} vote={p.vote} />
          ))}
        </section>
      )}
      <Pager page={p.page} total={p.total} pageSize={p.pageSize} hrefFor={trendingPath} />
    </>
  );
}
