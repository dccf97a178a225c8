// The digest preferences form, shared by /subscribe, /subscription?t= and /settings/digest. The rules and their
// messages are the digest's own (digest/preferences.ts); the schema gives the form's fields to them.
import type { Context } from 'hono';
import * as v from 'valibot';
import { parsePreferences } from '../../../digest/preferences.ts';
import { checkEmail } from '../../../core/account-input.ts';
import { checked, checkFields, formRecordWithLists, text, wholeForm } from '../../http/schema.ts';

const PREFERENCES_FORM = v.pipe(
  v.object({
    frequency: text(),
    trending: text(),
    for_you: text(),
    other_categories: text(),
    keywords: text(),
    authors: text(),
    // The ticked category checkboxes, one value each.
    category: v.optional(v.array(v.string()), []),
  }),
  wholeForm(({ category, ...fields }) => {
    const r = parsePreferences((name) => (fields as Record<string, string>)[name] ?? '', category);
    return 'prefs' in r ? { value: r.prefs } : r;
  }),
);

/** The subscribe form: an address, then the preferences. */
const ADDRESS_FORM = v.object({ email: checked(checkEmail) });

type Prefs = v.InferOutput<typeof PREFERENCES_FORM>;

/** Reads the preferences form of `c`: the preferences, or each field's problem. */
export async function readPreferences(c: Context): Promise<{ ok: true; prefs: Prefs } | { ok: false; errors: Record<string, string> }> {
  const prefs = checkFields(PREFERENCES_FORM, await formRecordWithLists(c, ['category']));
  return prefs.ok ? { ok: true, prefs: prefs.value } : { ok: false, errors: prefs.errors as Record<string, string> };
}

/**
 * Reads the subscribe form of `c`: the address and the preferences, or each field's problem, with what was typed
 * (the address; the preferences when they are fine) to show again.
 */
export async function readSubscribeForm(
  c: Context,
): Promise<
  { ok: true; email: string; prefs: Prefs } | { ok: false; errors: Record<string, string>; typedEmail: string; prefs: Prefs | null }
> {
  const fields = await formRecordWithLists(c, ['category']);
  const address = checkFields(ADDRESS_FORM, fields);
  const prefs = checkFields(PREFERENCES_FORM, fields);
  if (address.ok && prefs.ok) return { ok: true, email: address.value.email, prefs: prefs.value };
  const errors = { ...(prefs.ok ? {} : prefs.errors), ...(address.ok ? {} : address.errors) } as Record<string, string>;
  return { ok: false, errors, typedEmail: address.raw('email'), prefs: prefs.ok ? prefs.value : null };
}
