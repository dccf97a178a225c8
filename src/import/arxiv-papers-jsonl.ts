// The aggregated arXiv JSON-lines format (arxiv_id, title, authors, abstract, categories, date,
// and for papers featured on Hugging Face: hf_upvotes_at_fetch, hf_num_comments, hf_daily_date).
import { parseArxivId } from '../core/arxiv-id.ts';
import { formatDay, parseDay, parseLooseDate } from '../core/dates.ts';
import { extractLinks } from '../core/links.ts';
import { cleanAbstract, cleanTitle, normalizeWhitespace, texAccentsToUnicode } from '../core/text.ts';
import { num, str, strList, type JsonObject } from './json-fields.ts';
import { looksWithdrawn } from '../model/paper-record.ts';
import { countsOnlyHfSignals, MetadataRank, NO_ARXIV_DETAILS, RecordError, type PaperRecord } from '../model/paper-record.ts';

/** True when a parsed line looks like this format. */
export function isArxivPapersLine(o: JsonObject): boolean {
  return typeof o.arxiv_id === 'string';
}

/** Maps one line to a PaperRecord, or throws RecordError saying what is wrong. */
export function mapArxivPapersLine(o: JsonObject): PaperRecord {
  const parsedId = parseArxivId(str(o, 'arxiv_id') ?? '');
  if (!parsedId) throw new RecordError(`invalid arXiv id ${JSON.stringify(o.arxiv_id ?? null)}`);
  const title = cleanTitle(str(o, 'title') ?? '');
  if (!title) throw new RecordError(`paper ${parsedId.id} has no title`);
  const abstract = cleanAbstract(str(o, 'abstract') ?? '');
  const categories = strList(o, 'categories') ?? [];
  const rawDate = str(o, 'date') ?? '';
  const published = parseLooseDate(rawDate);
  // A bare year ("2019") is too vague to place a paper on a particular day's feed.
  const preciseDay = published && !/^\d{4}$/.test(rawDate) ? formatDay(published) : null;
  const hfDay = str(o, 'hf_daily_date');
  const upvotes = num(o, 'hf_upvotes_at_fetch');
  const featuredOnHf = hfDay !== null && parseDay(hfDay) !== null;
  return {
    id: parsedId.id,
    version: parsedId.version,
    metadataRank: MetadataRank.aggregated,
    title,
    abstract,
    authors: (strList(o, 'authors') ?? []).map((a) => normalizeWhitespace(texAccentsToUnicode(a))).filter(Boolean),
    categories,
    primaryCategory: categories[0] ?? null,
    publishedAt: published?.toISOString() ?? null,
    updatedAt: published?.toISOString() ?? null,
    ...NO_ARXIV_DETAILS,
    withdrawn: looksWithdrawn(null, abstract),
    links: extractLinks(abstract).map((l) => ({ ...l, source: 'abstract' as const })),
    daily: featuredOnHf
      ? { date: hfDay, source: 'hf', submittedAt: null, submittedBy: null }
      : preciseDay
        ? { date: preciseDay, source: 'arxiv', submittedAt: null, submittedBy: null }
        : null,
    hf:
      upvotes !== null || featuredOnHf
        ? countsOnlyHfSignals(Math.max(0, Math.round(upvotes ?? 0)), Math.max(0, Math.round(num(o, 'hf_num_comments') ?? 0)))
        : null,
  };
}
