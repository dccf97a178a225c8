// "Save" on a paper: GET/POST /papers/:id/save (a page without JavaScript, JSON for the card's menu),
// and GET /collections/saved?papers=... (which of the cards on a page the viewer has saved).
import type { Context } from 'hono';
import * as v from 'valibot';
import {
  checkCollectionTitle,
  COLLECTION_FULL,
  MAX_COLLECTIONS_PER_USER,
  MAX_PAPERS_PER_COLLECTION,
  TOO_MANY_COLLECTIONS,
} from '../../../core/collection-input.ts';
import { BadRequest, NotFound, Unauthorized } from '../../../errors.ts';
import {
  addPaperToCollection,
  collectionsHoldingPapers,
  createCollection,
  removePaperFromCollection,
  saveChoices,
  savablePaper,
} from '../../../store/collections.ts';
import type { User } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { wantsJson } from '../../http/form.ts';
import { checked, readForm, text } from '../../http/schema.ts';
import { loginUrlFor, requireActiveUser, requireUser } from '../../http/guards.ts';
import { requestOrigin } from '../../http/client-ip.ts';
import { enforceLimit } from '../../http/rate-limit.ts';
import { csrfToken, renderPage } from '../../render-page.tsx';
import { SaveView } from '../../views/save-view.tsx';
import { checkCollectionId, ownCollection, unprocessable } from './access.ts';
import { idFromParams, paperIdParam } from '../../http/paper-id.ts';

// A page of cards asks once for all of them; more than a page's worth is not a page.
const MAX_SAVED_QUERY = 200;

/** A local path to go back to: printable ASCII only, so no browser can read it as another host. */
function localPath(s: string | undefined): string | null {
  return s && /^\/(?![/\\])[\x21-\x7e]*$/.test(s) ? s : null;
}

/** Where "Done" returns: ?next=, else the page that linked here (same site), else the paper. */
function backPath(c: Context, deps: AppDeps, paperId: string, fromForm?: string): string {
  const given = localPath(fromForm ?? c.req.query('next'));
  if (given) return given;
  try {
    const ref = new URL(c.req.header('referer') ?? '');
    const ours = [requestOrigin(c, deps.config.trustProxy), new URL(deps.config.baseUrl).origin];
    const path = localPath(ref.pathname + ref.search);
    if (ours.includes(ref.origin) && path && !ref.pathname.endsWith('/save')) return path;
  } catch {
    // no usable Referer
  }
  return `/papers/${paperId}`;
}

async function paperFromUrl(c: Context, deps: AppDeps): Promise<{ id: string; title: string }> {
  const parsed = paperIdParam(c);
  const paper = await savablePaper(deps.sql, parsed.id);
  if (!paper) throw NotFound(`No paper arXiv:${parsed.id} on this site yet.`);
  return paper;
}

async function choicesJson(c: Context, deps: AppDeps, user: User, paperId: string, status: 200 | 201 = 200) {
  const collections = await saveChoices(deps.sql, user.id, paperId);
  return c.json({ paperId, saved: collections.some((x) => x.holds), collections }, status);
}

async function savePage(
  c: Context,
  deps: AppDeps,
  user: User,
  paper: { id: string; title: string },
  opts: { next: string; newTitle?: string; error?: string; problem?: string; status?: 422 },
) {
  const choices = await saveChoices(deps.sql, user.id, paper.id);
  const done = c.req.query('done');
  const named = choices.find((x) => String(x.id) === c.req.query('c'));
  const notice =
    named && done === 'added'
      ? `Saved to “${named.title}”.`
      : named && done === 'removed'
        ? `Removed from “${named.title}”.`
        : named && done === 'created'
          ? `Created “${named.title}” with this paper in it.`
          : null;
  return renderPage(
    c,
    deps,
    { title: 'Save to a collection', ...(opts.status ? { status: opts.status } : {}) },
    <SaveView
      paper={paper}
      choices={choices}
      csrf={await csrfToken(c, deps)}
      next={opts.next}
      notice={notice}
      problem={opts.problem}
      newTitle={opts.newTitle ?? ''}
      error={opts.error}
    />,
  );
}

