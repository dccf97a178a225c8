// The HTML shell of every page: head, header with navigation, main, footer.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assetUrl } from '../static-files.ts';

export interface LayoutProps {
  title: string;
  siteName: string;
  description?: string;
  canonical?: string;
  /** Reloads the page after this many seconds (works without JavaScript), e.g. while a harvest runs. */
  refreshSeconds?: number;
  /** The query of a search page, shown in the header's search box. */
  searchQuery?: string;
  /** Feeds of this page, announced for autodiscovery. */
  feeds?: { type: string; href: string; title: string }[];
  /**
   * The logged-in user (header menu) and the CSRF token of this page's forms; absent for anonymous pages. 'slots':
   * the page is rendered once for everyone and each viewer's parts are filled in later (see personal-page.ts).
   */
  viewer?: PageViewer | 'slots';
  children: Child;
}

export interface PageViewer {
  user: { username: string; displayName: string; role: string } | null;
  csrf: string | null;
}

/** Where a shared page's per-viewer parts go: the CSRF meta tag and the account menu (see personal-page.ts). */
export const VIEWER_SLOTS = { csrfMeta: '<!--dp:csrf-meta-->', accountNav: '<!--dp:account-nav-->' } as const;

/** The CSRF token's meta tag (JavaScript reads it), when the page has a token. */
export function CsrfMeta({ csrf }: { csrf: string | null }) {
  return csrf ? <meta name="csrf-token" content={csrf} /> : null;
}

/** The account menu: the user's links and log-out, or log-in and sign-up. */
export function AccountNav({ viewer }: { viewer: PageViewer | undefined }) {
  return (
    <nav class="account-nav" aria-label="Account">
      {viewer?.user ? (
        <>
          <a href="/for-you">For you</a>
          <a href={`/users/${viewer.user.username}`}>{viewer.user.displayName}</a>
          <a href="/collections">Collections</a>
          <a href="/settings">Settings</a>
          <form method="post" action="/logout" class="inline-form">
            <input type="hidden" name="_csrf" value={viewer.csrf ?? ''} />
            <button type="submit" class="link-button">
              Log out
            </button>
          </form>
        </>
      ) : (
        <>
          <a href="/login">Log in</a>
          <a href="/signup" class="button">
            Sign up
          </a>
        </>
      )}
    </nav>
  );
}

/** Renders a full HTML document around `children`. */
export function Layout(props: LayoutProps) {
  const fullTitle = props.title === props.siteName ? props.siteName : `${props.title} · ${props.siteName}`;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{fullTitle}</title>
          {props.description ? <meta name="description" content={props.description} /> : null}
          {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
          {(props.feeds ?? []).map((f) => (
            <link rel="alternate" type={f.type} href={f.href} title={f.title} />
          ))}
          {props.viewer === 'slots' ? raw(VIEWER_SLOTS.csrfMeta) : <CsrfMeta csrf={props.viewer?.csrf ?? null} />}
          {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
          <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
          <link rel="stylesheet" href={assetUrl('style.css')} />
          <link rel="stylesheet" href={assetUrl('katex/katex.min.css')} />
          <script src={assetUrl('app.js')} defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <a class="brand" href="/papers">
              <img src={assetUrl('favicon.svg')} alt="" width="24" height="24" /> {props.siteName}
            </a>
            <nav aria-label="Main">
              <a href="/papers">Daily</a>
              <a href="/papers/trending">Trending</a>
              <a href="/submit">Submit</a>
            </nav>
            <form class="site-search" role="search" method="get" action="/search">
              <input
                type="search"
                name="q"
                value={props.searchQuery ?? ''}
                placeholder="Search papers ( / )"
                aria-label="Search papers"
                maxlength={500}
              />
            </form>
            {props.viewer === 'slots' ? raw(VIEWER_SLOTS.accountNav) : <AccountNav viewer={props.viewer} />}
          </header>
          <main id="main">{props.children}</main>
          <footer class="site-footer">
            <form class="subscribe-box" method="get" action="/subscribe">
              <label for="subscribe-email">Get trending papers in your inbox</label>
              <input id="subscribe-email" name="email" type="email" placeholder="you@example.org" autocomplete="email" />
              <button type="submit">Subscribe</button>
            </form>
            <p>
              {props.siteName} · papers from <a href="https://arxiv.org">arXiv</a> · <a href="/about">About</a> ·{' '}
              <a href="/api/daily_papers">JSON API</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
