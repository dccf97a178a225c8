// The one route table: every URL the site answers, pages and API alike.
import type { Context, Hono } from 'hono';
import { dailyPapersApi } from './api/daily-papers.ts';
import { paperApi } from './api/paper.ts';
import type { AppDeps } from './deps.ts';
import type { PersonalPages } from './http/page-cache.ts';
import { latestFeedDocument, latestFeedPage, listingFeedPage } from './pages/feed-page.tsx';
import { FEED_FORMATS } from './feed-response.ts';
import { healthz, readyz } from './pages/health.ts';
import { paperPage } from './pages/paper-page.tsx';
import { paperMarkdownFile } from './pages/paper-markdown-page.ts';
import {
  commentDeleteSubmit,
  commentEditPage,
  commentEditSubmit,
  commentPermalink,
  commentPreview,
  commentSubmit,
} from './pages/comments.tsx';
import { submitPage, submitPaper } from './pages/submit-page.tsx';
import { authorPage } from './pages/author-page.tsx';
import { orgPage } from './pages/org-page.tsx';
import { adminClaimsPage, claimSubmit, decideClaimSubmit } from './pages/claims.tsx';
import { aboutPage } from './pages/about-page.tsx';
import { trendingFeed, trendingPage } from './pages/trending-page.tsx';
import { voteSubmit } from './pages/vote.ts';
import { cached } from './http/page-cache.ts';
import { staticAsset } from './static-route.ts';
import { categoryPage } from './pages/category-page.tsx';
import { collectionFeed, submissionsFeed } from './pages/list-feeds.tsx';
import { digestSettingsPage, digestSettingsSubmit, manageByLinkPage, manageByLinkSubmit } from './pages/digest/manage.tsx';
import { confirmSubscriptionPage, subscribePage, subscribeSubmit } from './pages/digest/subscribe.tsx';
import { unsubscribePage, unsubscribeSubmit } from './pages/digest/unsubscribe.tsx';
import { digestPreviewPage, digestViewPage } from './pages/digest/view.tsx';
import {
  addCollectionPaperSubmit,
  collectionShowPage,
  deleteCollectionSubmit,
  editCollectionSubmit,
  removeCollectionPaperSubmit,
} from './pages/collections/collection-page.tsx';
import { collectionsIndexPage, createCollectionSubmit } from './pages/collections/index-page.tsx';
import { savedPapersJson, savePaperPage, savePaperSubmit } from './pages/collections/save-page.tsx';
import { profilePage } from './pages/profile-page.tsx';
import { adminPage, roleSubmit } from './pages/admin.tsx';
import { moderateGet, moderatePost, moderationLogPage } from './pages/moderation.tsx';
import { loginPage, loginSubmit, logoutSubmit } from './pages/account/login.tsx';
import { forgotPage, forgotSubmit, resetPage, resetSubmit } from './pages/account/password-reset.tsx';
import {
  deleteAccountSubmit,
  emailSubmit,
  passwordSubmit,
  profileSubmit,
  resendVerificationSubmit,
  settingsGet,
} from './pages/account/settings.tsx';
import { signupPage, signupSubmit } from './pages/account/signup.tsx';
import { confirmEmailChangePage, verifyEmailPage } from './pages/account/verify.tsx';
import { searchPage, searchResultsFragment } from './pages/search-page.tsx';
import { similarPage } from './pages/similar-page.tsx';
import { forYouFeedSubmit, forYouInterestsSubmit, forYouPage, notInterestedSubmit } from './pages/for-you-page.tsx';
import { forYouFeed } from './pages/for-you-feed.ts';
import { searchFeed } from './pages/search-feed.ts';
import { searchApi } from './api/search.ts';

type Handler = (c: Context, deps: AppDeps) => Response | Promise<Response>;

// Old-style arXiv ids contain a slash (hep-th/9901001, math.AG/0601001): archive, then number.
const OLD_STYLE = ':archive{[a-z-]+(?:\\.[A-Z]{2})?}/:id{[0-9]{7}(?:v[0-9]+)?}';
// The paper page as Markdown (what huggingface_hub's read_paper fetches), for either id style.
const MARKDOWN_FILE = ':file{[^/]+\\.md}';
const OLD_STYLE_MARKDOWN = ':archive{[a-z-]+(?:\\.[A-Z]{2})?}/:file{[0-9]{7}(?:v[0-9]+)?\\.md}';

