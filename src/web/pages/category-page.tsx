// GET /categories/:cat (and .rss/.atom/.json): the papers of an arXiv category, newest first.
import type { Context } from 'hono';
import { BadRequest } from '../../errors.ts';
import { listCategoryPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { intParam } from '../http/query.ts';
import { renderPage } from '../render-page.tsx';
import { voteStateFor } from '../vote-state.ts';
import { plural } from '../views/format.ts';
import { PaperList } from '../views/paper-list-view.tsx';

const CATEGORY = /^[a-z]+(-[a-z]+)?(\.[A-Za-z]{2,})?$/;

export async function categoryPage(c: Context, deps: AppDeps): Promise<Response> {
  const { key: category, format } = splitFeedSuffix(c.req.param('cat') ?? '');
  if (!CATEGORY.test(category)) throw BadRequest(`"${category.slice(0, 40)}" is not an arXiv category (like cs.CL or astro-ph).`);
  const path = `/categories/${category}`;
  const description = `New research papers in ${category}`;
  if (format) {
    const { papers } = await listCategoryPapers(deps.sql, category, { limit: FEED_PAGE, offset: 0 });
    return papersFeed(c, deps, format, { title: category, description, path }, papers);
  }
  const page = intParam('page', c.req.query('page'), 1, 1, 100_000);
  const pageSize = deps.config.feedPageSize;
  const { papers, total } = await listCategoryPapers(deps.sql, category, { limit: pageSize, offset: (page - 1) * pageSize });
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  return renderPage(
    c,
    deps,
    { title: category, description, canonical: `${deps.config.baseUrl}${path}`, feeds: feedLinksFor(path, category) },
    <>
      <section class="feed-head">
        <div>
          <h1>{category}</h1>
          <p class="muted">
            {plural(total, 'paper')} on this site ·{' '}
            <a href={`https://arxiv.org/list/${category}/new`} rel="nofollow">
              arXiv's listing
            </a>{' '}
            · <a href={`${path}.rss`}>RSS</a>
          </p>
        </div>
      </section>
      <PaperList
        papers={papers}
        total={total}
        page={page}
        pageSize={pageSize}
        path={path}
        vote={vote}
        empty={<h2>No papers in {category} on this site yet</h2>}
      />
    </>,
  );
}
