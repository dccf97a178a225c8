// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
import type { Feed } from './feed-model.ts';

export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl,
    description: feed.description,
    language: 'en',
    items: feed.items.map((i) => ({
      id: i.id,
      url: i.url,
      title: i.title,
      summary: i.summary,
      content_html: i.contentHtml,
      date_published: i.published.toISOString(),
      date_modified: i.updated.toISOString(),
      authors: i.authors.map((name) => ({ name })),
      tags: i.categories,
    })),
  });
}
