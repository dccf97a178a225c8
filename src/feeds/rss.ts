// RSS 2.0 (https://www.rssboard.org/rss-specification), with atom:link rel="self" as validators ask.
import type { Feed } from './feed-model.ts';
import { xmlEscape as x } from './xml.ts';

export function renderRss(feed: Feed): string {
  const items = feed.items.map((i) =>
    [
      '<item>',
      `<title>${x(i.title)}</title>`,
      `<link>${x(i.url)}</link>`,
      `<guid isPermaLink="true">${x(i.id)}</guid>`,
      `<pubDate>${i.published.toUTCString()}</pubDate>`,
      `<description>${x(i.contentHtml)}</description>`,
      ...(i.authors.length > 0 ? [`<dc:creator>${x(i.authors.join(', '))}</dc:creator>`] : []),
      ...i.categories.map((c) => `<category>${x(c)}</category>`),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${x(feed.title)}</title>`,
    `<link>${x(feed.homeUrl)}</link>`,
    `<description>${x(feed.description)}</description>`,
    `<atom:link href="${x(feed.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    '<language>en</language>',
    `<lastBuildDate>${feed.updated.toUTCString()}</lastBuildDate>`,
    '<generator>dailypapers</generator>',
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n');
}
