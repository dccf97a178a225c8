// GET /orgs/:name: the papers of an organization (a lab or company, as Hugging Face names them), newest first.
import type { Context } from 'hono';
import { safeHttpUrl } from '../../core/urls.ts';
import { NotFound } from '../../errors.ts';
import { getOrganization, listOrganizationPapers } from '../../store/author-papers.ts';
import type { AppDeps } from '../deps.ts';
import { intParam } from '../http/query.ts';
import { feedLinksFor, splitFeedSuffix } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { renderPage } from '../render-page.tsx';
import { voteStateFor } from '../vote-state.ts';
import { orgPath } from '../views/author-links.tsx';
import { plural } from '../views/format.ts';
import { PaperList } from '../views/paper-list-view.tsx';

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
  const page = intParam('page', c.req.query('page'), 1, 1, 100_000);
  const pageSize = deps.config.feedPageSize;
  const { papers, total } = await listOrganizationPapers(deps.sql, org.id, { limit: pageSize, offset: (page - 1) * pageSize });
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
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
    <>
      <section class="feed-head org-head">
        <div>
          <h1>
            {avatar ? (
              <img class="org-avatar" src={avatar} alt="" width="40" height="40" loading="lazy" referrerpolicy="no-referrer" />
            ) : null}
            {label}
          </h1>
          <p class="muted">
            {org.fullname ? <>{org.name} · </> : null}
            {plural(total, 'paper')} on this site ·{' '}
            <a href={`https://huggingface.co/${encodeURIComponent(org.name)}`} rel="nofollow">
              on Hugging Face
            </a>
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
        empty={<h2>No papers from {label} on this site yet</h2>}
      />
    </>,
  );
}
