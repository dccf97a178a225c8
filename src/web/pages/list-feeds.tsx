// Feeds of lists that belong to people: a public collection (/collections/12.rss) and a user's
// submissions (/users/ada.atom). Feed readers carry no cookies, so a private collection has no feed.
import type { Context } from 'hono';
import { NotFound } from '../../errors.ts';
import { getCollection, listCollectionPapers } from '../../store/collections.ts';
import { findProfileUser, listSubmittedPapers } from '../../store/profiles.ts';
import type { AppDeps } from '../deps.ts';
import { splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';

export async function collectionFeed(c: Context, deps: AppDeps): Promise<Response> {
  const { key, format } = splitFeedSuffix(c.req.param('feed') ?? '');
  const id = Number(key);
  const collection = format && Number.isSafeInteger(id) ? await getCollection(deps.sql, id) : null;
  if (!format || !collection?.public) throw NotFound('There is no public collection here.');
  const { papers } = await listCollectionPapers(deps.sql, id, { limit: FEED_PAGE, offset: 0 });
  return papersFeed(
    c,
    deps,
    format,
    {
      title: collection.title,
      description: collection.description || `A reading list on ${deps.config.siteName}`,
      path: `/collections/${id}`,
    },
    papers,
  );
}

export async function submissionsFeed(c: Context, deps: AppDeps): Promise<Response> {
  const { key, format } = splitFeedSuffix(c.req.param('feed') ?? '');
  const user = format ? await findProfileUser(deps.sql, key) : null;
  if (!format || !user) throw NotFound(`There is no user named "${key.slice(0, 40)}".`);
  const papers = await listSubmittedPapers(deps.sql, user.id, { limit: FEED_PAGE, offset: 0 });
  return papersFeed(
    c,
    deps,
    format,
    {
      title: `submitted by ${user.displayName}`,
      description: `Papers ${user.displayName} submitted to the daily page`,
      path: `/users/${user.username}`,
    },
    papers,
  );
}
