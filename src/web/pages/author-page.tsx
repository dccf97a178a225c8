// GET /authors/:name: every paper that lists the author (the name exactly as arXiv writes it), newest
// first, and the site's users verified as this author.
import type { Context } from 'hono';
import { BadRequest } from '../../errors.ts';
import { verifiedUsersForAuthorName } from '../../store/author-claims.ts';
import { listAuthorPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { intParam } from '../http/query.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { renderPage } from '../render-page.tsx';
import { voteStateFor } from '../vote-state.ts';
import { authorPath } from '../views/author-links.tsx';
import { plural } from '../views/format.ts';
import { PaperList } from '../views/paper-list-view.tsx';

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
  const page = intParam('page', c.req.query('page'), 1, 1, 100_000);
  const pageSize = deps.config.feedPageSize;
  const [{ papers, total }, verified] = await Promise.all([
    listAuthorPapers(deps.sql, name, { limit: pageSize, offset: (page - 1) * pageSize }),
    verifiedUsersForAuthorName(deps.sql, name),
  ]);
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  const path = authorPath(name);
  return renderPage(
    c,
    deps,
    {
      title: name,
      description: `Research papers by ${name}`,
      canonical: `${deps.config.baseUrl}${path}`,
      status: total === 0 ? 404 : 200,
      feeds: feedLinksFor(path, name),
    },
    <>
      <section class="feed-head author-head">
        <div>
          <h1>{name}</h1>
          <p class="muted">
            {plural(total, 'paper')} on this site ·{' '}
            <a href={`https://arxiv.org/search/?searchtype=author&query=${encodeURIComponent(name)}`} rel="nofollow">
              search arXiv for this name
            </a>
          </p>
          {verified.length > 0 ? (
            <p class="verified-authors">
              <span aria-hidden="true">✓ </span>Verified author on this site:{' '}
              {verified.map((u, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`/users/${encodeURIComponent(u.username)}`}>{u.displayName}</a>
                </>
              ))}
            </p>
          ) : null}
        </div>
      </section>
      <PaperList
        papers={papers}
        total={total}
        page={page}
        pageSize={pageSize}
        path={path}
        vote={vote}
        empty={
          <>
            <h2>No papers by {name} here</h2>
            <p>Authors are named exactly as on arXiv; the spelling on a paper page links to the right author page.</p>
          </>
        }
      />
    </>,
  );
}
