// The search box syntax people expect from search engines, parsed into parts (no analysis yet):
//   words              ranked by relevance (every word required when sorting by date or votes)
//   "quoted phrase"    the words in this order, next to each other
//   -word  -"phrase"   papers with it are left out
//   author:lovelace  author:"Ada Lovelace"  (au: too)   papers by that author; -author:... leaves them out
//   cat:cs.CL  (category: too)   papers listed in that category or archive (cat:cs); -cat:... leaves them out
// Unknown prefixes ("foo:bar") are plain words; an unclosed quote runs to the end of the query.

export interface ParsedQuery {
  words: string[];
  phrases: string[];
  excludedWords: string[];
  excludedPhrases: string[];
  authors: string[];
  excludedAuthors: string[];
  categories: string[];
  excludedCategories: string[];
}

const FIELD = /^(author|au|cat|category):/i;

interface RawToken {
  text: string;
  quoted: boolean;
  negated: boolean;
  field: 'author' | 'cat' | null;
}

// Splits on whitespace outside quotes; a token is [-][field:]("quoted text" | bare text).
function rawTokens(input: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  const s = input;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let negated = false;
    if (s[i] === '-' && i + 1 < s.length && !/\s/.test(s[i + 1]!)) {
      negated = true;
      i++;
    }
    let field: RawToken['field'] = null;
    const m = FIELD.exec(s.slice(i));
    if (m) {
      field = m[1]!.toLowerCase().startsWith('a') ? 'author' : 'cat';
      i += m[0].length;
    }
    if (s[i] === '"' || s[i] === '“' || s[i] === '”') {
      i++;
      const close = s.slice(i).search(/["“”]/);
      const end = close < 0 ? s.length : i + close;
      out.push({ text: s.slice(i, end), quoted: true, negated, field });
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !/\s/.test(s[i]!)) i++;
    out.push({ text: s.slice(start, i), quoted: false, negated, field });
  }
  return out;
}

/** Parses a search box query into its words, phrases, exclusions and author/category constraints. */
export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = {
    words: [],
    phrases: [],
    excludedWords: [],
    excludedPhrases: [],
    authors: [],
    excludedAuthors: [],
    categories: [],
    excludedCategories: [],
  };
  for (const t of rawTokens(input.slice(0, 1000))) {
    const text = t.text.trim();
    if (text === '') continue;
    if (t.field === 'author') {
      (t.negated ? q.excludedAuthors : q.authors).push(text);
    } else if (t.field === 'cat') {
      (t.negated ? q.excludedCategories : q.categories).push(text);
    } else if (t.quoted) {
      (t.negated ? q.excludedPhrases : q.phrases).push(text);
    } else {
      (t.negated ? q.excludedWords : q.words).push(text);
    }
  }
  return q;
}

/** Whether the query asks for nothing (no words, phrases, authors or categories to match). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0 && q.authors.length === 0 && q.categories.length === 0;
}
