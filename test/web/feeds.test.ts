// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the listings: parsed with a real feed parser, checked
// against the specs' required elements, escaping of hostile titles and math, dates, stable GUIDs,
// conditional GET and autodiscovery.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { parseFeed } from '../helpers/feed-parser.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql);
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json']) await importSource(sql, await openInput(path.join(FIXTURES, f)));
// A hostile title on the day under test: markup, an ampersand, and math with < in it.
await sql`UPDATE papers SET title = 'Attacks on <script>alert(1)</script> & $x<y$ bounds', daily_date = '2024-05-27', daily_source = 'hf' WHERE id = '2405.14906'`;

const DAY = '/papers/date/2024-05-27';

test('RSS 2.0: parses, has the required channel and item elements, escapes titles, stable GUIDs', async () => {
  const res = await app.request(`${DAY}.rss`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/rss\+xml/);
  const xml = await res.text();
  const { meta, items } = await parseFeed(xml);
  assert.equal(meta['#type'], 'rss');
  assert.match(meta.title, /Monday, May 27, 2024/);
  assert.equal(meta.link, `http://localhost:3000${DAY}`);
  assert.ok(items.length >= 2);
  const hostile = items.find((i) => i.guid === 'http://localhost:3000/papers/2405.14906');
  assert.ok(hostile, 'the paper URL is the GUID');
  // Escaped once, as text: feedparser (like many readers) then treats the tag-like text as markup and drops it.
  assert.match(hostile.title, /^Attacks on (<script>)?alert\(1\)(<\/script>)? & x<y bounds$/);
  assert.match(xml, /<title>Attacks on &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; x&lt;y bounds<\/title>/);
  assert.doesNotMatch(xml, /<script>/, 'never raw in the XML');
  assert.ok(items.every((i) => i.pubdate instanceof Date && !Number.isNaN(i.pubdate.getTime())));
  const doc = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
    rss: { '@_version': string; channel: { title: string; link: string; description: string } };
  };
  assert.equal(doc.rss['@_version'], '2.0');
  assert.ok(doc.rss.channel.title && doc.rss.channel.link && doc.rss.channel.description);
  const again = await parseFeed(await (await app.request(`${DAY}.rss`)).text());
  assert.deepEqual(
    again.items.map((i) => i.guid),
    items.map((i) => i.guid),
    'GUIDs are stable',
  );
});

