// Atom 1.0 (RFC 4287).
import type { Feed } from './feed-model.ts';
import { xmlEscape as x } from './xml.ts';

export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((i) =>
    [
      '<entry>',
      `<id>${x(i.id)}</id>`,
      `<title type="text">${x(i.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${x(i.url)}"/>`,
      `<published>${i.published.toISOString()}</published>`,
      `<updated>${i.updated.toISOString()}</updated>`,
      // Atom requires an author per entry (or on the feed); a paper without authors gets the site.
      ...(i.authors.length > 0 ? i.authors.map((a) => `<author><name>${x(a)}</name></author>`) : ['<author><name>arXiv</name></author>']),
      ...i.categories.map((c) => `<category term="${x(c)}"/>`),
      `<summary type="text">${x(i.summary)}</summary>`,
      `<content type="html">${x(i.contentHtml)}</content>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${x(feed.feedUrl)}</id>`,
    `<title type="text">${x(feed.title)}</title>`,
    `<subtitle type="text">${x(feed.description)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${x(feed.feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(feed.homeUrl)}"/>`,
    `<updated>${feed.updated.toISOString()}</updated>`,
    '<generator>dailypapers</generator>',
    ...entries,
    '</feed>',
  ].join('\n');
}
