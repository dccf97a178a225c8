// GET /collections/:id (one collection, public ones to anyone, private ones to their owner only) and
// its owner's forms: edit, delete, add a paper, remove a paper.
import type { Context } from 'hono';
import { COLLECTION_FULL, MAX_PAPERS_PER_COLLECTION } from '../../../core/collection-input.ts';
import { NotFound } from '../../../errors.ts';
import {
  addPaperToCollection,
  deleteCollection,
  listCollectionPapers,
  removePaperFromCollection,
  updateCollection,
  type Collection,
} from '../../../store/collections.ts';
import type { User } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { wantsJson } from '../../http/form.ts';
import { PAGE_QUERY, queryValues, readForm } from '../../http/schema.ts';
import { requireActiveUser } from '../../http/guards.ts';
import { enforceLimit } from '../../http/rate-limit.ts';
import { csrfToken, renderPage } from '../../render-page.tsx';
import { notForUser } from '../../personal-page.tsx';
import { CollectionPageView, type CollectionPageProps } from '../../views/collection-views.tsx';
import { invalidPaperId, ownCollection, PAPER_ID_FORM, unprocessable, visibleCollection } from './access.ts';
import { collectionJson, firstError, readCollectionForm } from './collection-form.ts';

const NOTICES: Record<string, string> = {
  created: 'Collection created. Add papers with “Save” on any paper, or by arXiv id below.',
  saved: 'Saved.',
  added: 'Paper added.',
  already: 'That paper was already in this collection.',
  removed: 'Paper removed.',
};

type Extra = Pick<CollectionPageProps, 'edit' | 'addError'> & { status?: 422 | 404 };

async function collectionPage(
  c: Context,
  deps: AppDeps,
  collection: Collection,
  viewer: User | null,
  extra: Extra = {},
): Promise<Response> {
  const pageSize = deps.config.feedPageSize;
  const page = queryValues(c, PAGE_QUERY).page;
  const { papers, total } = await listCollectionPapers(deps.sql, collection.id, { limit: pageSize, offset: (page - 1) * pageSize });
  const isOwner = viewer?.id === collection.userId;
  const url = `${deps.config.baseUrl}/collections/${collection.id}`;
  return renderPage(
    c,
    deps,
    {
      title: collection.title,
      description: collection.description || `A reading list by ${collection.ownerDisplayName}`,
      ...(collection.public ? { canonical: url } : {}),
      ...(extra.status ? { status: extra.status } : {}),
    },
    <CollectionPageView
      collection={collection}
      papers={papers}
      total={total}
      page={page}
      pageSize={pageSize}
      isOwner={isOwner}
      shareUrl={url}
      csrf={viewer ? await csrfToken(c, deps) : null}
      notice={NOTICES[c.req.query('done') ?? ''] ?? null}
      {...(extra.edit ? { edit: extra.edit } : {})}
      {...(extra.addError ? { addError: extra.addError } : {})}
    />,
  );
}

/** GET /collections/:id */
export async function collectionShowPage(c: Context, deps: AppDeps): Promise<Response> {
  const viewer = c.get('viewer').user;
  const collection = await visibleCollection(c, deps, viewer);
  // Shared by every viewer but its owner, who gets the forms that change it.
  notForUser(c, collection.userId);
  // A private list must not linger in a shared cache or the browser's back-forward history of another account.
  if (!collection.public) c.header('Cache-Control', 'private, no-store');
  return collectionPage(c, deps, collection, viewer);
}

/** Checks shared by the owner's forms: logged in and active, under the rate limit, owner of the collection. */
async function ownerAction(c: Context, deps: AppDeps): Promise<{ user: User; collection: Collection }> {
  const user = requireActiveUser(c);
  const collection = await ownCollection(c, deps, user);
  await enforceLimit(deps, 'collectionEditPerUser', String(user.id), user);
  return { user, collection };
}

/** POST /collections/:id/edit: title, description, public. */
export async function editCollectionSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { user, collection } = await ownerAction(c, deps);
  const { values, errors, input } = await readCollectionForm(c);
  if (!input) {
    if (wantsJson(c)) throw unprocessable(firstError(errors));
    return collectionPage(c, deps, collection, user, { edit: { values, errors }, status: 422 });
  }
  if (!(await updateCollection(deps.sql, collection.id, user.id, input))) throw NotFound('This collection was just deleted.');
  if (wantsJson(c)) return c.json({ collection: collectionJson({ ...collection, ...input, updatedAt: new Date() }) });
  return c.redirect(`/collections/${collection.id}?done=saved`, 303);
}

/** POST /collections/:id/delete */
export async function deleteCollectionSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { user, collection } = await ownerAction(c, deps);
  await deleteCollection(deps.sql, collection.id, user.id);
  if (wantsJson(c)) return c.json({ deleted: collection.id });
  return c.redirect('/collections?done=deleted', 303);
}

/** POST /collections/:id/papers: adds the paper named by `paper_id` (an id or URL). */
export async function addCollectionPaperSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { user, collection } = await ownerAction(c, deps);
  const form = await readForm(c, PAPER_ID_FORM);
  if (!form.ok) {
    const message = form.errors.paper_id ?? '';
    if (wantsJson(c)) throw invalidPaperId(message);
    return collectionPage(c, deps, collection, user, { addError: message, status: 422 });
  }
  const paperId = form.value.paper_id;
  const result = await addPaperToCollection(deps.sql, collection.id, user.id, paperId, MAX_PAPERS_PER_COLLECTION);
  if (result === 'no_collection') throw NotFound('This collection was just deleted.');
  if (result === 'no_paper' || result === 'full') {
    const message = result === 'full' ? COLLECTION_FULL : `No paper arXiv:${paperId} on this site yet.`;
    if (wantsJson(c)) throw result === 'full' ? unprocessable(message) : NotFound(message);
    return collectionPage(c, deps, collection, user, { addError: message, status: result === 'full' ? 422 : 404 });
  }
  if (wantsJson(c)) return c.json({ collectionId: collection.id, paperId, holds: true, added: result === 'added' });
  return c.redirect(`/collections/${collection.id}?done=${result === 'added' ? 'added' : 'already'}`, 303);
}

/** POST /collections/:id/papers/remove: takes `paper_id` out (nothing happens if it was not in). */
export async function removeCollectionPaperSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { user, collection } = await ownerAction(c, deps);
  const form = await readForm(c, PAPER_ID_FORM);
  if (!form.ok) throw invalidPaperId(form.errors.paper_id ?? '');
  const paperId = form.value.paper_id;
  const removed = await removePaperFromCollection(deps.sql, collection.id, user.id, paperId);
  if (wantsJson(c)) return c.json({ collectionId: collection.id, paperId, holds: false, removed });
  return c.redirect(`/collections/${collection.id}?done=removed`, 303);
}
