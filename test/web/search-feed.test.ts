// Search results as RSS, Atom and JSON Feed (/search.atom?q=…), parsed with a real feed parser.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { parseFeed } from '../helpers/feed-parser.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
const log = createLogger();
await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
const search = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
after(() => search.stop());
const app = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });

test('a search has feeds in the three formats; a feed without a query is a 400', async () => {
  const atom = await app.request('/search.atom?q=speculative+decoding');
  assert.equal(atom.status, 200);
  const feed = await parseFeed(await atom.text());
  assert.match(feed.meta.title, /search: speculative decoding/);
  assert.equal(feed.meta.xmlurl, 'http://localhost:3000/search.atom?q=speculative+decoding');
  assert.ok(feed.items.some((i) => i.link === 'http://localhost:3000/papers/2401.10001'));
  assert.equal((await app.request('/search.rss?q=speculative+decoding')).status, 200);
  const json = (await (await app.request('/search.json?q=decoding')).json()) as { items: unknown[] };
  assert.ok(json.items.length > 0);
  assert.equal((await app.request('/search.rss')).status, 400);
  assert.equal((await app.request('/search.rss?q=x&sort=sideways')).status, 400);
});
