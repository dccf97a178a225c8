// arXiv's OAI-PMH interface: ListRecords and GetRecord pages in the `arXiv` and `arXivRaw` metadata formats, mapped to
// PaperRecords; plus the URLs that ask for them and the set each category is harvested through.
import { parseArxivId } from '../core/arxiv-id.ts';
import { extractLinks } from '../core/links.ts';
import { cleanAbstract, cleanTitle, decodeEntities, normalizeWhitespace, texAccentsToUnicode } from '../core/text.ts';
import { looksWithdrawn } from '../model/paper-record.ts';
import { MetadataRank, type PaperRecord } from '../model/paper-record.ts';
import { arxivXmlParser, optionalText, isoDate, count } from './xml-fields.ts';
import { elementOf, elementsOf, parseXmlRoot, textOf, textsOf, type XmlElement } from './malformed.ts';

/** One record of a page: its header, and the paper unless it is deleted or cannot be mapped (then `problem` says why). */
export interface OaiRecord {
  identifier: string;
  datestamp: string;
  setSpecs: string[];
  deleted: boolean;
  paper: PaperRecord | null;
  problem: string | null;
}

/** One OAI-PMH response. `error` holds the protocol error (noRecordsMatch included: the caller decides what fails). */
export interface OaiResponse {
  responseDate: string | null;
  records: OaiRecord[];
  /** Null when the page has no resumptionToken element; an empty element (the list's end) has a null token. */
  resumptionToken: { token: string | null; completeListSize: number | null; cursor: number | null } | null;
  error: { code: string; message: string } | null;
}

/** A first ListRecords request, or the next page of one. */
export type OaiListRecordsQuery =
  | { metadataPrefix: 'arXiv' | 'arXivRaw'; set?: string; from?: string; until?: string }
  | { resumptionToken: string };

const REPEATED = new Set(['record', 'setSpec', 'author', 'version', 'error']);
const parser = arxivXmlParser(REPEATED);

const OAI_END = /<\/(?:[\w.-]+:)?OAI-PMH>\s*$/;
const VERSION_LABEL = /^v(\d+)$/;
const EMPTY_SIZE = /^0\s*kb$/i;
const WHITESPACE = /\s+/;

/** Parses one OAI-PMH response body; throws MalformedResponse when it is not an OAI-PMH document. */
export function parseOaiResponse(xml: string): OaiResponse {
  const root = parseXmlRoot(parser, xml, 'OAI-PMH', OAI_END, 'an OAI-PMH <OAI-PMH> response');
  // OAI-PMH allows several errors in one response; the first names the problem well enough.
  const firstError: unknown = Array.isArray(root.error) ? root.error[0] : undefined;
  const list = elementOf(root.ListRecords) ?? elementOf(root.GetRecord);
  return {
    responseDate: textOf(root.responseDate)?.trim() || null,
    records: list ? elementsOf(list.record).map(mapRecord) : [],
    resumptionToken: list ? resumptionTokenOf(list.resumptionToken) : null,
    error:
      firstError === undefined
        ? null
        : {
            code: textOf(elementOf(firstError)?.['@code'])?.trim() || 'unknown',
            message: normalizeWhitespace(decodeEntities(textOf(firstError) ?? '')),
          },
  };
}

function resumptionTokenOf(v: unknown): OaiResponse['resumptionToken'] {
  if (v === undefined) return null;
  const e = elementOf(v);
  const token = textOf(v)?.trim();
  return {
    token: token ? decodeEntities(token) : null,
    completeListSize: e ? count(e['@completeListSize']) : null,
    cursor: e ? count(e['@cursor']) : null,
  };
}

function mapRecord(record: XmlElement): OaiRecord {
  const header = elementOf(record.header) ?? {};
  const out: OaiRecord = {
    identifier: textOf(header.identifier)?.trim() ?? '',
    datestamp: textOf(header.datestamp)?.trim() ?? '',
    setSpecs: textsOf(header.setSpec).map((s) => s.trim()),
    deleted: textOf(header['@status']) === 'deleted',
    paper: null,
    problem: null,
  };
  if (out.deleted) return out;
  const metadata = elementOf(record.metadata);
  const arxiv = elementOf(metadata?.arXiv);
  const raw = elementOf(metadata?.arXivRaw);
  const mapped = arxiv
    ? mapArxivFormat(arxiv)
    : raw
      ? mapArxivRawFormat(raw)
      : metadata
        ? `unsupported metadata format <${Object.keys(metadata).find((k) => !k.startsWith('@')) ?? '?'}>`
        : 'record has no metadata';
  if (typeof mapped === 'string') out.problem = mapped;
  else out.paper = mapped;
  return out;
}

