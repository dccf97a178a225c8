// Hand-written responses in arXiv's real formats (OAI-PMH arXivRaw, the RSS listing, the API's Atom),
// built from a few fields so harvest tests can script any sequence of pages.

export interface FakePaper {
  id: string;
  title: string;
  abstract?: string;
  authors?: string[];
  categories?: string[];
  /** Version dates, v1 first (RFC 2822 as arXiv writes them). */
  versions?: string[];
  comments?: string;
  datestamp?: string;
  /** The last version is a withdrawal notice (size 0kb, as arXiv records them). */
  withdrawn?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rawRecord(p: FakePaper): string {
  const cats = p.categories ?? ['cs.LG'];
  const dates = p.versions ?? ['Mon, 2 Mar 2026 10:00:00 GMT'];
  const versions = dates
    .map(
      (d, i) =>
        `<version version="v${i + 1}"><date>${d}</date><size>${p.withdrawn && i === dates.length - 1 ? '0kb' : '120kb'}</size><source_type>D</source_type></version>`,
    )
    .join('');
  return `<record><header><identifier>oai:arXiv.org:${p.id}</identifier><datestamp>${p.datestamp ?? '2026-03-03'}</datestamp><setSpec>${cats[0]!.split('.')[0]}</setSpec></header>
<metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd"><id>${p.id}</id><submitter>${esc((p.authors ?? ['Ada Lovelace'])[0]!)}</submitter>${versions}<title>${esc(p.title)}</title><authors>${esc((p.authors ?? ['Ada Lovelace']).join(', '))}</authors><categories>${cats.join(' ')}</categories>${p.comments ? `<comments>${esc(p.comments)}</comments>` : ''}<license>http://creativecommons.org/licenses/by/4.0/</license><abstract>  ${esc(p.abstract ?? `Abstract of ${p.title}.`)}
</abstract></arXivRaw></metadata></record>`;
}

/** One ListRecords page; `token` null ends the list (an empty resumptionToken, as arXiv sends). */
export function oaiPage(papers: FakePaper[], next: { token: string | null; cursor: number; completeListSize: number }): string {
  const token =
    next.token === null
      ? `<resumptionToken completeListSize="${next.completeListSize}" cursor="${next.cursor}"/>`
      : `<resumptionToken completeListSize="${next.completeListSize}" cursor="${next.cursor}">${next.token}</resumptionToken>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2026-03-04T12:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
<ListRecords>
${papers.map(rawRecord).join('\n')}
${token}
</ListRecords>
</OAI-PMH>`;
}

/** An OAI-PMH error response (noRecordsMatch, badResumptionToken, ...). */
export function oaiError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2026-03-04T12:00:00Z</responseDate>
<request verb="ListRecords">http://export.arxiv.org/oai2</request>
<error code="${code}">${esc(message)}</error>
</OAI-PMH>`;
}

export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

/** rss.arxiv.org's daily listing for `day` (a weekday), per arXiv's RSS specification. */
export function rssListing(day: string, items: { paper: FakePaper; type: AnnounceType; version?: number }[]): string {
  const d = new Date(`${day}T12:00:00Z`);
  const pub = `${d.toUTCString().slice(0, 16)} 00:00:00 -0500`;
  const entries = items.map(
    ({ paper: p, type, version }) => `<item>
<title>${esc(p.title)}</title>
<link>https://arxiv.org/abs/${p.id}</link>
<description>arXiv:${p.id}v${version ?? 1} Announce Type: ${type} 
Abstract: ${esc(p.abstract ?? `Abstract of ${p.title}.`)}</description>
<guid isPermaLink="false">oai:arXiv.org:${p.id}v${version ?? 1}</guid>
${(p.categories ?? ['cs.LG']).map((c) => `<category>${c}</category>`).join('\n')}
<pubDate>${pub}</pubDate>
<arxiv:announce_type>${type}</arxiv:announce_type>
<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
<dc:creator>${esc((p.authors ?? ['Ada Lovelace']).join(', '))}</dc:creator>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
<channel>
<title>cs.LG updates on arXiv.org</title>
<link>http://rss.arxiv.org/rss/cs.LG</link>
<description>cs.LG updates on the arXiv.org e-print archive.</description>
<atom:link href="http://rss.arxiv.org/rss/cs.LG" rel="self" type="application/rss+xml"/>
<docs>http://www.rssboard.org/rss-specification</docs>
<language>en-us</language>
<lastBuildDate>${d.toUTCString().slice(0, 16)} 05:00:11 +0000</lastBuildDate>
<managingEditor>rss-help@arxiv.org</managingEditor>
<pubDate>${pub}</pubDate>
<skipDays><day>Saturday</day><day>Sunday</day></skipDays>
${entries.join('\n')}
</channel>
</rss>`;
}

/** An arXiv API (Atom) response holding `papers`. */
export function apiFeed(papers: FakePaper[]): string {
  const entries = papers.map((p) => {
    const published = new Date(p.versions?.[0] ?? 'Mon, 2 Mar 2026 10:00:00 GMT').toISOString().replace('.000', '');
    const n = p.versions?.length ?? 1;
    return `  <entry>
    <id>http://arxiv.org/abs/${p.id}v${n}</id>
    <title>${esc(p.title)}</title>
    <updated>${published}</updated>
    <link href="https://arxiv.org/abs/${p.id}v${n}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${p.id}v${n}" rel="related" type="application/pdf" title="pdf"/>
    <summary>${esc(p.abstract ?? `Abstract of ${p.title}.`)}</summary>
${(p.categories ?? ['cs.LG']).map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
    <published>${published}</published>
${p.comments ? `    <arxiv:comment>${esc(p.comments)}</arxiv:comment>\n` : ''}    <arxiv:primary_category term="${(p.categories ?? ['cs.LG'])[0]}"/>
${(p.authors ?? ['Ada Lovelace']).map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`).join('\n')}
  </entry>`;
  });
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: test</title>
  <updated>2026-03-04T00:00:00Z</updated>
  <opensearch:itemsPerPage>${papers.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${papers.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${entries.join('\n')}
</feed>`;
}
