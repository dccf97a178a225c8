// Parses RSS and Atom with a real feed parser (npm feedparser), as feed readers would.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { XMLValidator } from 'fast-xml-parser';

interface ParsedItem {
  title: string;
  link: string;
  guid: string;
  description: string | null;
  summary: string | null;
  pubdate: Date | null;
  date: Date | null;
  author: string | null;
  categories: string[];
}
interface ParsedMeta {
  title: string;
  link: string;
  xmlurl: string | null;
  date: Date | null;
  '#type': 'rss' | 'atom' | 'rdf';
}
interface FeedParserStream extends NodeJS.WritableStream {
  on(event: 'meta', cb: (meta: ParsedMeta) => void): this;
  on(event: 'readable', cb: () => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  on(event: 'end', cb: () => void): this;
  read(): ParsedItem | null;
}
const FeedParser = createRequire(import.meta.url)('feedparser') as new (opts?: { strict?: boolean }) => FeedParserStream;

/** Parses a feed as a reader would, after checking it is well-formed XML (feedparser itself is lenient). */
export function parseFeed(xml: string): Promise<{ meta: ParsedMeta; items: ParsedItem[] }> {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return Promise.reject(new Error(`not well-formed XML: ${JSON.stringify(wellFormed.err)}`));
  return new Promise((resolve, reject) => {
    // Non-strict, as readers run it (strict mode also stops it from recognising <pubDate>).
    const parser = new FeedParser({ strict: false });
    let meta: ParsedMeta | null = null;
    const items: ParsedItem[] = [];
    parser.on('meta', (m) => (meta = m));
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('error', reject);
    parser.on('end', () => (meta ? resolve({ meta, items }) : reject(new Error('no feed metadata'))));
    Readable.from([xml]).pipe(parser);
  });
}
