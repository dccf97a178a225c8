// The daily / weekly / monthly feed: heading, navigation between periods, sort tabs, cards, pages.
import { Pager } from './pager.tsx';
import type { Listing } from '../../core/listing.ts';
import { listingPath } from '../../core/listing.ts';
import type { HarvestRun } from '../../store/harvest.ts';
import type { RankedForUser } from '../../recommend/rank-for-user.ts';
import type { FeedCounts, FeedPaper, FeedScope, FeedSort } from '../../store/papers.ts';
import { longDay, monthName, plural } from './format.ts';
import { PaperCard } from './paper-card.tsx';
import type { VoteState } from './vote-button.tsx';

export interface FeedViewProps {
  listing: Listing;
  papers: FeedPaper[];
  total: number;
  page: number;
  pageSize: number;
  sort: FeedSort;
  /** Which list the cards are: the picks, or everything the period holds ("New on arXiv"). */
  view: FeedScope;
  counts: FeedCounts;
  /** The period has no picks, so the cards are its whole announcement (view is 'all'). */
  noPicks: boolean;
  /** Ranked for the reader (rank=for-you): their ranking, or null for a visitor not logged in. */
  forYou?: { ranking: RankedForUser | null } | null;
  prevKey: string | null;
  nextKey: string | null;
  week: string;
  month: string;
  databaseEmpty: boolean;
  /** The latest harvest, shown when the database is empty. */
  harvest: HarvestRun | null;
  /** The viewer's votes on these papers (their upvote buttons). */
  vote?: VoteState;
}

/** A heading for the listing: "Monday, May 27, 2024", "Week 2024-W22 (May 27 – Jun 2)", "May 2024". */
export function listingTitle(l: Listing): string {
  switch (l.kind) {
    case 'day':
      return longDay(l.key);
    case 'week':
      return `Week ${l.key.slice(6)} of ${l.key.slice(0, 4)}`;
    case 'month':
      return monthName(l.key);
  }
}

const SORT_LABELS: [FeedSort, string][] = [
  ['upvotes', 'Most upvoted'],
  ['trending', 'Trending'],
  ['publishedAt', 'Newest'],
];

function withQuery(path: string, sort: FeedSort, page: number, view: FeedScope = 'picks', forYou = false): string {
  const q = new URLSearchParams();
  if (view !== 'picks') q.set('view', view);
  if (forYou) q.set('rank', 'for-you');
  if (sort !== 'upvotes') q.set('sort', sort);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Shown when the database has no papers at all: how to get some in. */
const IMPORT_HELP = (
  <>
    <pre>
      <code>npx dailypapers import papers.jsonl.gz</code>
    </pre>
    <p>
      It reads arXiv's bulk metadata snapshot (<code>arxiv-metadata-oai-snapshot.json</code>), arXiv JSON lines (
      <code>arxiv_id, title, authors, abstract, ...</code>) and Hugging Face <code>/api/daily_papers</code> response bodies, gzip or plain,
      from files or stdin. Or harvest from arXiv: <code>npx dailypapers harvest --from 2024-01-01</code>.
    </p>
  </>
);

/** The empty site: the first harvest's progress, why it failed, or how to get papers in. */
export function EmptyDatabase({ harvest }: { harvest: HarvestRun | null }) {
  if (harvest?.status === 'running') {
    return (
      <section class="empty" aria-live="polite">
        <h2>Fetching the latest papers from arXiv…</h2>
        <p>
          {harvest.progress ?? 'Starting.'} {harvest.records > 0 ? `${harvest.records.toLocaleString('en-US')} papers so far.` : ''}
        </p>
        <p class="muted">
          arXiv asks harvesters to wait 3 seconds between requests, so this takes a few minutes. This page reloads by itself.
        </p>
      </section>
    );
  }
  if (harvest?.status === 'failed' || harvest?.status === 'interrupted') {
    return (
      <section class="empty">
        <h2>No papers yet: arXiv could not be reached</h2>
        <p>
          The first harvest {harvest.status === 'failed' ? 'failed' : 'was interrupted'}
          {harvest.error ? (
            <>
              : <code>{harvest.error}</code>
            </>
          ) : (
            '.'
          )}
        </p>
        <p>The site keeps running and tries again at the next arXiv announcement. Meanwhile, import papers with:</p>
        {IMPORT_HELP}
      </section>
    );
  }
  return (
    <section class="empty">
      <h2>No papers yet</h2>
      <p>This site's database is empty. Import arXiv metadata or Hugging Face daily-papers data with:</p>
      {IMPORT_HELP}
    </section>
  );
}

/** The two lists of a period: its picks and everything arXiv announced in it, each with its count. */
function ScopeTabs(p: { path: string; view: FeedScope; noPicks: boolean; counts: FeedCounts; forYou: boolean }) {
  const { path, counts } = p;
  const current = p.forYou ? 'for-you' : p.noPicks ? 'picks' : p.view;
  return (
    <nav class="scope-tabs" aria-label="Lists">
      <a href={path} aria-current={current === 'picks' ? 'page' : undefined}>
        Daily picks ({counts.picks.toLocaleString('en-US')})
      </a>
      <a href={withQuery(path, 'upvotes', 1, 'all')} aria-current={current === 'all' ? 'page' : undefined}>
        New on arXiv ({counts.all.toLocaleString('en-US')})
      </a>
      {/* The same announcement ranked by the reader's own model: a page per reader, never the shared one. */}
      {current !== 'picks' ? (
        <a href={withQuery(path, 'upvotes', 1, 'all', true)} rel="nofollow" aria-current={current === 'for-you' ? 'page' : undefined}>
          Ranked for you
        </a>
      ) : null}
    </nav>
  );
}