/** GET /papers/:id/save: the viewer's collections with add/remove buttons (JSON for the card's menu). */
export async function savePaperPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = c.get('viewer').user;
  if (!user) {
    if (wantsJson(c)) throw Unauthorized('Log in to save papers to collections.');
    return c.redirect(loginUrlFor(c), 303);
  }
  const requested = idFromParams(c);
  const paper = await paperFromUrl(c, deps);
  if (paper.id !== requested) return c.redirect(`/papers/${paper.id}/save${new URL(c.req.url).search}`, 301);
  c.header('Cache-Control', 'private, no-store');
  if (wantsJson(c)) return choicesJson(c, deps, user, paper.id);
  return savePage(c, deps, user, paper, { next: backPath(c, deps, paper.id) });
}

// The menu's buttons: create (with a title), or add/remove (with a collection); `next` rides along with each.
const SAVE_FORM = v.variant(
  'action',
  [
    v.object({ action: v.literal('create'), new_title: checked(checkCollectionTitle), next: text() }),
    v.object({ action: v.picklist(['add', 'remove']), collection_id: checked(checkCollectionId), next: text() }),
  ],
  'Choose to add the paper to a collection, remove it from one, or create a new one.',
);

/**
 * POST /papers/:id/save: `action` add or remove with `collection_id`, or create with `new_title` (a new private
 * list holding the paper). Back to the save page (303) with what happened, or the new choices as JSON.
 */
export async function savePaperSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const paper = await paperFromUrl(c, deps);
  const form = await readForm(c, SAVE_FORM);
  const next = backPath(c, deps, paper.id, form.raw('next'));
  await enforceLimit(deps, 'collectionEditPerUser', String(user.id), user);
  const back = (done: string, collectionId: number) =>
    c.redirect(`/papers/${paper.id}/save?${new URLSearchParams({ next, done, c: String(collectionId) })}`, 303);

  if (!form.ok) {
    // A title the new list cannot have re-shows the menu with it; any other refusal is a malformed request.
    const problem = form.raw('action') === 'create' ? form.errors.new_title : undefined;
    if (problem === undefined) throw BadRequest(Object.values(form.errors)[0] ?? 'Check the form.');
    if (wantsJson(c)) throw unprocessable(problem);
    return savePage(c, deps, user, paper, { next, newTitle: form.raw('new_title'), error: problem, status: 422 });
  }
  const input = form.value;
  if (input.action === 'create') {
    const created = await createCollection(
      deps.sql,
      user.id,
      { title: input.new_title, description: '', public: false },
      MAX_COLLECTIONS_PER_USER,
      paper.id,
    );
    if (!created) {
      if (wantsJson(c)) throw unprocessable(TOO_MANY_COLLECTIONS);
      return savePage(c, deps, user, paper, { next, newTitle: form.raw('new_title'), error: TOO_MANY_COLLECTIONS, status: 422 });
    }
    return wantsJson(c) ? choicesJson(c, deps, user, paper.id, 201) : back('created', created.id);
  }
  const collection = await ownCollection(c, deps, user, input.collection_id);
  if (input.action === 'remove') {
    await removePaperFromCollection(deps.sql, collection.id, user.id, paper.id);
    return wantsJson(c) ? choicesJson(c, deps, user, paper.id) : back('removed', collection.id);
  }
  const result = await addPaperToCollection(deps.sql, collection.id, user.id, paper.id, MAX_PAPERS_PER_COLLECTION);
  if (result === 'no_paper') throw NotFound(`No paper arXiv:${paper.id} on this site yet.`);
  if (result === 'no_collection') throw NotFound('This collection was just deleted.');
  if (result === 'full') {
    if (wantsJson(c)) throw unprocessable(COLLECTION_FULL);
    return savePage(c, deps, user, paper, { next, problem: COLLECTION_FULL, status: 422 });
  }
  return wantsJson(c) ? choicesJson(c, deps, user, paper.id) : back('added', collection.id);
}

/** GET /collections/saved?papers=a,b,c: for the viewer, the collections holding each paper (for the cards' "Saved" mark). */
export async function savedPapersJson(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const ids = (c.req.query('papers') ?? '').split(',').filter((s) => s !== '');
  if (ids.length > MAX_SAVED_QUERY) throw BadRequest(`Ask about at most ${MAX_SAVED_QUERY} papers at once.`);
  const held = await collectionsHoldingPapers(deps.sql, user.id, ids);
  c.header('Cache-Control', 'private, no-store');
  return c.json({ saved: Object.fromEntries(held) });
}
