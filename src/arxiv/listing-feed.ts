// The daily announcement feeds of rss.arxiv.org (the 2024 implementation), RSS 2.0 and its Atom twin, mapped to
// PaperRecords with the kind of announcement each item is. Written to arXiv's published specification.
import { parseArxivId } from '../core/arxiv-id.ts';
import { parseDay, parseLooseDate } from '../core/dates.ts';
import { extractLinks } from '../core/links.ts';
import { cleanAbstract, cleanTitle, decodeEntities, normalizeWhitespace } from '../core/text.ts';
import { looksWithdrawn } from '../model/paper-record.ts';
import { MetadataRank, type PaperRecord } from '../model/paper-record.ts';
import { arxivXmlParser } from './xml-fields.ts';
import { elementOf, elementsOf, parseXmlRoot, textOf, textsOf, type XmlElement } from './malformed.ts';
import { splitAuthorList } from './oai-response.ts';

/** Why a paper is in the day's listing: first appearance, cross-list into the feed's category, or a new version. */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

/** One day's listing: the mailing day, the announced papers, and the items that could not be read. */
export interface ListingFeed {
  /** YYYY-MM-DD of the channel's pubDate in its own offset (the mailing day), or null when the feed has none. */
  day: string | null;
  items: { announceType: AnnounceType; record: PaperRecord }[];
  skipped: { guid: string | null; reason: string }[];
}

// RSS items and Atom entries reduced to the fields both have.
interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  description: string | null;
  categories: string[];
  creator: string | null;
  announceType: string | null;
  date: string | null;
  rights: string | null;
  doi: string | null;
  journalRef: string | null;
}

const REPEATED = new Set(['item', 'entry', 'category', 'link']);
const parser = arxivXmlParser(REPEATED);

const RSS_START = /<(?:[\w.-]+:)?rss[\s>]/;
const RSS_END = /<\/(?:[\w.-]+:)?rss>\s*$/;
const ATOM_END = /<\/(?:[\w.-]+:)?feed>\s*$/;
// "arXiv:2402.14003v1 Announce Type: new \nAbstract: ..." at the start of every description.
const EXPECTED = 'an arXiv listing feed (RSS <rss> or Atom <feed>)';
const DESCRIPTION_PREFIX = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?/;
const OAI_PREFIX = /^oai:arXiv\.org:/i;
const ANNOUNCE_TYPES: ReadonlySet<string> = new Set<AnnounceType>(['new', 'cross', 'replace', 'replace-cross']);
const RFC_2822_DAY = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\b/;
const ISO_DAY = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Parses one listing feed (RSS 2.0, or the Atom variant); throws MalformedResponse when it is neither. */
export function parseListingFeed(xml: string): ListingFeed {
  const isRss = RSS_START.test(xml.slice(0, 2000));
  let items: FeedItem[];
  let day: string | null;
  if (isRss) {
    const channel = elementOf(parseXmlRoot(parser, xml, 'rss', RSS_END, EXPECTED).channel) ?? {};
    items = elementsOf(channel.item).map(rssItem);
    day = dayInOwnOffset(textOf(channel.pubDate)) ?? dayInOwnOffset(items[0]?.date ?? null);
  } else {
    const feed = parseXmlRoot(parser, xml, 'feed', ATOM_END, EXPECTED);
    items = elementsOf(feed.entry).map(atomEntry);
    // The Atom feed has no announcement date of its own, only a generation time; each entry has the day.
    day = dayInOwnOffset(items[0]?.date ?? null);
  }
  const out: ListingFeed = { day, items: [], skipped: [] };
  for (const item of items) {
    const mapped = mapItem(item);
    if (typeof mapped === 'string') out.skipped.push({ guid: item.guid, reason: mapped });
    else out.items.push(mapped);
  }
  return out;
}

function rssItem(e: XmlElement): FeedItem {
  return {
    guid: trimmed(e.guid),
    link: textsOf(e.link)[0]?.trim() ?? null,
    title: textOf(e.title),
    description: textOf(e.description),
    categories: textsOf(e.category).map((c) => c.trim()),
    creator: textOf(e.creator),
    announceType: trimmed(e.announce_type),
    date: trimmed(e.pubDate),
    rights: trimmed(e.rights),
    doi: trimmed(e.DOI),
    journalRef: textOf(e.journal_reference),
  };
}

