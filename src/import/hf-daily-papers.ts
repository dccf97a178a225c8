// Hugging Face `GET /api/daily_papers` response bodies: an array of items {paper, publishedAt,
// title, summary, numComments, submittedBy, organization, ...}. Accepted as a raw body, a
// {status, date, count, data} wrapper, or archive lines {"date": ..., "body": <response>}.
// Fields drift over the years (mediaUrl → thumbnail, submittedBy only since 2024-06, items
// stored as Python reprs on some days): every field is optional except the paper id and title.
import { parseArxivId } from '../core/arxiv-id.ts';
import { formatDay, parseDay, parseLooseDate } from '../core/dates.ts';
import { extractLinks } from '../core/links.ts';
import { safeHttpUrl } from '../core/urls.ts';
import { cleanAbstract, cleanTitle, normalizeWhitespace } from '../core/text.ts';
import { asObject, list, num, str, strList, type Json, type JsonObject } from './json-fields.ts';
import { parsePythonLiteral } from './python-literal.ts';
import { MetadataRank, NO_ARXIV_DETAILS, RecordError, type OrganizationRecord, type PaperRecord } from '../model/paper-record.ts';

/** True when a parsed document looks like a daily-papers body or an archive line holding one. */
export function isHfDailyDocument(v: Json): boolean {
  if (Array.isArray(v)) return v.length === 0 || isHfItem(v[0]!);
  const o = asObject(v);
  if (!o) return false;
  if ('body' in o && 'date' in o) return true;
  return Array.isArray(o.data) && ('status' in o || 'count' in o);
}

function isHfItem(v: Json): boolean {
  if (typeof v === 'string') return v.startsWith("{'paper'") || v.startsWith('{"paper"');
  return asObject(asObject(v)?.paper ?? null) !== null;
}

/** Returns the items of a document and the feed day it names, if any. */
export function hfItemsOf(doc: Json): { day: string | null; items: Json[] } {
  const o = asObject(doc);
  if (o && 'body' in o) {
    const inner = hfItemsOf(o.body ?? null);
    return { day: str(o, 'date') ?? inner.day, items: inner.items };
  }
  if (o && Array.isArray(o.data)) return { day: str(o, 'date'), items: o.data };
  if (Array.isArray(doc)) return { day: null, items: doc };
  throw new RecordError('not a Hugging Face daily_papers body (expected an array of {paper: ...} items)');
}

function organizationOf(o: JsonObject | null): OrganizationRecord | null {
  const name = str(o, 'name');
  return name ? { name, fullname: str(o, 'fullname'), avatarUrl: str(o, 'avatar') } : null;
}

function submitterOf(o: JsonObject | null): { name: string; fullname: string | null; avatarUrl: string | null } | null {
  const name = str(o, 'name') ?? str(o, 'user');
  return name ? { name, fullname: str(o, 'fullname'), avatarUrl: str(o, 'avatarUrl') } : null;
}

function dayOf(iso: string | null): string | null {
  const d = iso ? parseLooseDate(iso) : null;
  return d ? formatDay(d) : null;
}

/** The item's own fields (the paper object is kept apart, whole). */
function itemFieldsOf(item: JsonObject): JsonObject {
  const { paper: _paper, ...rest } = item;
  return rest;
}

/** Maps one item of a body to a PaperRecord; `day` is the feed day the body was fetched for. */
export function mapHfItem(raw: Json, day: string | null): PaperRecord {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = parsePythonLiteral(raw) as Json;
    } catch (err) {
      throw new RecordError(`item is a string that is not a Python literal either: ${(err as Error).message}`);
    }
  }
  const item = asObject(value);
  const paper = asObject(item?.paper ?? null);
  if (!item || !paper) throw new RecordError('item has no "paper" object');
  const parsedId = parseArxivId(str(paper, 'id') ?? '');
  if (!parsedId) throw new RecordError(`invalid arXiv id ${JSON.stringify(paper.id ?? null)}`);
  const title = cleanTitle(str(paper, 'title') ?? str(item, 'title') ?? '');
  if (!title) throw new RecordError(`paper ${parsedId.id} has no title`);
  const abstract = cleanAbstract(str(paper, 'summary') ?? str(item, 'summary') ?? '');
  const authors = list(paper, 'authors')
    .map((a) => normalizeWhitespace(str(asObject(a), 'name') ?? ''))
    .filter(Boolean);
  const publishedAt = parseLooseDate(str(paper, 'publishedAt') ?? '')?.toISOString() ?? null;
  const submittedAt = str(paper, 'submittedOnDailyAt') ?? str(item, 'publishedAt');
  const featuredDay = (day && parseDay(day) ? day : null) ?? dayOf(submittedAt);
  const githubRepo = safeHttpUrl(str(paper, 'githubRepo'));
  const projectPage = safeHttpUrl(str(paper, 'projectPage'));
  const links = [
    ...(githubRepo ? [{ url: githubRepo, kind: 'code' as const, source: 'hf' as const }] : []),
    ...(projectPage ? [{ url: projectPage, kind: 'project' as const, source: 'hf' as const }] : []),
    ...extractLinks(abstract).map((l) => ({ ...l, source: 'abstract' as const })),
  ];
  return {
    id: parsedId.id,
    version: null,
    metadataRank: MetadataRank.huggingFace,
    title,
    abstract,
    authors,
    categories: [],
    primaryCategory: null,
    publishedAt,
    updatedAt: publishedAt,
    ...NO_ARXIV_DETAILS,
    withdrawn: false,
    links,
    daily: featuredDay
      ? {
          date: featuredDay,
          source: 'hf',
          submittedAt: parseLooseDate(submittedAt ?? '')?.toISOString() ?? null,
          submittedBy: submitterOf(asObject(item.submittedBy ?? paper.submittedOnDailyBy ?? null)),
        }
      : null,
    hf: {
      upvotes: Math.max(0, Math.round(num(paper, 'upvotes') ?? 0)),
      numComments: Math.max(0, Math.round(num(item, 'numComments') ?? 0)),
      githubRepo,
      githubStars: num(paper, 'githubStars'),
      projectPage,
      thumbnail: safeHttpUrl(str(item, 'thumbnail') ?? str(item, 'mediaUrl')),
      aiSummary: str(paper, 'ai_summary'),
      aiSummaryModel: str(paper, 'ai_summary_model'),
      aiKeywords: strList(paper, 'ai_keywords'),
      organization: organizationOf(asObject(paper.organization ?? item.organization ?? null)),
      fields: { paper, item: itemFieldsOf(item) },
    },
  };
}
