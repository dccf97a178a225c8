// The arXiv API (/api/query): an Atom feed of entries, mapped to PaperRecords. Two layouts exist: the current one
// declares its namespaces on <feed> and writes abstracts on one line; the 2016-era one declares xmlns:arxiv and
// xmlns:opensearch on each element and hard-wraps abstracts. Namespace prefixes are dropped, so both read alike.
import { parseArxivId } from '../core/arxiv-id.ts';
import { extractLinks } from '../core/links.ts';
import { cleanAbstract, cleanTitle, decodeEntities, normalizeWhitespace, texAccentsToUnicode } from '../core/text.ts';
import { looksWithdrawn } from '../model/paper-record.ts';
import { MetadataRank, type PaperRecord } from '../model/paper-record.ts';
import { arxivXmlParser, optionalText, isoDate, count } from './xml-fields.ts';
import { elementOf, elementsOf, parseXmlRoot, textOf, type XmlElement } from './malformed.ts';

/** One page of API results: its paging numbers, the papers, and the entries that are not papers. */
export interface ApiResponse {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  records: PaperRecord[];
  /** Error entries arXiv returns instead of results (a malformed id); `id` is the id it complains about. */
  errors: { id: string | null; message: string }[];
  /** Entries that look like papers but cannot be mapped (no valid id, no title). */
  skipped: { id: string | null; reason: string }[];
}

/** Parameters of /api/query; arXiv caps maxResults at 2000 a page. */
export interface ApiQuery {
  idList?: string[];
  searchQuery?: string;
  start?: number;
  maxResults?: number;
  sortBy?: 'relevance' | 'lastUpdatedDate' | 'submittedDate';
  sortOrder?: 'ascending' | 'descending';
}

const REPEATED = new Set(['entry', 'author', 'category', 'link']);
const parser = arxivXmlParser(REPEATED);

