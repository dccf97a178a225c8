// What the For you page and feed show: the user's picks as papers, with the sentence that says why each was
// picked, and what the page lists besides (the topics and seed papers, whether a private feed link exists).
import type { Sql } from '../db/connect.ts';
import { plainTextOf } from '../core/math.ts';
import type { SearchAccess } from '../search/access.ts';
import { asWrittenIn } from '../search/shared-terms.ts';
import { forYouFeedVersion, userSignals, type UserSignals } from '../store/interests.ts';
import type { FeedPaper } from '../store/papers.ts';
import { listPapersByIds } from '../store/search-papers.ts';
import type { ForYouResult, PickReason } from './for-you.ts';

/** The longest topic a user may type. */
export const MAX_TOPIC_LENGTH = 200;

export interface ForYouPapers {
  signals: UserSignals;
  /** 'unavailable' as well when the server runs without search. */
  result: ForYouResult;
  /** The picks, best first (none unless the result is 'ok'). */
  papers: FeedPaper[];
}

export interface ForYouOverview extends ForYouPapers {
  /** Pick id → why it was picked, as the page says it. */
  reasons: Map<string, string>;
  /** Paper id → plain title, for the papers the reasons and the seed list name. */
  titles: Map<string, string>;
  /** The private feed link's version, null when the user has none. */
  feedVersion: number | null;
}

/** The best `limit` recent papers for `userId`, with the signals they were picked from. */
export async function forYouPapers(
  sql: Sql,
  search: SearchAccess | null | undefined,
  userId: number,
  limit: number,
): Promise<ForYouPapers> {
  const signals = await userSignals(sql, userId);
  const result = search ? await search.forYouPicks(signals, limit) : ({ status: 'unavailable' } as const);
  const papers =
    result.status === 'ok'
      ? await listPapersByIds(
          sql,
          result.picks.map((p) => p.id),
        )
      : [];
  return { signals, result, papers };
}

/** Everything the For you page of `userId` shows, with `limit` picks. */
export async function forYouOverview(
  sql: Sql,
  search: SearchAccess | null | undefined,
  userId: number,
  limit: number,
): Promise<ForYouOverview> {
  const picked = await forYouPapers(sql, search, userId, limit);
  const picks = picked.result.status === 'ok' ? picked.result.picks : [];
  const named = [...new Set([...picks.flatMap((p) => (p.reason.kind === 'paper' ? [p.reason.id] : [])), ...picked.signals.seeds])];
  const [namedPapers, feedVersion] = await Promise.all([listPapersByIds(sql, named), forYouFeedVersion(sql, userId)]);
  const titles = new Map(namedPapers.map((p) => [p.id, plainTextOf(p.title)]));
  const paperOf = new Map(picked.papers.map((p) => [p.id, p]));
  const reasons = new Map(
    picks.map((p) => {
      const paper = paperOf.get(p.id);
      const words = paper ? asWrittenIn({ title: paper.title, abstract: paper.abstract, authors: [], categories: [] }, p.terms) : [];
      return [p.id, reasonText(p.reason, titles, words)];
    }),
  );
  return { ...picked, reasons, titles, feedVersion };
}

/** "Because you upvoted “…” — draft, speculative, verification": the source, then the pick's own words for it. */
function reasonText(r: PickReason, titles: Map<string, string>, words: string[]): string {
  const why = words.length > 0 ? ` — ${words.join(', ')}` : '';
  if (r.kind === 'topic') return `Matches your topic “${r.topic}”${why}`;
  const title = titles.get(r.id) ?? `arXiv:${r.id}`;
  return r.via === 'upvoted'
    ? `Because you upvoted “${title}”${why}`
    : r.via === 'saved'
      ? `Because you saved “${title}”${why}`
      : `Close to your seed paper “${title}”${why}`;
}