function atomEntry(e: XmlElement): FeedItem {
  return {
    guid: trimmed(e.id),
    link: trimmed((elementsOf(e.link).find((l) => textOf(l['@rel']) === 'alternate') ?? elementsOf(e.link)[0])?.['@href']),
    title: textOf(e.title),
    description: textOf(e.summary),
    categories: elementsOf(e.category)
      .map((c) => textOf(c['@term'])?.trim() ?? '')
      .filter((c) => c !== ''),
    creator: textOf(e.creator),
    announceType: trimmed(e.announce_type),
    date: trimmed(e.published) ?? trimmed(e.updated),
    rights: trimmed(e.rights),
    doi: trimmed(e.DOI),
    journalRef: textOf(e.journal_reference),
  };
}

// Returns the announced paper, or the reason the item cannot be one.
function mapItem(item: FeedItem): ListingFeed['items'][number] | string {
  const description = item.description ?? '';
  const prefix = DESCRIPTION_PREFIX.exec(description);
  const parsedId =
    parseArxivId(prefix?.[1] ?? '') ?? parseArxivId((item.guid ?? '').replace(OAI_PREFIX, '')) ?? parseArxivId(item.link ?? '');
  if (!parsedId) return 'item names no arXiv id';
  const announceType = item.announceType ?? prefix?.[2] ?? '';
  if (!ANNOUNCE_TYPES.has(announceType)) return `paper ${parsedId.id} has an unknown announce type ${JSON.stringify(announceType)}`;
  const title = cleanTitle(item.title ?? '');
  if (!title) return `paper ${parsedId.id} has no title`;
  const abstract = cleanAbstract(prefix ? description.slice(prefix[0].length) : description);
  const categories = [...new Set(item.categories)];
  const announced = item.date ? (parseLooseDate(item.date)?.toISOString() ?? null) : null;
  const type = announceType as AnnounceType;
  return {
    announceType: type,
    record: {
      id: parsedId.id,
      version: parsedId.version,
      metadataRank: MetadataRank.arxiv,
      title,
      abstract,
      authors: splitAuthorList(item.creator ?? ''),
      categories,
      // The feed does not mark the primary category; it lists categories in arXiv's order, primary first.
      primaryCategory: categories[0] ?? null,
      // The announcement day stands in for the submission time: the first for a new paper, the latest for a new
      // version. A cross-list announces nothing about the paper's dates.
      publishedAt: type === 'new' ? announced : null,
      updatedAt: type === 'cross' ? null : announced,
      comments: null,
      journalRef: item.journalRef ? normalizeWhitespace(decodeEntities(item.journalRef)) || null : null,
      doi: item.doi ? decodeEntities(item.doi) : null,
      reportNo: null,
      license: item.rights ? decodeEntities(item.rights) : null,
      submitter: null,
      withdrawn: looksWithdrawn(null, abstract),
      versions: parsedId.version === null ? [] : [{ version: parsedId.version, createdAt: null }],
      links: extractLinks(abstract).map((l) => ({ ...l, source: 'abstract' as const })),
      daily: null,
      hf: null,
    },
  };
}

function trimmed(v: unknown): string | null {
  return textOf(v)?.trim() || null;
}

// The calendar day as written, not converted to UTC: midnight Eastern is the previous day in some zones.
function dayInOwnOffset(date: string | null): string | null {
  if (!date) return null;
  const iso = ISO_DAY.exec(date.trim());
  if (iso) return parseDay(iso[1]!) ? iso[1]! : null;
  const rfc = RFC_2822_DAY.exec(date.trim());
  if (!rfc) return null;
  const month = MONTHS.indexOf(rfc[2]!.toLowerCase()) + 1;
  const day = `${rfc[3]}-${String(month).padStart(2, '0')}-${rfc[1]!.padStart(2, '0')}`;
  return month > 0 && parseDay(day) ? day : null;
}

/** Returns the RSS listing URL for one or more categories (`${base}/rss/cs.AI+cs.CL`); throws when given none. */
export function listingFeedUrl(base: string, categories: string[]): string {
  if (categories.length === 0) throw new RangeError('listingFeedUrl needs at least one category');
  return `${base.replace(/\/+$/, '')}/rss/${categories.map((c) => encodeURIComponent(c.trim())).join('+')}`;
}