// The fields both formats share.
interface Common {
  id: string;
  title: string;
  abstract: string;
  comments: string | null;
  categories: string[];
}

// The fields the formats do not share: version history, dates and authors.
type Differing = Pick<PaperRecord, 'version' | 'authors' | 'publishedAt' | 'updatedAt' | 'submitter' | 'versions' | 'withdrawn'>;

function commonFields(m: XmlElement): Common | string {
  const rawId = textOf(m.id)?.trim() ?? '';
  const parsed = parseArxivId(rawId);
  if (!parsed) return rawId ? `invalid arXiv id ${JSON.stringify(rawId)}` : 'metadata has no id';
  const title = cleanTitle(textOf(m.title) ?? '');
  if (!title) return `paper ${parsed.id} has no title`;
  return {
    id: parsed.id,
    title,
    abstract: cleanAbstract(textOf(m.abstract) ?? ''),
    comments: optionalText(m.comments),
    categories: (textOf(m.categories) ?? '').split(WHITESPACE).filter((c) => c !== ''),
  };
}

function paperOf(c: Common, m: XmlElement, d: Differing): PaperRecord {
  return {
    id: c.id,
    version: d.version,
    metadataRank: MetadataRank.arxiv,
    title: c.title,
    abstract: c.abstract,
    authors: d.authors,
    categories: c.categories,
    // Both formats list the primary category first.
    primaryCategory: c.categories[0] ?? null,
    publishedAt: d.publishedAt,
    updatedAt: d.updatedAt,
    comments: c.comments,
    journalRef: optionalText(m['journal-ref']),
    doi: optionalText(m.doi),
    reportNo: optionalText(m['report-no']),
    license: optionalText(m.license),
    submitter: d.submitter,
    withdrawn: d.withdrawn,
    versions: d.versions,
    links: [
      ...extractLinks(c.abstract).map((l) => ({ ...l, source: 'abstract' as const })),
      ...extractLinks(c.comments ?? '').map((l) => ({ ...l, source: 'comments' as const })),
    ],
    daily: null,
    hf: null,
  };
}

// `arXiv`: authors split into keyname/forenames/suffix; `created` and `updated` are days, and no version is given.
function mapArxivFormat(m: XmlElement): PaperRecord | string {
  const c = commonFields(m);
  if (typeof c === 'string') return c;
  const authors: string[] = [];
  for (const a of elementsOf(elementOf(m.authors)?.author)) {
    const name = cleanName(decodeEntities([textOf(a.forenames), textOf(a.keyname), textOf(a.suffix)].filter(Boolean).join(' ')));
    if (HAS_NAME.test(name)) authors.push(name);
  }
  const publishedAt = isoDate(m.created);
  return paperOf(c, m, {
    version: null,
    authors,
    publishedAt,
    updatedAt: isoDate(m.updated) ?? publishedAt,
    submitter: null,
    versions: [],
    withdrawn: looksWithdrawn(c.comments, c.abstract),
  });
}

// `arXivRaw`: the whole version history with RFC 2822 dates and sizes; authors as the one string the submitter typed.
function mapArxivRawFormat(m: XmlElement): PaperRecord | string {
  const c = commonFields(m);
  if (typeof c === 'string') return c;
  const versions: PaperRecord['versions'] = [];
  let last: { n: number; size: string } | null = null;
  for (const v of elementsOf(m.version)) {
    const n = Number(VERSION_LABEL.exec(textOf(v['@version'])?.trim() ?? '')?.[1]);
    if (!(n > 0)) continue;
    versions.push({ version: n, createdAt: isoDate(v.date) });
    if (!last || n > last.n) last = { n, size: textOf(v.size)?.trim() ?? '' };
  }
  versions.sort((a, b) => a.version - b.version);
  const submitter = cleanName(decodeEntities(textOf(m.submitter) ?? ''));
  return paperOf(c, m, {
    version: last?.n ?? null,
    authors: splitAuthorList(textOf(m.authors) ?? ''),
    publishedAt: versions[0]?.createdAt ?? null,
    updatedAt: versions.at(-1)?.createdAt ?? null,
    submitter: submitter || null,
    versions,
    // A withdrawal is a new version with no files, whatever its comment says.
    withdrawn: (last !== null && EMPTY_SIZE.test(last.size)) || looksWithdrawn(c.comments, c.abstract),
  });
}

