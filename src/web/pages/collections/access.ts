// Who may see and change a collection. A private collection does not exist for anyone but its owner
// (404, never 403, so its existence is not revealed); a public one is readable by all and changed only by its owner.
import type { Context } from 'hono';
import * as v from 'valibot';
import { parseArxivId } from '../../../core/arxiv-id.ts';
import { AppError, Forbidden, NotFound } from '../../../errors.ts';
import { getCollection, type Collection } from '../../../store/collections.ts';
import type { User } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { checked, type Checked } from '../../http/schema.ts';

const MISSING = 'There is no collection at this address, or it is private.';

/** The collection id in the URL (the route only matches digits). */
export function collectionIdParam(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw NotFound(MISSING);
  return id;
}

/** The collection in the URL if `viewer` may see it, else a 404. */
export async function visibleCollection(c: Context, deps: AppDeps, viewer: User | null): Promise<Collection> {
  const collection = await getCollection(deps.sql, collectionIdParam(c));
  if (!collection || (!collection.public && collection.userId !== viewer?.id)) throw NotFound(MISSING);
  return collection;
}

/** The collection in the URL if `user` owns it; 404 for another user's private one, 403 for another user's public one. */
export async function ownCollection(c: Context, deps: AppDeps, user: User, id = collectionIdParam(c)): Promise<Collection> {
  const collection = await getCollection(deps.sql, id);
  if (!collection || (!collection.public && collection.userId !== user.id)) throw NotFound(MISSING);
  if (collection.userId !== user.id) throw Forbidden('Only its owner can change this collection.');
  return collection;
}

/** A form field naming one of the viewer's collections (the save menu's buttons). */
export function checkCollectionId(raw: string): Checked<number> {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) return { ok: false, error: 'Choose a collection.' };
  return { ok: true, value: id };
}

/** The add and remove paper forms' one field: a paper id as typed or pasted (an id, an arXiv or Hugging Face URL). */
export const PAPER_ID_FORM = v.object({
  paper_id: checked((raw): Checked<string> => {
    const parsed = parseArxivId(raw);
    if (!parsed) return { ok: false, error: `"${raw.trim().slice(0, 80)}" is not an arXiv id or URL (expected e.g. 2405.15738).` };
    return { ok: true, value: parsed.id };
  }),
});

/** The 422 for a paper id field that holds none. */
export function invalidPaperId(message: string): AppError {
  return new AppError(422, message, 'invalid_paper_id');
}

/** A 422 for input a collection cannot take (too long, over a cap). */
export function unprocessable(message: string): AppError {
  return new AppError(422, message, 'unprocessable');
}
