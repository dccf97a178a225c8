// Reading the create/edit collection form, and the JSON shape of a collection for the page's script.
import { checkCollectionDescription, checkCollectionTitle } from '../../../core/collection-input.ts';
import type { Collection, CollectionInput } from '../../../store/collections.ts';
import type { CollectionFormErrors, CollectionFormValues } from '../../views/collection-views.tsx';

/** The form's values as typed, the problems with them, and the clean input when there are none. */
export function readCollectionForm(field: (name: string) => string): { values: CollectionFormValues; errors: CollectionFormErrors; input: CollectionInput | null } {
  const values = { title: field('title'), description: field('description'), public: field('public') === 'on' };
  const title = checkCollectionTitle(values.title);
  const description = checkCollectionDescription(values.description);
  const errors: CollectionFormErrors = {};
  if (!title.ok) errors.title = title.error;
  if (!description.ok) errors.description = description.error;
  const input = title.ok && description.ok ? { title: title.value, description: description.value, public: values.public } : null;
  return { values, errors, input };
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
