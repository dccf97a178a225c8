// Author names and organization badges as links to their pages, with verified authors marked.
import type { VerifiedAuthor } from '../../store/author-claims.ts';
import type { Organization } from '../../store/papers.ts';

/** The page of the author written `name` (exactly as arXiv gives it). */
export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name)}`;
}

/** The page of the organization with handle `name`. */
export function orgPath(name: string): string {
  return `/orgs/${encodeURIComponent(name)}`;
}

/** A check mark linking to a verified author's profile. */
export function VerifiedMark({ user }: { user: { username: string; displayName: string } }) {
  return (
    <a
      class="verified-author"
      href={`/users/${encodeURIComponent(user.username)}`}
      title={`Verified author: ${user.displayName} (@${user.username})`}
    >
      <span aria-hidden="true">✓</span>
      <span class="sr-only">verified author {user.displayName}</span>
    </a>
  );
}

/** Every author of a paper, each linking to their author page; verified ones with a check mark to their profile. */
export function AuthorList({ authors, verified = [] }: { authors: string[]; verified?: VerifiedAuthor[] }) {
  const byPosition = new Map(verified.map((v) => [v.position, v]));
  return (
    <>
      {authors.map((name, i) => {
        const user = byPosition.get(i);
        return (
          <>
            {i > 0 ? ', ' : ''}
            <span class={user ? 'author author-verified' : 'author'}>
              <a href={authorPath(name)}>{name}</a>
              {user ? (
                <>
                  {' '}
                  <VerifiedMark user={user} />
                </>
              ) : null}
            </span>
          </>
        );
      })}
    </>
  );
}

/** The first `shown` authors as links, then "et al.", for a card. */
export function AuthorSummaryLinks({ authors, shown = 3 }: { authors: string[]; shown?: number }) {
  const first = authors.slice(0, shown);
  return (
    <>
      {first.map((name, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={authorPath(name)}>{name}</a>
        </>
      ))}
      {authors.length > shown ? ' et al.' : ''}
    </>
  );
}

/** An organization's badge, linking to its page. */
export function OrgBadge({ org }: { org: Organization }) {
  const label = org.fullname ?? org.name;
  return (
    <a class="org-badge" href={orgPath(org.name)} title={label}>
      {label}
    </a>
  );
}
