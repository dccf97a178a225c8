// A user's profile: name, badges and verified authorships, then one tab at a time of submitted papers,
// upvoted papers, comments and collections.
import { raw } from 'hono/html';
import { renderRichText } from '../../core/math.ts';
import type { Collection } from '../../store/collections.ts';
import type { FeedPaper } from '../../store/papers.ts';
import type { ProfileComment, ProfileCounts, ProfileUser, VerifiedAuthorship } from '../../store/profiles.ts';
import { CollectionRow } from './collection-views.tsx';
import { shortDate } from './format.ts';
import { PaperCard } from './paper-card.tsx';
import { Pager } from './pager.tsx';

export type ProfileTab = 'submitted' | 'upvoted' | 'comments' | 'collections';

export type TabContent =
  | { tab: 'submitted' | 'upvoted'; papers: FeedPaper[] }
  | { tab: 'upvoted'; hidden: true }
  | { tab: 'comments'; comments: ProfileComment[] }
  | { tab: 'collections'; collections: Collection[] };

export interface ProfileViewProps {
  user: ProfileUser;
  counts: ProfileCounts;
  authorships: VerifiedAuthorship[];
  isOwner: boolean;
  /** Whether the viewer may see the upvoted papers (public, or their own). */
  showUpvotes: boolean;
  content: TabContent;
  page: number;
  pageSize: number;
}

/** The URL of a tab's page. */
export function profileHref(username: string, tab: ProfileTab, page = 1): string {
  const q = new URLSearchParams();
  if (tab !== 'submitted') q.set('tab', tab);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/users/${username}${s ? `?${s}` : ''}`;
}

/** Renders the body of /users/:username. */
export function ProfileView(p: ProfileViewProps) {
  const u = p.user;
  const collections = p.isOwner ? p.counts.allCollections : p.counts.publicCollections;
  const tabs: [ProfileTab, string, number][] = [
    ['submitted', 'Submitted', p.counts.submitted],
    ...(p.showUpvotes ? [['upvoted', 'Upvoted', p.counts.upvoted] as [ProfileTab, string, number]] : []),
    ['comments', 'Comments', p.counts.comments],
    ['collections', 'Collections', collections],
  ];
  const total = tabs.find(([t]) => t === p.content.tab)?.[2] ?? 0;
  return (
    <section class="profile">
      <header class="profile-head">
        <h1>
          {u.displayName}{' '}
          {u.role !== 'user' ? <span class={`badge badge-role badge-${u.role}`}>{u.role === 'admin' ? 'admin' : 'moderator'}</span> : null}
          {u.suspended ? <span class="badge badge-warn">suspended</span> : null}
          {p.authorships.length > 0 ? (
            <span class="badge badge-verified" title="An administrator confirmed their authorship">
              verified author
            </span>
          ) : null}
        </h1>
        <p class="muted">
          @{u.username} · joined {shortDate(u.createdAt)}
          {p.isOwner ? (
            <>
              {' · '}
              <a href="/settings">edit profile</a> · <a href="/collections">manage collections</a>
            </>
          ) : null}
        </p>
        {p.authorships.length > 0 ? (
          <p class="verified-authorships">
            Verified author of{' '}
            {p.authorships.map((a, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/papers/${a.paperId}`}>{raw(renderRichText(a.title))}</a>
                {a.authorName ? <span class="muted"> (as {a.authorName})</span> : null}
              </>
            ))}
          </p>
        ) : null}
      </header>
      <nav class="sort-tabs profile-tabs" aria-label="Profile sections">
        {tabs.map(([tab, label, count]) => (
          <a href={profileHref(u.username, tab)} aria-current={p.content.tab === tab ? 'page' : undefined}>
            {label} <span class="muted">{count.toLocaleString('en-US')}</span>
          </a>
        ))}
      </nav>
      <TabBody {...p} />
      <Pager
        page={p.page}
        total={'hidden' in p.content ? 0 : total}
        pageSize={p.pageSize}
        hrefFor={(n) => profileHref(u.username, p.content.tab, n)}
      />
    </section>
  );
}

function Empty({ page, username, tab, children }: { page: number; username: string; tab: ProfileTab; children: string }) {
  return (
    <section class="empty">
      <h2>{page > 1 ? 'Nothing on this page' : children}</h2>
      {page > 1 ? (
        <p>
          <a href={profileHref(username, tab)}>Back to the first page</a>
        </p>
      ) : null}
    </section>
  );
}

function TabBody(p: ProfileViewProps) {
  const c = p.content;
  const name = p.isOwner ? 'You have' : `${p.user.displayName} has`;
  const empty = (text: string) => (
    <Empty page={p.page} username={p.user.username} tab={c.tab}>
      {text}
    </Empty>
  );
  if ('hidden' in c) {
    return (
      <section class="empty">
        <h2>Upvotes are private</h2>
        <p>{p.user.displayName} keeps the papers they upvoted to themselves.</p>
      </section>
    );
  }
  switch (c.tab) {
    case 'submitted':
    case 'upvoted':
      if (c.papers.length === 0)
        return empty(c.tab === 'submitted' ? `${name} not submitted any papers yet` : `${name} not upvoted any papers yet`);
      return (
        <>
          {c.tab === 'upvoted' && p.isOwner && !p.user.upvotesPublic ? (
            <p class="muted">
              Only you can see this list. <a href="/settings">Show it on your profile</a>.
            </p>
          ) : null}
          <section class="cards" aria-label="Papers">
            {c.papers.map((paper) => (
              <PaperCard paper={paper} />
            ))}
          </section>
        </>
      );
    case 'comments':
      if (c.comments.length === 0) return empty(`${name} not commented yet`);
      return (
        <ol class="profile-comments">
          {c.comments.map((m) => (
            <li class="profile-comment">
              <p class="muted">
                On <a href={`/papers/${m.paperId}`}>{raw(renderRichText(m.paperTitle))}</a> ·{' '}
                <a href={`/comments/${m.id}`}>{shortDate(m.createdAt)}</a>
                {m.editedAt ? ' (edited)' : ''}
              </p>
              <div class="comment-body">{raw(m.bodyHtml)}</div>
            </li>
          ))}
        </ol>
      );
    case 'collections':
      if (c.collections.length === 0)
        return empty(p.isOwner ? 'You have no collections yet' : `${p.user.displayName} has no public collections`);
      return (
        <ul class="collection-list">
          {c.collections.map((col) => (
            <CollectionRow collection={col} showVisibility={p.isOwner} />
          ))}
        </ul>
      );
  }
}
