// GET /admin: accounts (search, roles) and links to the queues; POST /admin/role changes a role.
import type { Context } from 'hono';
import * as v from 'valibot';
import { Forbidden, NotFound } from '../../errors.ts';
import { listUsers, setUserRole } from '../../store/moderation.ts';
import { findUserByUsername } from '../../store/users.ts';
import type { AppDeps } from '../deps.ts';
import { requireAdmin } from '../http/guards.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { formValues, PAGE_QUERY, queryValues, text } from '../http/schema.ts';
import { CsrfField } from '../views/forms.tsx';
import { NEWER_OLDER, Pager } from '../views/pager.tsx';

const PAGE_SIZE = 50;
const ROLES = ['user', 'moderator', 'admin'] as const;

// The role a select names (an unknown one is a 400), and whose.
const ROLE_FORM = v.object({
  role: v.pipe(
    text(),
    v.picklist(ROLES, (issue) => `Unknown role "${String(issue.input)}" (user, moderator or admin).`),
  ),
  username: text(),
});

export async function adminPage(c: Context, deps: AppDeps): Promise<Response> {
  requireAdmin(c);
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const page = queryValues(c, PAGE_QUERY).page;
  const { users, total } = await listUsers(deps.sql, q, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const csrf = await csrfToken(c, deps);
  const link = (p: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return renderPage(
    c,
    deps,
    { title: 'Administration' },
    <section class="admin">
      <h1>Administration</h1>
      <p>
        <a href="/admin/claims">Authorship claims waiting</a> · <a href="/moderation">Moderation log</a>
      </p>
      <form method="get" action="/admin" role="search">
        <label for="admin-q">Find accounts</label> <input id="admin-q" name="q" value={q} type="search" />{' '}
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        {total.toLocaleString('en-US')} accounts{q ? ` matching "${q}"` : ''}
      </p>
      {users.length === 0 ? (
        <p class="empty">No accounts{q ? ' match' : ' yet'}.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Email</th>
              <th scope="col">Joined</th>
              <th scope="col">State</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`/users/${u.username}`}>{u.username}</a>
                </td>
                <td>{u.email}</td>
                <td>{u.createdAt.toISOString().slice(0, 10)}</td>
                <td>
                  {u.suspended ? 'suspended' : u.verified ? 'active' : 'unverified'} · <a href={`/moderate?user=${u.username}`}>moderate</a>
                </td>
                <td>
                  <form method="post" action="/admin/role" class="inline-form">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="username" value={u.username} />
                    <select name="role" aria-label={`Role of ${u.username}`}>
                      {ROLES.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {r}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit">Set</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} total={total} pageSize={PAGE_SIZE} hrefFor={link} labels={NEWER_OLDER} />
    </section>,
  );
}

export async function roleSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const admin = requireAdmin(c);
  const { role, username } = await formValues(c, ROLE_FORM);
  const user = await findUserByUsername(deps.sql, username);
  if (!user) throw NotFound(`No user ${username}.`);
  if (user.id === admin.id && role !== 'admin')
    throw Forbidden('You cannot remove your own administrator role (ask another administrator).');
  if (user.role !== role) await setUserRole(deps.sql, user.id, role, admin.id, `set by ${admin.username}`);
  return c.redirect(`/admin?q=${encodeURIComponent(user.username)}`, 303);
}