/** Why the announcement is not in the reader's order, when it is not. */
function ForYouNotice({ path, ranking }: { path: string; ranking: RankedForUser | null }) {
  if (!ranking) {
    return (
      <p class="notice" role="note">
        <a href={`/login?next=${encodeURIComponent(path)}`}>Log in</a> to see these papers ranked by your own interests (what you upvote,
        save and follow on <a href="/for-you">For you</a>). Shown by votes meanwhile.
      </p>
    );
  }
  if (ranking.ranked) return null;
  return (
    <p class="notice" role="note">
      {ranking.why === 'no signals' ? (
        <>
          Nothing to rank by yet: upvote or save a few papers, or add topics on <a href="/for-you">For you</a>. Shown by votes meanwhile.
        </>
      ) : (
        'Ranking for you needs the search index, which is not ready yet. Shown by votes meanwhile.'
      )}
    </p>
  );
}

/** Renders a feed page body. */
export function FeedView(p: FeedViewProps) {
  const path = listingPath(p.listing.kind, p.listing.key);
  const kindWord = p.listing.kind === 'day' ? 'day' : p.listing.kind;
  const ranked = p.forYou != null;
  const pageOf = (sort: FeedSort, page: number) => withQuery(path, sort, page, p.noPicks ? 'picks' : p.view, ranked);
  return (
    <>
      <section class="feed-head">
        <div>
          <h1>{listingTitle(p.listing)}</h1>
          <p class="muted">{plural(p.total, 'paper')}</p>
        </div>
        <nav class="period-nav" aria-label="Periods">
          {p.prevKey ? (
            <a rel="prev" href={listingPath(p.listing.kind, p.prevKey)}>
              ← Previous {kindWord}
            </a>
          ) : (
            <span class="disabled">← Previous {kindWord}</span>
          )}
          {p.nextKey ? (
            <a rel="next" href={listingPath(p.listing.kind, p.nextKey)}>
              Next {kindWord} →
            </a>
          ) : (
            <span class="disabled">Next {kindWord} →</span>
          )}
          <span class="period-links">
            <a href={listingPath('day', p.listing.range.start)} aria-current={p.listing.kind === 'day' ? 'page' : undefined}>
              Day
            </a>
            <a href={listingPath('week', p.week)} aria-current={p.listing.kind === 'week' ? 'page' : undefined}>
              Week
            </a>
            <a href={listingPath('month', p.month)} aria-current={p.listing.kind === 'month' ? 'page' : undefined}>
              Month
            </a>
          </span>
          <form class="date-picker" method="get" action="/papers">
            <label for="date-input" class="sr-only">
              Go to date
            </label>
            <input id="date-input" type="date" name="date" value={p.listing.range.start} required />
            <button type="submit">Go</button>
          </form>
        </nav>
      </section>
      {p.databaseEmpty ? null : <ScopeTabs path={path} view={p.view} noPicks={p.noPicks} counts={p.counts} forYou={ranked} />}
      {p.forYou ? <ForYouNotice path={withQuery(path, 'upvotes', 1, 'all', true)} ranking={p.forYou.ranking} /> : null}
      {p.noPicks ? (
        <p class="notice" role="note">
          No picks for this {kindWord} yet: nobody has submitted or upvoted one of its papers. Here is everything arXiv announced instead;
          upvote or <a href="/submit">submit</a> a paper to make it a pick.
        </p>
      ) : null}
      {ranked ? null : (
        <nav class="sort-tabs" aria-label="Sort">
          {SORT_LABELS.map(([value, label]) => (
            <a href={pageOf(value, 1)} aria-current={p.sort === value ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      )}
      {p.databaseEmpty ? (
        <EmptyDatabase harvest={p.harvest} />
      ) : p.papers.length === 0 ? (
        <section class="empty">
          <h2>{p.page > 1 ? 'No papers on this page' : `No papers for this ${kindWord}`}</h2>
          <p>
            {p.page > 1 ? <a href={pageOf(p.sort, 1)}>Back to the first page</a> : null}
            {p.page === 1 && (p.prevKey || p.nextKey) ? 'Try the nearest period with papers using the links above.' : null}
          </p>
        </section>
      ) : (
        <section class="cards" aria-label="Papers">
          {p.papers.map((paper) => (
            <PaperCard paper={paper} vote={p.vote} />
          ))}
        </section>
      )}
      <Pager
        page={p.page}
        total={p.total}
        pageSize={p.pageSize}
        hrefFor={(n) => pageOf(p.sort, n)}
        labels={{ previous: 'Newer', next: 'More' }}
      />
    </>
  );
}
