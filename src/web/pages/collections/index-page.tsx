// GET /collections (the viewer's reading lists) and POST /collections (start one).
import type { Context } from 'hono';
import { MAX_COLLECTIONS_PER_USER, TOO_MANY_COLLECTIONS } from '../../../core/collection-input.ts';
import { createCollection, listUserCollections } from '../../../store/collections.ts';
import type { User } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { wantsJson } from '../../http/form.ts';
import { loginUrlFor, requireActiveUser } from '../../http/guards.ts';
import * as v from 'valibot';
import { intField, queryValues } from '../../http/schema.ts';
import { enforceLimit } from '../../http/rate-limit.ts';
import { csrfToken, renderPage } from '../../render-page.tsx';
import { CollectionsIndexView, type CollectionFormErrors, type CollectionFormValues } from '../../views/collection-views.tsx';
import { unprocessable } from './access.ts';
import { collectionJson, firstError, readCollectionForm } from './collection-form.ts';

// Public collections are listed by recent activity; nobody pages past a thousand pages of them.
const COLLECTIONS_QUERY = v.object({ page: intField('page', 1, 1, 1000) });

// Everyone has at most MAX_COLLECTIONS_PER_USER; two pages at most.
const INDEX_PAGE_SIZE = 50;

const NOTICES: Record<string, string> = { deleted: 'The collection was deleted.' };

async function indexPage(
  c: Context,
  deps: AppDeps,
  user: User,
  form: { values?: CollectionFormValues; errors?: CollectionFormErrors; status?: 422 } = {},
) {
  const { page } = queryValues(c, COLLECTIONS_QUERY);
  const { collections, total } = await listUserCollections(deps.sql, user.id, {
    includePrivate: true,
    limit: INDEX_PAGE_SIZE,
    offset: (page - 1) * INDEX_PAGE_SIZE,
  });
  return renderPage(
    c,
    deps,
    { title: 'Your collections', status: form.status ?? 200 },
    <CollectionsIndexView
      username={user.username}
      collections={collections}
      total={total}
      page={page}
      pageSize={INDEX_PAGE_SIZE}
      csrf={await csrfToken(c, deps)}
      values={form.values ?? { title: '', description: '', public: false }}
      errors={form.errors ?? {}}
      notice={NOTICES[c.req.query('done') ?? ''] ?? null}
    />,
  );
}

/** GET /collections: the logged-in viewer's collections, private ones included. */
export function collectionsIndexPage(c: Context, deps: AppDeps): Response | Promise<Response> {
  const user = c.get('viewer').user;
  if (!user) return c.redirect(loginUrlFor(c), 303);
  return indexPage(c, deps, user);
}

/** POST /collections: creates a collection and goes to it. */
export async function createCollectionSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  await enforceLimit(deps, 'collectionEditPerUser', String(user.id), user);
  const { values, errors, input } = await readCollectionForm(c);
  if (!input) {
    if (wantsJson(c)) throw unprocessable(firstError(errors));
    return indexPage(c, deps, user, { values, errors, status: 422 });
  }
  const created = await createCollection(deps.sql, user.id, input, MAX_COLLECTIONS_PER_USER);
  if (!created) {
    if (wantsJson(c)) throw unprocessable(TOO_MANY_COLLECTIONS);
    return indexPage(c, deps, user, { values, errors: { form: TOO_MANY_COLLECTIONS }, status: 422 });
  }
  if (wantsJson(c)) return c.json({ collection: collectionJson(created) }, 201);
  return c.redirect(`/collections/${created.id}?done=created`, 303);
}