// A name needs a letter or digit; arXiv's parsed author lists contain stray ":" authors from "Collaboration: ..." lists.
const HAS_NAME = /[\p{L}\p{N}]/u;
const LIST_SEPARATOR = /[,;]/;
const AND_SEPARATOR = /(?:^|\s+)and\s+/;

/**
 * Splits an arXiv author string ("A. One (MIT, Cambridge), B. Two, and C. Three") into names, dropping the
 * parenthesized affiliations, which may themselves contain commas.
 */
export function splitAuthorList(raw: string): string[] {
  // Decoded first: an entity's ';' is not a separator.
  const text = decodeEntities(raw);
  const names: string[] = [];
  for (const piece of (text.includes('(') ? withoutParentheses(text) : text).split(LIST_SEPARATOR)) {
    for (const part of piece.split(AND_SEPARATOR)) {
      const name = cleanName(part);
      if (HAS_NAME.test(name)) names.push(name);
    }
  }
  return names;
}

// Removes every parenthesized span, nested ones included. A stray ')' is dropped, and so is an unclosed '(' alone,
// so the names after it survive.
function withoutParentheses(s: string): string {
  let out = '';
  let depth = 0;
  let from = 0;
  let openedAt = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') {
      if (depth === 0) {
        out += s.slice(from, i);
        openedAt = i;
      }
      depth++;
    } else if (ch === ')') {
      if (depth === 0) out += s.slice(from, i);
      depth = Math.max(0, depth - 1);
      from = i + 1;
    }
  }
  return depth === 0 ? out + s.slice(from) : out + withoutParentheses(s.slice(openedAt + 1));
}

// Entities are decoded by the caller, once.
function cleanName(s: string): string {
  return normalizeWhitespace(texAccentsToUnicode(s));
}

/** Returns the ListRecords URL for a first request (format, set, date range) or for the page a token names. */
export function oaiListRecordsUrl(base: string, q: OaiListRecordsQuery): string {
  // The protocol makes resumptionToken exclusive: the server remembers the other arguments.
  const params: [string, string | undefined][] =
    'resumptionToken' in q
      ? [['resumptionToken', q.resumptionToken]]
      : [
          ['metadataPrefix', q.metadataPrefix],
          ['set', q.set],
          ['from', q.from],
          ['until', q.until],
        ];
  const query = params.filter((p): p is [string, string] => p[1] !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `${base}?verb=ListRecords&${query.join('&')}`;
}

// Archives whose OAI set is not their own name: physics archives live under "physics:", and the archives that
// issued old-style ids before 2007 were merged into today's ones.
const ARCHIVE_SET: Record<string, string> = {
  'astro-ph': 'physics:astro-ph',
  'cond-mat': 'physics:cond-mat',
  'gr-qc': 'physics:gr-qc',
  'hep-ex': 'physics:hep-ex',
  'hep-lat': 'physics:hep-lat',
  'hep-ph': 'physics:hep-ph',
  'hep-th': 'physics:hep-th',
  'math-ph': 'physics:math-ph',
  nlin: 'physics:nlin',
  'nucl-ex': 'physics:nucl-ex',
  'nucl-th': 'physics:nucl-th',
  physics: 'physics:physics',
  'quant-ph': 'physics:quant-ph',
  cs: 'cs',
  econ: 'econ',
  eess: 'eess',
  math: 'math',
  'q-bio': 'q-bio',
  'q-fin': 'q-fin',
  stat: 'stat',
  'chao-dyn': 'physics:nlin',
  'solv-int': 'physics:nlin',
  'patt-sol': 'physics:nlin',
  'adap-org': 'physics:nlin',
  'comp-gas': 'physics:nlin',
  'mtrl-th': 'physics:cond-mat',
  'supr-con': 'physics:cond-mat',
  'alg-geom': 'math',
  'dg-ga': 'math',
  'funct-an': 'math',
  'q-alg': 'math',
  'cmp-lg': 'cs',
  'acc-phys': 'physics:physics',
  'ao-sci': 'physics:physics',
  'atom-ph': 'physics:physics',
  'bayes-an': 'physics:physics',
  'chem-ph': 'physics:physics',
  'plasm-ph': 'physics:physics',
};

/** Returns the OAI-PMH set that holds a category's papers (cs.AI → cs, hep-th → physics:hep-th); throws for an unknown one. */
export function oaiSetOf(category: string): string {
  const archive = category.trim().split('.')[0]!;
  const set = Object.hasOwn(ARCHIVE_SET, archive) ? ARCHIVE_SET[archive] : undefined;
  if (set === undefined) throw new RangeError(`no arXiv OAI-PMH set for category ${JSON.stringify(category)}`);
  return set;
}
