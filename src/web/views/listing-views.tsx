// The bodies of the list pages of one category, one organization and one author: a heading with the
// count and where to look further, then the cards (paper-list-view.tsx).
import type { Child } from 'hono/jsx';
import type { PaperListPage } from '../paper-list-page.ts';
import { plural } from './format.ts';
import { PaperList } from './paper-list-view.tsx';

interface ListingHeadProps {
  kind?: string;
  heading: Child;
  total: number;
  /** Before the count in the line under the heading. */
  before?: Child;
  /** Links after the count. */
  children: Child;
  /** Below that line. */
  after?: Child;
}

function ListingHead({ kind, heading, total, before, children, after }: ListingHeadProps) {
  return (
    <section class={kind ? `feed-head ${kind}` : 'feed-head'}>
      <div>
        <h1>{heading}</h1>
        <p class="muted">
          {before}
          {plural(total, 'paper')} on this site · {children}
        </p>
        {after}
      </div>
    </section>
  );
}

export function CategoryListing({ category, path, list }: { category: string; path: string; list: PaperListPage }) {
  return (
    <>
      <ListingHead heading={category} total={list.total}>
        <a href={`https://arxiv.org/list/${category}/new`} rel="nofollow">
          arXiv's listing
        </a>{' '}
        · <a href={`${path}.rss`}>RSS</a>
      </ListingHead>
      <PaperList {...list} path={path} empty={<h2>No papers in {category} on this site yet</h2>} />
    </>
  );
}

export function OrgListing(p: {
  name: string;
  label: string;
  fullname: string | null;
  avatar: string | null;
  path: string;
  list: PaperListPage;
}) {
  const heading = (
    <>
      {p.avatar ? (
        <img class="org-avatar" src={p.avatar} alt="" width="40" height="40" loading="lazy" referrerpolicy="no-referrer" />
      ) : null}
      {p.label}
    </>
  );
  return (
    <>
      <ListingHead kind="org-head" heading={heading} total={p.list.total} before={p.fullname ? <>{p.name} · </> : null}>
        <a href={`https://huggingface.co/${encodeURIComponent(p.name)}`} rel="nofollow">
          on Hugging Face
        </a>
      </ListingHead>
      <PaperList {...p.list} path={p.path} empty={<h2>No papers from {p.label} on this site yet</h2>} />
    </>
  );
}

export function AuthorListing(p: {
  name: string;
  path: string;
  verified: { username: string; displayName: string }[];
  list: PaperListPage;
}) {
  return (
    <>
      <ListingHead
        kind="author-head"
        heading={p.name}
        total={p.list.total}
        after={
          p.verified.length > 0 ? (
            <p class="verified-authors">
              <span aria-hidden="true">✓ </span>Verified author on this site:{' '}
              {p.verified.map((u, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`/users/${encodeURIComponent(u.username)}`}>{u.displayName}</a>
                </>
              ))}
            </p>
          ) : null
        }
      >
        <a href={`https://arxiv.org/search/?searchtype=author&query=${encodeURIComponent(p.name)}`} rel="nofollow">
          search arXiv for this name
        </a>
      </ListingHead>
      <PaperList
        {...p.list}
        path={p.path}
        empty={
          <>
            <h2>No papers by {p.name} here</h2>
            <p>Authors are named exactly as on arXiv; the spelling on a paper page links to the right author page.</p>
          </>
        }
      />
    </>
  );
}
