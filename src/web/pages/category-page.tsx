// GET /categories/:cat (and .rss/.atom/.json): the papers of an arXiv category, newest first.
import type { Context } from 'hono';
import { BadRequest } from '../../errors.ts';
import { listCategoryPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { renderPage } from '../render-page.tsx';
import { loadPaperListPage } from '../paper-list-page.ts';
import { CategoryListing } from '../views/listing-views.tsx';

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
  const list = await loadPaperListPage(c, deps, (window) => listCategoryPapers(deps.sql, category, window));
  return renderPage(
    c,
    deps,
    { title: category, description, canonical: `${deps.config.baseUrl}${path}`, feeds: feedLinksFor(path, category) },
    <CategoryListing category={category} path={path} list={list} />,
  );
}
