// GET /users/:username[?tab=submitted|upvoted|comments|collections&page=N]: a user's public profile.
// Upvotes show only when the user made them public (or to themselves); private collections only to their owner.
import type { Context } from 'hono';
import { NotFound } from '../../errors.ts';
import { listUserCollections } from '../../store/collections.ts';
import {
  findProfileUser,
  listSubmittedPapers,
  listUpvotedPapers,
  listUserComments,
  profileCounts,
  verifiedAuthorships,
} from '../../store/profiles.ts';
import type { AppDeps } from '../deps.ts';
import * as v from 'valibot';
import { choiceField, PAGE_QUERY, queryValues } from '../http/schema.ts';
import { renderPage } from '../render-page.tsx';
import { ProfileView, type ProfileTab, type TabContent } from '../views/profile-view.tsx';

const PROFILE_PAGE_SIZE = 30;

const PROFILE_QUERY = v.object({
  tab: choiceField('tab', ['submitted', 'upvoted', 'comments', 'collections'] satisfies ProfileTab[], 'submitted'),
  page: PAGE_QUERY.entries.page,
});

/** The profile page handler. */
export async function profilePage(c: Context, deps: AppDeps): Promise<Response> {
  const requested = c.req.param('username') ?? '';
  const user = await findProfileUser(deps.sql, requested);
  if (!user) throw NotFound(`There is no user named "${requested.slice(0, 40)}".`);
  if (user.username !== requested) return c.redirect(`/users/${user.username}${new URL(c.req.url).search}`, 301);
  const { tab, page } = queryValues(c, PROFILE_QUERY);
  const isOwner = c.get('viewer').user?.id === user.id;
  const showUpvotes = user.upvotesPublic || isOwner;
  const slice = { limit: PROFILE_PAGE_SIZE, offset: (page - 1) * PROFILE_PAGE_SIZE };

  const contentOf = async (): Promise<TabContent> => {
    switch (tab) {
      case 'submitted':
        return { tab, papers: await listSubmittedPapers(deps.sql, user.id, slice) };
      case 'upvoted':
        return showUpvotes ? { tab, papers: await listUpvotedPapers(deps.sql, user.id, slice) } : { tab, hidden: true };
      case 'comments':
        return { tab, comments: await listUserComments(deps.sql, user.id, slice) };
      case 'collections':
        return { tab, collections: (await listUserCollections(deps.sql, user.id, { includePrivate: isOwner, ...slice })).collections };
    }
  };
  const [counts, authorships, content] = await Promise.all([
    profileCounts(deps.sql, user.id),
    verifiedAuthorships(deps.sql, user.id),
    contentOf(),
  ]);
  // The owner's view holds private lists and upvotes: never kept by a shared cache.
  if (isOwner) c.header('Cache-Control', 'private, no-store');
  return renderPage(
    c,
    deps,
    {
      title: `${user.displayName} (@${user.username})`,
      description: `Papers, comments and collections of ${user.displayName}`,
      canonical: `${deps.config.baseUrl}/users/${user.username}`,
    },
    <ProfileView
      user={user}
      counts={counts}
      authorships={authorships}
      isOwner={isOwner}
      showUpvotes={showUpvotes}
      content={content}
      page={page}
      pageSize={PROFILE_PAGE_SIZE}
    />,
  );
}