// `cache`: the response is the same for every anonymous visitor and changes only with the papers (see page-cache.ts).
// cache: anonymous answers are shared (page-cache.ts). personal: the page differs between viewers only in the
// account menu, the CSRF token and the vote buttons, so logged-in viewers get the shared page with theirs filled in.
// searchIndex: the page shows search results, so it is cached per version of the index (the database's changes
// reach the index a moment after the notification that empties the cache).
type Route = [method: 'GET' | 'POST', path: string, handler: Handler, opts?: { cache: true; personal?: true; searchIndex?: true }];

const routes: Route[] = [
  ['GET', '/', (c) => c.redirect('/papers', 302)],
  ['GET', '/healthz', healthz],
  ['GET', '/readyz', readyz],
  ['GET', '/static/*', (c) => staticAsset(c)],
  // Browsers ask for /favicon.ico whatever the page links; answer with the SVG icon.
  ['GET', '/favicon.ico', (c) => staticAsset(c, 'favicon.svg')],
  ['GET', '/papers', latestFeedPage, { cache: true, personal: true }],
  ...FEED_FORMATS.map((f): Route => ['GET', `/papers.${f}`, latestFeedDocument(f), { cache: true }]),
  ['GET', '/papers/date/:key', listingFeedPage('day'), { cache: true, personal: true }],
  ['GET', '/papers/week/:key', listingFeedPage('week'), { cache: true, personal: true }],
  ['GET', '/papers/month/:key', listingFeedPage('month'), { cache: true, personal: true }],
  // Before /papers/:id, which would take "trending" for an arXiv id.
  ['GET', '/papers/trending', trendingPage, { cache: true, personal: true }],
  ...FEED_FORMATS.map((f): Route => ['GET', `/papers/trending.${f}`, trendingFeed(f), { cache: true }]),
  ['GET', `/papers/${OLD_STYLE_MARKDOWN}`, paperMarkdownFile, { cache: true }],
  ['GET', `/papers/${MARKDOWN_FILE}`, paperMarkdownFile, { cache: true }],
  ['GET', `/papers/${OLD_STYLE}`, paperPage, { cache: true, personal: true }],
  ['GET', '/papers/:id', paperPage, { cache: true, personal: true }],
  ['GET', '/papers/:id/similar', similarPage, { cache: true, personal: true }],
  ['POST', '/papers/:id/not-interested', notInterestedSubmit],
  ['GET', '/for-you', forYouPage],
  ['POST', '/for-you/interests', forYouInterestsSubmit],
  ['POST', '/for-you/feed', forYouFeedSubmit],
  ['GET', '/for-you/feed/:key', forYouFeed],
  // Accounts
  ['GET', '/signup', signupPage],
  ['POST', '/signup', signupSubmit],
  ['GET', '/login', loginPage],
  ['POST', '/login', loginSubmit],
  ['POST', '/logout', logoutSubmit],
  ['GET', '/verify', verifyEmailPage],
  ['GET', '/confirm-email', confirmEmailChangePage],
  ['GET', '/forgot', (c, deps) => forgotPage(c, deps)],
  ['POST', '/forgot', forgotSubmit],
  ['GET', '/reset/:token', resetPage],
  ['POST', '/reset/:token', resetSubmit],
  ['GET', '/settings', settingsGet],
  ['POST', '/settings/profile', profileSubmit],
  ['POST', '/settings/email', emailSubmit],
  ['POST', '/settings/password', passwordSubmit],
  ['POST', '/settings/verify', resendVerificationSubmit],
  ['POST', '/settings/delete', deleteAccountSubmit],
  ['GET', '/categories/:cat', categoryPage, { cache: true, personal: true }],
  // Digest subscriptions
  ['GET', '/subscribe', subscribePage],
  ['POST', '/subscribe', subscribeSubmit],
  ['GET', '/subscribe/confirm', confirmSubscriptionPage],
  ['GET', '/unsubscribe', unsubscribePage],
  ['POST', '/unsubscribe', unsubscribeSubmit],
  ['GET', '/subscription', manageByLinkPage],
  ['POST', '/subscription', manageByLinkSubmit],
  ['GET', '/settings/digest', digestSettingsPage],
  ['POST', '/settings/digest', digestSettingsSubmit],
  ['GET', '/digest/preview', digestPreviewPage],
  ['GET', '/digest/view', digestViewPage],
  // Votes and trending (GET /papers/trending is with the paper routes above)
  ['POST', `/papers/${OLD_STYLE}/vote`, voteSubmit],
  ['POST', '/papers/:id/vote', voteSubmit],
  ['GET', '/about', aboutPage, { cache: true }],
  // Comments
  ['POST', `/papers/${OLD_STYLE}/comments`, commentSubmit],
  ['POST', '/papers/:id/comments', commentSubmit],
  ['POST', '/comments/preview', commentPreview],
  ['GET', '/comments/:id{[0-9]+}', commentPermalink],
  ['GET', '/comments/:id{[0-9]+}/edit', commentEditPage],
  ['POST', '/comments/:id{[0-9]+}/edit', commentEditSubmit],
  ['POST', '/comments/:id{[0-9]+}/delete', commentDeleteSubmit],
  // Submissions, authors, organizations
  ['GET', '/submit', submitPage],
  ['POST', '/submit', submitPaper],
  ['GET', '/authors/:name', authorPage, { cache: true, personal: true }],
  ['GET', '/orgs/:name', orgPage, { cache: true, personal: true }],
  ['POST', '/claims', claimSubmit],
  ['GET', '/admin/claims', adminClaimsPage],
  ['POST', '/admin/claims/:id/approve', decideClaimSubmit(true)],
  ['POST', '/admin/claims/:id/reject', decideClaimSubmit(false)],
  // Collections and profiles
  ['GET', '/collections', collectionsIndexPage],
  ['POST', '/collections', createCollectionSubmit],
  ['GET', '/collections/saved', savedPapersJson],
  ['GET', '/collections/:feed{[0-9]+\\.(?:rss|atom|json)}', collectionFeed, { cache: true }],
  ['GET', '/collections/:id{[0-9]+}', collectionShowPage, { cache: true, personal: true }],
  ['POST', '/collections/:id{[0-9]+}/edit', editCollectionSubmit],
  ['POST', '/collections/:id{[0-9]+}/delete', deleteCollectionSubmit],
  ['POST', '/collections/:id{[0-9]+}/papers', addCollectionPaperSubmit],
  ['POST', '/collections/:id{[0-9]+}/papers/remove', removeCollectionPaperSubmit],
  ['GET', `/papers/${OLD_STYLE}/save`, savePaperPage],
  ['GET', '/papers/:id/save', savePaperPage],
  ['POST', `/papers/${OLD_STYLE}/save`, savePaperSubmit],
  ['POST', '/papers/:id/save', savePaperSubmit],
  ['GET', '/users/:feed{[A-Za-z0-9_-]+\\.(?:rss|atom|json)}', submissionsFeed, { cache: true }],
  ['GET', '/users/:username', profilePage],
  // Moderation and administration
  ['GET', '/moderation', moderationLogPage],
  ['GET', '/moderate', moderateGet],
  ['POST', '/moderate', moderatePost],
  ['GET', '/admin', adminPage],
  ['POST', '/admin/role', roleSubmit],
  // Search
  ...FEED_FORMATS.map((f): Route => ['GET', `/search.${f}`, searchFeed(f)]),
  ['GET', '/search', searchPage, { cache: true, personal: true, searchIndex: true }],
  ['GET', '/search/results', searchResultsFragment],
  ['GET', '/api/papers/search', searchApi],
  // JSON API
  ['GET', '/api/daily_papers', dailyPapersApi, { cache: true }],
  ['GET', `/api/papers/${OLD_STYLE}`, paperApi, { cache: true }],
  ['GET', '/api/papers/:id', paperApi, { cache: true }],
];

/** Registers every route on `app`. */
export function registerRoutes(app: Hono, deps: AppDeps): void {
  const personal: PersonalPages = { deps, renderAnonymously: (c) => Promise.resolve(app.fetch(anonymousRequest(c), c.env)) };
  for (const [method, path, handler, opts] of routes) {
    const run = (c: Context) => handler(c, deps);
    const variant = opts?.searchIndex ? () => deps.search?.status().version ?? 'off' : undefined;
    app.on(method, path, opts?.cache && deps.pageCache ? cached(deps.pageCache, run, opts.personal ? personal : undefined, variant) : run);
  }
}

/** The same GET without the visitor's cookies: what anyone not logged in would ask. */
function anonymousRequest(c: Context): Request {
  const headers = new Headers(c.req.raw.headers);
  headers.delete('cookie');
  headers.delete('if-none-match');
  headers.delete('if-modified-since');
  return new Request(c.req.url, { method: 'GET', headers });
}
