// Renders a full page for the current viewer: the layout with their menu and a CSRF token when logged in.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { csrfToken } from './http/csrf.ts';
import { rendersSlots } from './personal-page.tsx';
import type { AppDeps } from './deps.ts';
import { Layout, type LayoutProps } from './views/layout.tsx';

export interface PageOptions extends Omit<LayoutProps, 'siteName' | 'viewer' | 'children'> {
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429;
  /** Set for pages with forms an anonymous visitor submits (log in, sign up): creates the CSRF cookie. */
  anonymousForms?: boolean;
}

export async function renderPage(c: Context, deps: AppDeps, opts: PageOptions, body: Child): Promise<Response> {
  const { status, anonymousForms, ...layout } = opts;
  const user = c.get('viewer').user;
  const csrf = user || anonymousForms ? await csrfToken(c, deps) : null;
  if (status) c.status(status);
  return c.html(
    <Layout {...layout} siteName={deps.config.siteName} viewer={rendersSlots(c) ? 'slots' : { user, csrf }}>
      {body}
    </Layout>,
  );
}

/** The CSRF token for a page's forms (the logged-in one, or the anonymous cookie's). */
export { csrfToken };
