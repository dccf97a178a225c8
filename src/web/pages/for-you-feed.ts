// GET /for-you/feed/<user id>-<token>.rss|.atom|.json: a user's For you picks in a feed reader, through a private
// link (src/recommend/feed-token.ts). A wrong, revoked or malformed link is a 404, whatever was wrong with it.
import type { Context } from 'hono';
import { NotFound } from '../../errors.ts';
import { parseForYouFeedKey, validForYouFeedToken } from '../../recommend/feed-token.ts';
import { forYouPapers } from '../../recommend/for-you-overview.ts';
import { forYouFeedVersion } from '../../store/interests.ts';
import { getUser } from '../../store/users.ts';
import { siteSecret } from '../http/csrf.ts';
import type { AppDeps } from '../deps.ts';
import { splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';

const GONE = 'No such feed: the link is wrong or was replaced. Copy the current one from your For you page.';

export async function forYouFeed(c: Context, deps: AppDeps): Promise<Response> {
  const { key, format } = splitFeedSuffix(c.req.param('key') ?? '');
  const parsed = format ? parseForYouFeedKey(key) : null;
  if (!format || !parsed) throw NotFound(GONE);
  const [user, version, secret] = await Promise.all([
    getUser(deps.sql, parsed.userId),
    forYouFeedVersion(deps.sql, parsed.userId),
    siteSecret(deps),
  ]);
  if (!user || user.suspended || !validForYouFeedToken(secret, parsed.userId, version, parsed.token)) throw NotFound(GONE);
  const { papers } = await forYouPapers(deps.sql, deps.search, user.id, FEED_PAGE);
  return papersFeed(
    c,
    deps,
    format,
    {
      title: `For you (${user.displayName})`,
      description: 'Recent papers picked for you from what you upvoted, saved and set aside',
      path: '/for-you',
    },
    papers,
    { personal: true },
  );
}
