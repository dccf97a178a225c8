// Reading digest preferences from a form, with limits so a digest stays a digest.
import type { Frequency, Preferences } from '../store/subscriptions.ts';

export const MAX_TERMS = 20;
const MAX_TERM_CHARS = 80;
const CATEGORY = /^[a-z]+(-[a-z]+)?(\.[A-Za-z]{2,})?$/;

export const DEFAULT_PREFERENCES: Preferences = {
  frequency: 'daily',
  includeTrending: true,
  categories: [],
  keywords: [],
  authors: [],
  forYou: false,
};

function terms(raw: string, split: RegExp): string[] {
  return [
    ...new Set(
      raw
        .split(split)
        .map((t) =>
          t
            .replace(/[\p{Cc}\p{Cf}]/gu, '')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter(Boolean),
    ),
  ];
}

/** Preferences from form fields, or the problems to show next to them. */
export function parsePreferences(
  field: (name: string) => string,
  checkedCategories: string[],
): { prefs: Preferences } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const frequency = field('frequency') === 'weekly' ? 'weekly' : 'daily';
  const categories = [...new Set([...checkedCategories, ...terms(field('other_categories'), /[\s,]+/)])];
  const badCats = categories.filter((c) => !CATEGORY.test(c));
  if (badCats.length > 0) errors.categories = `Not arXiv categories: ${badCats.join(', ')} (like cs.CL or astro-ph).`;
  const keywords = terms(field('keywords'), /[,\n]/);
  const authors = terms(field('authors'), /[;\n]/);
  for (const [name, list] of [
    ['keywords', keywords],
    ['authors', authors],
    ['categories', categories],
  ] as const) {
    if (list.length > MAX_TERMS) errors[name] = `At most ${MAX_TERMS}.`;
    else if (list.some((t) => t.length > MAX_TERM_CHARS)) errors[name] = `Each at most ${MAX_TERM_CHARS} characters.`;
  }
  const prefs: Preferences = {
    frequency: frequency as Frequency,
    includeTrending: field('trending') === 'on',
    categories,
    keywords,
    authors,
    forYou: field('for_you') === 'on',
  };
  if (!prefs.includeTrending && categories.length + keywords.length + authors.length === 0 && !prefs.forYou) {
    errors.trending = 'Choose at least one thing to receive: trending papers, a category, a keyword or an author.';
  }
  return Object.keys(errors).length > 0 ? { errors } : { prefs };
}
