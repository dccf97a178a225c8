// arXiv's bulk metadata snapshot (arxiv-metadata-oai-snapshot.json): one JSON object a line with
// id, authors, authors_parsed, title, abstract, categories, versions, comments, journal-ref, doi, ...
import { parseArxivId } from '../core/arxiv-id.ts';
import { formatDay, parseLooseDate } from '../core/dates.ts';
import { extractLinks } from '../core/links.ts';
import { cleanAbstract, cleanTitle, normalizeWhitespace, texAccentsToUnicode } from '../core/text.ts';
import { asObject, list, str, type JsonObject } from './json-fields.ts';
import { looksWithdrawn, MetadataRank, RecordError, type PaperRecord } from '../model/paper-record.ts';

/** True when a parsed line looks like a snapshot record. */
export function isKaggleSnapshotLine(o: JsonObject): boolean {
  return typeof o.id === 'string' && ('versions' in o || 'authors_parsed' in o || 'update_date' in o);
}

function authorsOf(o: JsonObject): string[] {
  const parsed = list(o, 'authors_parsed');
  if (parsed.length > 0) {
    return parsed
      .map((a) => {
        if (!Array.isArray(a)) return '';
        const [last, first, suffix] = a.map((x) => (typeof x === 'string' ? x.trim() : ''));
        return cleanName([first, last, suffix].filter(Boolean).join(' '));
      })
      .filter(Boolean);
  }
  const raw = str(o, 'authors');
  if (!raw) return [];
  return raw
    .split(/,\s*|\s+and\s+/)
    .map(cleanName)
    .filter(Boolean);
}

function cleanName(s: string): string {
  return normalizeWhitespace(texAccentsToUnicode(s));
}

/** Maps one snapshot record to a PaperRecord, or throws RecordError saying what is wrong. */
export function mapKaggleSnapshot(o: JsonObject): PaperRecord {
  const rawId = str(o, 'id');
  const parsedId = rawId ? parseArxivId(rawId) : null;
  if (!parsedId) throw new RecordError(`invalid arXiv id ${JSON.stringify(o.id ?? null)}`);
  const title = cleanTitle(str(o, 'title') ?? '');
  if (!title) throw new RecordError(`paper ${parsedId.id} has no title`);
  const abstract = cleanAbstract(str(o, 'abstract') ?? '');
  const categories = (str(o, 'categories') ?? '').split(/\s+/).filter(Boolean);
  const versions = list(o, 'versions')
    .map((v) => {
      const vo = asObject(v);
      const n = Number(/^v(\d+)$/.exec(str(vo, 'version') ?? '')?.[1]);
      const created = parseLooseDate(str(vo, 'created') ?? '');
      return Number.isInteger(n) && n > 0 ? { version: n, createdAt: created?.toISOString() ?? null } : null;
    })
    .filter((v): v is { version: number; createdAt: string | null } => v !== null)
    .sort((a, b) => a.version - b.version);
  const first = versions[0]?.createdAt ?? null;
  const last = versions.at(-1)?.createdAt ?? first;
  const comments = str(o, 'comments') ? normalizeWhitespace(str(o, 'comments')!) : null;
  const links = [
    ...extractLinks(abstract).map((l) => ({ ...l, source: 'abstract' as const })),
    ...extractLinks(comments ?? '').map((l) => ({ ...l, source: 'comments' as const })),
  ];
  return {
    id: parsedId.id,
    version: versions.at(-1)?.version ?? parsedId.version ?? null,
    metadataRank: MetadataRank.arxiv,
    title,
    abstract,
    authors: authorsOf(o),
    categories,
    primaryCategory: categories[0] ?? null,
    publishedAt: first,
    updatedAt: last,
    comments,
    journalRef: str(o, 'journal-ref'),
    doi: str(o, 'doi'),
    reportNo: str(o, 'report-no'),
    license: str(o, 'license'),
    submitter: str(o, 'submitter'),
    withdrawn: looksWithdrawn(comments, abstract),
    versions,
    links,
    daily: first ? { date: formatDay(new Date(first)), source: 'arxiv', submittedAt: null, submittedBy: null } : null,
    hf: null,
  };
}
