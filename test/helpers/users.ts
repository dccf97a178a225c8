// Accounts for HTTP tests: create a user directly, log in through the real form, and send
// authenticated form posts (session cookie + CSRF token) the way a browser would.
import type { Hono } from 'hono';
import { hashPassword } from '../../src/auth/password.ts';
import type { Sql } from '../../src/db/connect.ts';
import { createUser, type Role, type User } from '../../src/store/users.ts';

export const TEST_PASSWORD = 'correct horse battery';

let counter = 0;
let hashed: Promise<string> | null = null;

/** A verified account (unless `verified: false`), created without going through sign-up. */
export async function createTestUser(
  sql: Sql,
  opts: { role?: Role; verified?: boolean; username?: string; email?: string; displayName?: string } = {},
): Promise<User> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const n = ++counter;
  const username = opts.username ?? `user${process.pid % 1000}x${n}`;
  const user = await createUser(sql, {
    email: opts.email ?? `${username}@example.org`,
    username,
    displayName: opts.displayName ?? `User ${n}`,
    passwordHash: await hashed,
    role: opts.role ?? 'user',
    verified: opts.verified ?? true,
  });
  if (!user) throw new Error(`could not create test user ${username}`);
  return user;
}

/** Cookies as a browser keeps them: set by responses, sent with each request. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: Hono) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader(), ...headers } });
    this.#remember(res);
    return res;
  }

  /** The CSRF token of the forms on `path` (from its hidden field or meta tag). */
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /<meta name="csrf-token" content="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  /** Posts a form; the token is taken from `tokenFrom` (a page) unless given. */
  async post(
    path: string,
    fields: Record<string, string>,
    opts: { csrf?: string; tokenFrom?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const csrf = opts.csrf ?? (await this.csrfFrom(opts.tokenFrom ?? '/settings'));
    const body = new URLSearchParams({ _csrf: csrf, ...fields });
    const res = await this.app.request(path, {
      method: 'POST',
      body,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
    });
    this.#remember(res);
    return res;
  }

  async login(email: string, password = TEST_PASSWORD): Promise<Response> {
    return this.post('/login', { email, password }, { tokenFrom: '/login' });
  }
}

/** A browser logged in as a new verified user. */
export async function loggedIn(
  app: Hono,
  sql: Sql,
  opts: Parameters<typeof createTestUser>[1] = {},
): Promise<{ browser: Browser; user: User }> {
  const user = await createTestUser(sql, opts);
  const browser = new Browser(app);
  const res = await browser.login(user.email);
  if (res.status !== 303) throw new Error(`login failed with ${res.status}`);
  return { browser, user };
}
