// The create/edit collection form's schema, and the JSON shape of a collection for the page's script.
import type { Context } from 'hono';
import * as v from 'valibot';
import { checkCollectionDescription, checkCollectionTitle } from '../../../core/collection-input.ts';
import type { Collection, CollectionInput } from '../../../store/collections.ts';
import { checked, readForm, text } from '../../http/schema.ts';
import type { CollectionFormErrors, CollectionFormValues } from '../../views/collection-views.tsx';

const COLLECTION_FORM = v.object({
  title: checked(checkCollectionTitle),
  description: checked(checkCollectionDescription),
  public: v.pipe(
    text(),
    v.transform((raw) => raw === 'on'),
  ),
});

// What the form gives is what the store takes.
type CollectionFormInput = v.InferOutput<typeof COLLECTION_FORM> & CollectionInput;

/** Reads the form of `c`: its values as typed, the problems with them, and the clean input when there are none. */
export async function readCollectionForm(
  c: Context,
): Promise<{ values: CollectionFormValues; errors: CollectionFormErrors; input: CollectionFormInput | null }> {
  const form = await readForm(c, COLLECTION_FORM);
  const values = { title: form.raw('title'), description: form.raw('description'), public: form.raw('public') === 'on' };
  if (!form.ok) return { values, errors: form.errors as CollectionFormErrors, input: null };
  return { values, errors: {}, input: form.value };
}

/** The first problem of a form, for answers to scripts (one message). */
export function firstError(errors: CollectionFormErrors): string {
  return errors.title ?? errors.description ?? errors.form ?? 'Check the form.';
}

/** A collection as the page's script receives it. */
export function collectionJson(c: Collection) {
  return {
    id: c.id,
    url: `/collections/${c.id}`,
    title: c.title,
    description: c.description,
    public: c.public,
    paperCount: c.paperCount,
    owner: c.ownerUsername,
    updatedAt: c.updatedAt.toISOString(),
  };
}