const FEED_END = /<\/(?:[\w.-]+:)?feed>\s*$/;
const ERROR_ENTRY = /\/api\/errors(?:#|$)/;
const ERROR_SUBJECT = /#incorrect_id_format_for_(.+)$/;
// arXiv categories only; the API also lists ACM ("I.2.6") and MSC ("68T05") classes as categories.
const ARXIV_CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;
// Characters that UTF-8 text shows when its bytes were read as Latin-1: a lead byte then a continuation byte.
const DOUBLE_ENCODED = /[\u00C2-\u00F4][\u0080-\u00BF]/;
const BEYOND_LATIN1 = /[^\u0000-\u00FF]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses one /api/query response; throws MalformedResponse when the body is not an Atom feed. */
export function parseApiResponse(xml: string): ApiResponse {
  const feed = parseXmlRoot(parser, repairDoubleEncoding(xml), 'feed', FEED_END, 'an arXiv API Atom <feed>');
  const out: ApiResponse = {
    totalResults: count(feed.totalResults),
    startIndex: count(feed.startIndex),
    itemsPerPage: count(feed.itemsPerPage),
    records: [],
    errors: [],
    skipped: [],
  };
  for (const entry of elementsOf(feed.entry)) {
    const rawId = textOf(entry.id)?.trim() ?? null;
    if (rawId && ERROR_ENTRY.test(rawId)) {
      const message = normalizeWhitespace(decodeEntities(textOf(entry.summary) ?? textOf(entry.title) ?? 'unknown error'));
      out.errors.push({ id: ERROR_SUBJECT.exec(rawId)?.[1] ?? null, message });
      continue;
    }
    const mapped = mapEntry(entry, rawId);
    if (typeof mapped === 'string') out.skipped.push({ id: rawId, reason: mapped });
    else out.records.push(mapped);
  }
  return out;
}

// Returns the record, or the reason the entry cannot be one.
function mapEntry(entry: XmlElement, rawId: string | null): PaperRecord | string {
  const parsedId = rawId ? parseArxivId(rawId) : null;
  if (!parsedId) return rawId ? `entry id ${JSON.stringify(rawId)} is not an arXiv abstract URL` : 'entry has no id';
  const title = cleanTitle(textOf(entry.title) ?? '');
  if (!title) return `paper ${parsedId.id} has no title`;
  const abstract = cleanAbstract(textOf(entry.summary) ?? '');
  const comments = optionalText(entry.comment);
  const publishedAt = isoDate(entry.published);
  const updatedAt = isoDate(entry.updated) ?? publishedAt;
  const version = parsedId.version;
  return {
    id: parsedId.id,
    version,
    metadataRank: MetadataRank.arxiv,
    title,
    abstract,
    authors: authorsOf(entry),
    ...categoriesOf(entry),
    publishedAt,
    updatedAt,
    comments,
    journalRef: optionalText(entry.journal_ref),
    doi: optionalText(entry.doi),
    reportNo: null,
    license: optionalText(entry.license) ?? licenseLink(entry),
    submitter: null,
    withdrawn: looksWithdrawn(comments, abstract),
    versions: versionsOf(version, publishedAt, updatedAt),
    links: [
      ...extractLinks(abstract).map((l) => ({ ...l, source: 'abstract' as const })),
      ...extractLinks(comments ?? '').map((l) => ({ ...l, source: 'comments' as const })),
    ],
    daily: null,
    hf: null,
  };
}

// <published> is when v1 was submitted and <updated> when the version returned was, so both of those dates are
// known; the versions in between are not listed at all.
function versionsOf(version: number | null, publishedAt: string | null, updatedAt: string | null): PaperRecord['versions'] {
  if (version === null) return [];
  if (version === 1) return [{ version: 1, createdAt: publishedAt }];
  return [
    { version: 1, createdAt: publishedAt },
    { version, createdAt: updatedAt },
  ];
}

function authorsOf(entry: XmlElement): string[] {
  const names: string[] = [];
  for (const author of elementsOf(entry.author)) {
    const name = normalizeWhitespace(texAccentsToUnicode(decodeEntities(textOf(author.name) ?? '')));
    if (name) names.push(name);
  }
  return names;
}

// The primary category goes first, as in arXiv's own metadata, so every source agrees on categories[0].
function categoriesOf(entry: XmlElement): { categories: string[]; primaryCategory: string | null } {
  const primary = textOf(elementOf(entry.primary_category)?.['@term'])?.trim() || null;
  const categories = primary && ARXIV_CATEGORY.test(primary) ? [primary] : [];
  for (const c of elementsOf(entry.category)) {
    const term = textOf(c['@term'])?.trim();
    if (term && ARXIV_CATEGORY.test(term) && !categories.includes(term)) categories.push(term);
  }
  return { categories, primaryCategory: primary ?? categories[0] ?? null };
}

// Atom's standard way to name a license (RFC 4946), in case arXiv starts sending one.
function licenseLink(entry: XmlElement): string | null {
  for (const link of elementsOf(entry.link)) {
    if (textOf(link['@rel']) === 'license') return textOf(link['@href']);
  }
  return null;
}

/**
 * Undoes UTF-8 text that was decoded as Latin-1 and encoded again ("WÃ¼bben" for "Wübben"), as every non-ASCII
 * character in our captures of the current API is. Only a body that decodes cleanly back to UTF-8 is changed, so
 * correct text (which fails that decoding) passes through untouched.
 */
export function repairDoubleEncoding(xml: string): string {
  if (!DOUBLE_ENCODED.test(xml) || BEYOND_LATIN1.test(xml)) return xml;
  try {
    return strictUtf8.decode(Buffer.from(xml, 'latin1'));
  } catch {
    return xml;
  }
}

/** Returns the /api/query URL for a search, an id lookup, or both (ids filtered by the search). */
export function apiQueryUrl(base: string, q: ApiQuery): string {
  const params: [string, string][] = [];
  if (q.searchQuery !== undefined) params.push(['search_query', q.searchQuery]);
  if (q.idList !== undefined) params.push(['id_list', q.idList.join(',')]);
  if (q.start !== undefined) params.push(['start', String(q.start)]);
  if (q.maxResults !== undefined) params.push(['max_results', String(q.maxResults)]);
  if (q.sortBy !== undefined) params.push(['sortBy', q.sortBy]);
  if (q.sortOrder !== undefined) params.push(['sortOrder', q.sortOrder]);
  return `${base}?${params.map(([k, v]) => `${k}=${queryValue(v)}`).join('&')}`;
}

// Encoded, but keeping the ':' of field prefixes, the ',' between ids and '+' for spaces, as arXiv's own examples do.
function queryValue(v: string): string {
  return encodeURIComponent(v).replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%20', '+').replaceAll('%2F', '/');
}
