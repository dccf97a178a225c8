// GET /orgs/:name: the papers of an organization (a lab or company, as Hugging Face names them), newest first.
import type { Context } from 'hono';
import { safeHttpUrl } from '../../core/urls.ts';
import { NotFound } from '../../errors.ts';
import { getOrganization, listOrganizationPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { renderPage } from '../render-page.tsx';
import { loadPaperListPage } from '../paper-list-page.ts';
import { orgPath } from '../views/author-links.tsx';
import { OrgListing } from '../views/listing-views.tsx';

/** The organization page handler. */
export async function orgPage(c: Context, deps: AppDeps): Promise<Response> {
  const { key: name, format } = splitFeedSuffix(c.req.param('name') ?? '');
  const org = await getOrganization(deps.sql, name);
  if (!org) throw NotFound(`There is no organization "${name.slice(0, 100)}" on this site.`);
  if (format) {
    const { papers } = await listOrganizationPapers(deps.sql, org.id, { limit: FEED_PAGE, offset: 0 });
    return papersFeed(
      c,
      deps,
      format,
      { title: org.fullname ?? org.name, description: `Research papers from ${org.fullname ?? org.name}`, path: orgPath(org.name) },
      papers,
    );
  }
  const list = await loadPaperListPage(c, deps, (window) => listOrganizationPapers(deps.sql, org.id, window));
  const label = org.fullname ?? org.name;
  const avatar = safeHttpUrl(org.avatarUrl);
  const path = orgPath(org.name);
  return renderPage(
    c,
    deps,
    {
      title: label,
      description: `Research papers from ${label}`,
      canonical: `${deps.config.baseUrl}${path}`,
      feeds: feedLinksFor(path, label),
    },
    <OrgListing name={org.name} label={label} fullname={org.fullname} avatar={avatar} path={path} list={list} />,
  );
}
