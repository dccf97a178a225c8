// GET /authors/:name: every paper that lists the author (the name exactly as arXiv writes it), newest
// first, and the site's users verified as this author.
import type { Context } from 'hono';
import { BadRequest } from '../../errors.ts';
import { verifiedUsersForAuthorName } from '../../store/author-claims.ts';
import { listAuthorPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { renderPage } from '../render-page.tsx';
import { loadPaperListPage } from '../paper-list-page.ts';
import { authorPath } from '../views/author-links.tsx';
import { AuthorListing } from '../views/listing-views.tsx';

// arXiv's longest author names are well under this; anything longer is not a name.
const MAX_NAME_LENGTH = 300;

/** The author page handler. */
export async function authorPage(c: Context, deps: AppDeps): Promise<Response> {
  const { key: name, format } = splitFeedSuffix(c.req.param('name') ?? '');
  if (name.trim() === '' || name.length > MAX_NAME_LENGTH) throw BadRequest('That is not an author name.');
  if (format) {
    const { papers } = await listAuthorPapers(deps.sql, name, { limit: FEED_PAGE, offset: 0 });
    return papersFeed(c, deps, format, { title: name, description: `Research papers by ${name}`, path: authorPath(name) }, papers);
  }
  const [list, verified] = await Promise.all([
    loadPaperListPage(c, deps, (window) => listAuthorPapers(deps.sql, name, window)),
    verifiedUsersForAuthorName(deps.sql, name),
  ]);
  const path = authorPath(name);
  return renderPage(
    c,
    deps,
    {
      title: name,
      description: `Research papers by ${name}`,
      canonical: `${deps.config.baseUrl}${path}`,
      status: list.total === 0 ? 404 : 200,
      feeds: feedLinksFor(path, name),
    },
    <AuthorListing name={name} path={path} verified={verified} list={list} />,
  );
}
