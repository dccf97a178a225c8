// arXiv identifiers: what users paste (ids, URLs, "arXiv:" citations) reduced to the bare id we use as a key.

/** A parsed arXiv identifier: the bare unversioned id and the version the input named, if any. */
export interface ArxivId {
  id: string;
  version: number | null;
}

// Archives that issued old-style ids (before April 2007); a closed list, so anything else is not an arXiv id.
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);

// YYMM.NNNN from 0704 to 1412, YYMM.NNNNN from 1501 on.
const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d{1,4}))?$/;
// archive[.SUBJECT-CLASS]/YYMMNNN; the subject class is informative only and not part of the id.
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)?)(?:\.[a-z-]{2,})?\/(\d{2})(\d{2})(\d{3})(?:v(\d{1,4}))?$/i;
// arxiv.org and its old mirror name xxx.lanl.gov (still in older papers' reference lists); /format and /ps
// are the "other formats" links of an abstract page.
const URL_FORM =
  /^(?:https?:\/\/)?(?:(?:www\.|export\.|browse\.)?arxiv\.org\/(?:abs|pdf|html|format|ps)|xxx\.lanl\.gov\/(?:abs|pdf)|huggingface\.co\/papers)\/([^?#]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;
// arXiv's DataCite DOIs (every paper has one since 2022), bare, as "doi:", or as a doi.org link.
const DOI_FORM = /^(?:(?:https?:\/\/)?(?:dx\.)?doi\.org\/|doi:\s*)?10\.48550\/arxiv\.(.+)$/i;
// The citation arXiv prints on every abstract page, "arXiv:2405.15738 [cs.CV]", is what people copy.
const CATEGORY_SUFFIX = /\s+\[[a-z]+(?:-[a-z]+)?(?:\.[a-z]+(?:-[a-z]+)?)?\]$/i;

/**
 * Parses an arXiv id, an "arXiv:" citation (with or without its "[cs.CV]" category), an arXiv DOI or an
 * arXiv/Hugging Face paper URL; returns null if it is none of these.
 */
export function parseArxivId(input: string): ArxivId | null {
  let s = input.trim();
  const url = URL_FORM.exec(s);
  const doi = url ? null : DOI_FORM.exec(s);
  if (url) s = url[1]!;
  else if (doi) s = doi[1]!;
  else s = s.replace(/^arxiv:\s*/i, '').replace(CATEGORY_SUFFIX, '');
  return parseBareId(s);
}

function parseBareId(s: string): ArxivId | null {
  const fresh = NEW_STYLE.exec(s);
  if (fresh) {
    const [, yy, mm, num, v] = fresh;
    const yymm = Number(yy + mm!);
    if (!validMonth(mm!) || yymm < 704) return null;
    if (yymm < 1501 !== (num!.length === 4)) return null;
    return withVersion(`${yy}${mm}.${num}`, v);
  }
  const old = OLD_STYLE.exec(s);
  if (old) {
    const [, archive, yy, mm, num, v] = old;
    const name = archive!.toLowerCase();
    // Old-style ids ran from 1991 to March 2007.
    const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
    if (!OLD_ARCHIVES.has(name) || !validMonth(mm!) || year > 2007 || num === '000') return null;
    return withVersion(`${name}/${yy}${mm}${num}`, v);
  }
  return null;
}

function validMonth(mm: string): boolean {
  const m = Number(mm);
  return m >= 1 && m <= 12;
}

function withVersion(id: string, v: string | undefined): ArxivId | null {
  if (v === undefined) return { id, version: null };
  const version = Number(v);
  return version >= 1 ? { id, version } : null;
}

// The shapes of both id styles without their rules (month, year range, digit count, archive list): what a client means
// as an id even when no paper can have it, such as 1234.56789.
const ID_SHAPE = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z-]{2,})?\/\d{7})(?:v\d+)?$/i;

/**
 * True for a string shaped like an arXiv id whether or not arXiv could have issued it: Hugging Face answers such an id
 * with 404 (no such paper), not 400, and its client's not-found handling relies on it.
 */
export function hasArxivIdShape(s: string): boolean {
  return ID_SHAPE.test(s.trim());
}

/** True only for a bare unversioned id exactly as we store it, such as "2405.15738" or "hep-th/9901001". */
export function isCanonicalArxivId(s: string): boolean {
  const parsed = parseBareId(s);
  return parsed !== null && parsed.version === null && parsed.id === s;
}

/** Returns the arXiv abstract page URL for an id. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** Returns the arXiv PDF URL for an id. */
export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