test('Atom 1.0: parses; feed and entries have id, title, updated, author and links', async () => {
  const res = await app.request(`${DAY}.atom`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml/);
  const xml = await res.text();
  const { meta, items } = await parseFeed(xml);
  assert.equal(meta['#type'], 'atom');
  assert.equal(meta.xmlurl, `http://localhost:3000${DAY}.atom`);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' || n === 'author' || n === 'link' }).parse(xml) as {
    feed: {
      '@_xmlns': string;
      id: string;
      title: unknown;
      updated: string;
      entry: { id: string; title: unknown; updated: string; author: { name: string }[]; link: unknown[] }[];
    };
  };
  assert.equal(doc.feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
  assert.ok(doc.feed.id && doc.feed.title);
  assert.match(doc.feed.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  for (const e of doc.feed.entry) {
    assert.ok(e.id && e.title && e.updated && e.author.length > 0 && e.link.length > 0, JSON.stringify(e).slice(0, 200));
    assert.match(e.updated, /Z$/);
  }
  assert.ok(items.some((i) => /^Attacks on .*alert\(1\).* & x<y bounds$/.test(i.title)));
  assert.match(xml, /<title type="text">Attacks on &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; x&lt;y bounds<\/title>/);
});

test('JSON Feed 1.1: version, required fields, ids and dates', async () => {
  const res = await app.request(`${DAY}.json`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/feed\+json/);
  const feed = (await res.json()) as {
    version: string;
    title: string;
    feed_url: string;
    home_page_url: string;
    items: { id: string; url: string; title: string; content_html: string; date_published: string }[];
  };
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(feed.title && feed.feed_url.endsWith('.json') && feed.home_page_url);
  assert.ok(feed.items.length >= 2);
  for (const item of feed.items) {
    assert.equal(typeof item.id, 'string');
    assert.ok(item.content_html || (item as { content_text?: string }).content_text, 'an item has content');
    assert.ok(!Number.isNaN(Date.parse(item.date_published)));
  }
  const hostile = feed.items.find((i) => i.id.endsWith('/2405.14906'))!;
  assert.doesNotMatch(hostile.content_html, /<script>/);
});

test('conditional GET: ETag and Last-Modified give 304; caching headers are set', async () => {
  const first = await app.request('/papers.rss');
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag')!;
  const lastModified = first.headers.get('last-modified')!;
  assert.ok(etag && lastModified);
  assert.match(first.headers.get('cache-control') ?? '', /public, max-age=\d+/);
  assert.equal((await app.request('/papers.rss', { headers: { 'if-none-match': etag } })).status, 304);
  assert.equal((await app.request('/papers.rss', { headers: { 'if-modified-since': lastModified } })).status, 304);
  assert.equal((await app.request('/papers.rss', { headers: { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' } })).status, 200);
  for (const f of ['atom', 'json']) assert.equal((await app.request(`/papers.${f}`)).status, 200);
});

test('pages announce their feeds; week and month listings have feeds; bad keys are 400', async () => {
  const html = await (await app.request(DAY)).text();
  assert.match(html, new RegExp(`<link rel="alternate" type="application/rss\\+xml" href="${DAY}\\.rss"`));
  assert.match(html, /type="application\/atom\+xml"/);
  assert.match(html, /type="application\/feed\+json"/);
  assert.equal((await app.request('/papers/week/2024-W22.atom')).status, 200);
  assert.equal((await app.request('/papers/month/2024-05.json')).status, 200);
  assert.equal((await app.request('/papers/date/2024-13-45.rss')).status, 400);
  const empty = await parseFeed(await (await app.request('/papers/date/2001-01-01.rss')).text());
  assert.equal(empty.items.length, 0, 'an empty day is a valid, empty feed');
});

test('category, author and organization listings have pages and feeds', async () => {
  const [c] = await sql<{ cat: string }[]>`SELECT categories[1] AS cat FROM papers WHERE categories[1] LIKE 'cs.%' LIMIT 1`;
  const category = c!.cat;
  const cat = await app.request(`/categories/${category}`);
  assert.equal(cat.status, 200);
  const catHtml = await cat.text();
  assert.match(catHtml, new RegExp(`type="application/rss\\+xml" href="/categories/${category.replace('.', '\\.')}\\.rss"`));
  const catFeed = await parseFeed(await (await app.request(`/categories/${category}.rss`)).text());
  assert.ok(catFeed.items.length > 0);
  assert.ok(catFeed.items.every((i) => i.categories.includes(category)));
  assert.equal((await app.request(`/categories/${category}.atom`)).status, 200);
  assert.equal((await app.request('/categories/not a category')).status, 400);
  const archive = (await (await app.request('/categories/cs.json')).json()) as { items: unknown[] };
  assert.ok(archive.items.length >= catFeed.items.length, 'an archive includes its categories');

  const [row] = await sql<{ name: string }[]>`SELECT author_names[1] AS name FROM papers WHERE cardinality(author_names) > 0 LIMIT 1`;
  const author = encodeURIComponent(row!.name);
  const authorFeed = await parseFeed(await (await app.request(`/authors/${author}.atom`)).text());
  assert.ok(authorFeed.items.length > 0);
  const [org] = await sql<{ name: string }[]>`SELECT name FROM organizations LIMIT 1`;
  if (org) {
    const orgFeed = await app.request(`/orgs/${encodeURIComponent(org.name)}.rss`);
    assert.equal(orgFeed.status, 200);
    await parseFeed(await orgFeed.text());
  }
});

test('a public collection and the submissions of a user have feeds; a private collection has none', async () => {
  const { createTestUser } = await import('../helpers/users.ts');
  const user = await createTestUser(sql, { username: 'feedreader' });
  const [pub] = await sql<
    { id: number }[]
  >`INSERT INTO collections (user_id, title, public) VALUES (${user.id}, 'Reading <group> & co', true) RETURNING id::int`;
  const [priv] = await sql<
    { id: number }[]
  >`INSERT INTO collections (user_id, title, public) VALUES (${user.id}, 'Secret list', false) RETURNING id::int`;
  await sql`INSERT INTO collection_papers (collection_id, paper_id) VALUES (${pub!.id}, '2405.14906'), (${priv!.id}, '2405.14906')`;
  await sql`UPDATE papers SET submitted_by_user_id = ${user.id}, submitted_at = now() WHERE id = '2405.14906'`;
  const col = await parseFeed(await (await app.request(`/collections/${pub!.id}.rss`)).text());
  assert.equal(col.meta.title, 'Daily Papers: Reading <group> & co');
  assert.deepEqual(
    col.items.map((i) => i.guid),
    ['http://localhost:3000/papers/2405.14906'],
  );
  assert.equal((await app.request(`/collections/${priv!.id}.rss`)).status, 404);
  assert.equal((await app.request('/collections/999999.atom')).status, 404);
  const subs = await app.request('/users/feedreader.json');
  assert.equal(subs.status, 200);
  const feed = (await subs.json()) as { items: { id: string }[] };
  assert.deepEqual(
    feed.items.map((i) => i.id),
    ['http://localhost:3000/papers/2405.14906'],
  );
  assert.equal((await app.request('/users/nobody-here.rss')).status, 404);
  assert.equal((await app.request('/users/feedreader')).status, 200, 'the profile page itself still answers');
});

test('trending has feeds too, announced on its page', async () => {
  await sql`UPDATE papers SET upvotes = 10 WHERE id = '2405.14906'`;
  const page = await (await app.request('/papers/trending')).text();
  assert.match(page, /href="\/papers\/trending\.atom"/);
  for (const f of ['rss', 'atom']) {
    const feed = await parseFeed(await (await app.request(`/papers/trending.${f}`)).text());
    assert.ok(feed.items.length > 0, f);
  }
  assert.equal((await app.request('/papers/trending.json')).status, 200);
});
