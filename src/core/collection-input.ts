// Collections (reading lists): the limits, and checks of what people type into collection forms.
import type { Checked } from './account-input.ts';

/** Long enough for "Diffusion models for protein design, to read before the group meeting". */
export const COLLECTION_TITLE_MAX = 100;
export const COLLECTION_DESCRIPTION_MAX = 1000;
// Generous for reading lists, small enough that a list page, the "save" menu and a count stay cheap,
// and that one account cannot fill the database.
export const MAX_COLLECTIONS_PER_USER = 100;
export const MAX_PAPERS_PER_COLLECTION = 5000;

// Control and invisible format characters would let a title look like another (or like nothing).
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** A collection's title: one line, 1 to COLLECTION_TITLE_MAX characters. */
export function checkCollectionTitle(raw: string): Checked<string> {
  const v = raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (v === '') return { ok: false, error: 'Give the collection a title.' };
  if ([...v].length > COLLECTION_TITLE_MAX) return { ok: false, error: `Use at most ${COLLECTION_TITLE_MAX} characters for the title.` };
  return { ok: true, value: v };
}

/** A collection's description: plain text, line breaks kept, at most COLLECTION_DESCRIPTION_MAX characters. */
export function checkCollectionDescription(raw: string): Checked<string> {
  const v = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Cf}\u2028\u2029]|[^\P{Cc}\n]/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if ([...v].length > COLLECTION_DESCRIPTION_MAX)
    return { ok: false, error: `Use at most ${COLLECTION_DESCRIPTION_MAX} characters for the description.` };
  return { ok: true, value: v };
}

/** The message for a user who already has MAX_COLLECTIONS_PER_USER collections. */
export const TOO_MANY_COLLECTIONS = `You have ${MAX_COLLECTIONS_PER_USER} collections, the most one account can keep. Delete one you no longer need first.`;

/** The message for a collection that holds MAX_PAPERS_PER_COLLECTION papers. */
export const COLLECTION_FULL = `This collection holds ${MAX_PAPERS_PER_COLLECTION.toLocaleString('en-US')} papers, the most one collection can hold. Start another one.`;
