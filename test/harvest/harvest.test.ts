// End-to-end harvests against a local server replaying arXiv-format responses over real HTTP:
// paging across resumption tokens with a malformed page, a 503 with Retry-After and a reset mid-body;
// the daily listing with metadata lookups (and their failure); the Hugging Face mirror; the lock.
// Afterwards the database holds exactly the expected papers: none lost, none duplicated.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Config } from '../../src/config.ts';
import type { HarvestDeps } from '../../src/harvest/context.ts';
import { runBackfill, runDailyHarvest, runHfMirror } from '../../src/jobs/harvest-jobs.ts';
import { createLogger } from '../../src/log.ts';
import { getCursor } from '../../src/store/harvest.ts';
import { upsertPapers } from '../../src/store/papers-write.ts';
import { apiFeed, oaiError, oaiPage, rssListing, type FakePaper } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase, truncateAll } from '../helpers/db.ts';
import { FAST_RETRY, harvestConfig, paper } from '../helpers/harvest.ts';
import { FIXTURES, SHARED } from '../helpers/paths.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';
import type { Sql } from '../../src/db/connect.ts';

const { sql } = await createTestDatabase();
const REAL_PAGES = path.join(SHARED, 'fixtures', 'oai-pmh', 'listrecords-arxiv');
function depsFor(config: Config): HarvestDeps {
  return { sql, config, log: createLogger(), retry: FAST_RETRY };
}

async function ids(db: Sql): Promise<string[]> {
  return (await db<{ id: string }[]>`SELECT id FROM papers ORDER BY id`).map((r) => r.id);
}

test('OAI-PMH backfill pages through resumption tokens despite a malformed page, a 503 and a reset mid-body', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const p1 = [1, 2, 3, 4].map((n) => paper(n));
  const p2 = [5, 6, 7, 8].map((n) => paper(n));
  const p3 = [
    paper(9),
    paper(10, { comments: 'Code: https://github.com/example/paper10' }),
    paper(11, { categories: ['math.AG'] }), // not a configured category: not kept
    paper(1, { title: 'Paper number 1, revised', versions: ['Mon, 2 Mar 2026 10:00:00 GMT', 'Wed, 4 Mar 2026 09:00:00 GMT'] }),
  ];
  const page1 = oaiPage(p1, { token: 'tok|2', cursor: 0, completeListSize: 12 });
  server.route(
    pathWith('/oai2', { verb: 'ListRecords', metadataPrefix: 'arXivRaw', set: 'cs', from: '2026-03-01' }),
    { body: page1.slice(0, page1.length / 2) },
    { body: page1 },
  );
  server.route(
    pathWith('/oai2', { resumptionToken: 'tok|2' }),
    { status: 503, headers: { 'Retry-After': '1' }, body: 'busy' },
    { body: oaiPage(p2, { token: 'tok|3', cursor: 4, completeListSize: 12 }) },
  );
  const page3 = oaiPage(p3, { token: null, cursor: 8, completeListSize: 12 });
  server.route(pathWith('/oai2', { resumptionToken: 'tok|3' }), { body: page3, resetAfterBytes: 500 }, { body: page3 });

  const config = harvestConfig(server);
  const outcome = await runBackfill(depsFor(config), 'cli', { from: '2026-03-01', until: null });
  assert.equal(outcome.status, 'ok', outcome.status === 'failed' ? outcome.error : '');
  const expected = Array.from({ length: 10 }, (_, i) => paper(i + 1).id);
  assert.deepEqual(await ids(sql), expected);
  assert.equal(server.requests.length, 6, server.requests.join('\n'));
  assert.ok(
    server.userAgents.every((ua) => /^dailypapers\/.*mailto:harvest-test@example\.org/.test(ua)),
    server.userAgents[0],
  );
  const [one] = await sql<{ title: string; version: number; daily_date: string; versions: number }[]>`
    SELECT title, version, daily_date, (SELECT count(*)::int FROM paper_versions v WHERE v.paper_id = p.id) AS versions FROM papers p WHERE id = '2603.00001'`;
  assert.deepEqual(one, { title: 'Paper number 1, revised', version: 2, daily_date: '2026-03-03', versions: 2 });
  const [link] = await sql<{ url: string }[]>`SELECT url FROM paper_links WHERE paper_id = '2603.00010'`;
  assert.equal(link?.url, 'https://github.com/example/paper10');
  if (outcome.status === 'ok') assert.equal(outcome.counts.records, 11); // 10 papers, one of them twice
  assert.deepEqual(await getCursor(sql, 'oai:cs'), {
    from: '2026-03-01',
    until: null,
    token: null,
    lastDatestamp: '2026-03-03',
    done: true,
  });

  // The same backfill again: everything merges, nothing is duplicated.
  const again = await runBackfill(depsFor(config), 'cli', { from: '2026-03-01', until: null });
  assert.equal(again.status, 'ok');
  assert.deepEqual(await ids(sql), expected);
});

test('a replacement keeps the version history; a withdrawal marks the paper, which stays and says so', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server);
  const v1 = paper(51, { title: 'First title' });
  server.route(pathWith('/oai2', { from: '2026-03-01' }), { body: oaiPage([v1], { token: null, cursor: 0, completeListSize: 1 }) });
  assert.equal((await runBackfill(depsFor(config), 'cli', { from: '2026-03-01', until: null })).status, 'ok');
  const later = ['Mon, 2 Mar 2026 10:00:00 GMT', 'Thu, 5 Mar 2026 09:00:00 GMT', 'Mon, 9 Mar 2026 09:00:00 GMT'];
  server.route(pathWith('/oai2', { from: '2026-03-08' }), {
    body: oaiPage(
      [
        paper(51, {
          title: 'Withdrawn title',
          versions: later,
          withdrawn: true,
          comments: 'This paper has been withdrawn by the author',
          datestamp: '2026-03-10',
        }),
      ],
      { token: null, cursor: 0, completeListSize: 1 },
    ),
  });
  assert.equal((await runBackfill(depsFor(config), 'cli', { from: '2026-03-08', until: null })).status, 'ok');
  const [row] = await sql<
    { title: string; version: number; withdrawn: boolean; daily_date: string }[]
  >`SELECT title, version, withdrawn, daily_date FROM papers WHERE id = ${v1.id}`;
  assert.deepEqual(row, { title: 'Withdrawn title', version: 3, withdrawn: true, daily_date: '2026-03-03' });
  const versions = await sql<{ version: number }[]>`SELECT version FROM paper_versions WHERE paper_id = ${v1.id} ORDER BY version`;
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2, 3],
  );
  const { createApp } = await import('../../src/web/app.ts');
  const page = await (await createApp({ config, sql, log: createLogger() }).request(`/papers/${v1.id}`)).text();
  assert.match(page, /This paper has been withdrawn/);
});

test('noRecordsMatch is an empty result, an expired token restarts from the last datestamp, other OAI errors fail the run', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server);
  server.route(pathWith('/oai2', { from: '2026-03-01' }), { body: oaiError('noRecordsMatch', 'No records match') });
  const empty = await runBackfill(depsFor(config), 'cli', { from: '2026-03-01', until: '2026-03-02' });
  assert.equal(empty.status, 'ok');
  assert.deepEqual(await ids(sql), []);

  server.route(pathWith('/oai2', { from: '2026-03-05' }), {
    body: oaiPage([paper(1, { datestamp: '2026-03-06' })], { token: 'old|1', cursor: 0, completeListSize: 3 }),
  });
  server.route(pathWith('/oai2', { resumptionToken: 'old|1' }), {
    body: oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.'),
  });
  server.route(pathWith('/oai2', { from: '2026-03-06' }), {
    body: oaiPage([paper(2), paper(3)], { token: null, cursor: 1, completeListSize: 3 }),
  });
  const restarted = await runBackfill(depsFor(config), 'cli', { from: '2026-03-05', until: null });
  assert.equal(restarted.status, 'ok', restarted.status === 'failed' ? restarted.error : '');
  assert.deepEqual(await ids(sql), [paper(1).id, paper(2).id, paper(3).id]);

  server.route(pathWith('/oai2', { from: '2026-03-09' }), { body: oaiError('badArgument', 'Illegal date') });
  const bad = await runBackfill(depsFor(config), 'cli', { from: '2026-03-09', until: null });
  assert.equal(bad.status, 'failed');
  assert.match(bad.status === 'failed' ? bad.error : '', /badArgument.*Illegal date/);
  const [run] = await sql<{ status: string; error: string }[]>`SELECT status, error FROM harvest_runs ORDER BY id DESC LIMIT 1`;
  assert.equal(run?.status, 'failed');
});

test('the daily listing features new and cross-listed papers on its day; lookups fill in metadata, and a failed lookup is repaired by the next run', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server);
  // Already known: B was featured on an earlier day, C is an older paper.
  const known = (p: FakePaper, day: string | null) => ({
    id: p.id,
    version: 1,
    metadataRank: 2,
    title: p.title,
    abstract: 'Old abstract.',
    authors: ['Ada Lovelace'],
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    publishedAt: '2026-01-05T10:00:00.000Z',
    updatedAt: null,
    comments: null,
    journalRef: null,
    doi: null,
    reportNo: null,
    license: null,
    submitter: null,
    withdrawn: false,
    versions: [],
    links: [],
    hf: null,
    daily: day ? { date: day, source: 'arxiv' as const, submittedAt: null, submittedBy: null } : null,
  });
  const a = paper(21, { categories: ['cs.LG', 'cs.AI'], comments: '12 pages; code at https://github.com/example/a' });
  const b = paper(22, { categories: ['stat.ML', 'cs.LG'] });
  const c = paper(23, { title: 'An older paper, replaced' });
  const d = paper(24, { categories: ['math.OC', 'cs.LG'] });
  await upsertPapers(sql, [known(b, '2026-03-02'), known(c, '2026-01-06')]);
  server.route('/rss/cs.LG+cs.AI', {
    body: rssListing('2026-03-03', [
      { paper: a, type: 'new' },
      { paper: b, type: 'cross' },
      { paper: c, type: 'replace', version: 2 },
      { paper: d, type: 'replace-cross', version: 3 },
    ]),
  });
  server.route('/api/query', { status: 500, body: 'internal error' });
  const now = new Date('2026-03-03T12:00:00Z'); // Tuesday morning in New York, after the listing was rebuilt
  const failed = await runDailyHarvest(depsFor(config), 'cli', now);
  assert.equal(failed.status, 'failed');
  // The listing was stored before the lookups failed: nothing fetched is lost.
  const days = async () =>
    Object.fromEntries(
      (await sql<{ id: string; daily_date: string | null }[]>`SELECT id, daily_date FROM papers ORDER BY id`).map((r) => [
        r.id,
        r.daily_date,
      ]),
    );
  assert.deepEqual(await days(), { [a.id]: '2026-03-03', [b.id]: '2026-03-02', [c.id]: '2026-01-06', [d.id]: null });
  const [listed] = await sql<
    { published_at: Date | null; comments: string | null; author_names: string[] }[]
  >`SELECT published_at, comments, author_names FROM papers WHERE id = ${a.id}`;
  assert.equal(listed?.comments, null);
  assert.deepEqual(listed?.author_names, ['Ada Lovelace', 'Alan Turing']);
  // A listing entry does not overwrite the full metadata of a known paper; the lookup brings the new version.
  const [replaced] = await sql<{ version: number; abstract: string }[]>`SELECT version, abstract FROM papers WHERE id = ${c.id}`;
  assert.equal(replaced?.abstract, 'Old abstract.');

  const c2 = { ...c, versions: ['Mon, 5 Jan 2026 10:00:00 GMT', 'Mon, 2 Mar 2026 11:00:00 GMT'] };
  server.route('/api/query', { body: apiFeed([a, b, c2, d]) });
  const ok = await runDailyHarvest(depsFor(config), 'cli', now);
  assert.equal(ok.status, 'ok', ok.status === 'failed' ? ok.error : '');
  const lookup = server.requests.filter((r) => r.startsWith('/api/query')).at(-1)!;
  assert.match(decodeURIComponent(lookup), new RegExp(`id_list=${a.id.replace('.', '\\.')}`));
  const [enriched] = await sql<
    { published_at: Date | null; comments: string; primary_category: string }[]
  >`SELECT published_at, comments, primary_category FROM papers WHERE id = ${a.id}`;
  assert.equal(enriched?.published_at?.toISOString(), '2026-03-02T10:00:00.000Z');
  assert.equal(enriched?.comments, '12 pages; code at https://github.com/example/a');
  assert.deepEqual(await days(), { [a.id]: '2026-03-03', [b.id]: '2026-03-02', [c.id]: '2026-01-06', [d.id]: null });
  const [updated] = await sql<{ version: number; abstract: string }[]>`SELECT version, abstract FROM papers WHERE id = ${c.id}`;
  assert.deepEqual(updated, { version: 2, abstract: `Abstract of ${c.title}.` });
  assert.deepEqual(await getCursor(sql, 'daily'), { lastDay: '2026-03-03' });
});

test('a listing not yet rebuilt for the expected day fails the run, so the scheduler tries again', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server);
  server.route('/rss/cs.LG+cs.AI', { body: rssListing('2026-03-03', [{ paper: paper(31), type: 'new' }]) });
  server.route('/api/query', { body: apiFeed([paper(31)]) });
  const outcome = await runDailyHarvest(depsFor(config), 'cli', new Date('2026-03-04T12:00:00Z'));
  assert.equal(outcome.status, 'failed');
  assert.match(outcome.status === 'failed' ? outcome.error : '', /still dated 2026-03-03, expected 2026-03-04/);
  assert.deepEqual(await ids(sql), [paper(31).id]);
});

test('one harvest at a time: a second run while one holds the lock reports busy', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const held = new Promise<void>((r) => (arrived = r));
  server.route(pathWith('/oai2', { from: '2026-03-01' }), {
    hold: () => {
      arrived();
      return released;
    },
    body: oaiPage([paper(41)], { token: null, cursor: 0, completeListSize: 1 }),
  });
  const first = runBackfill(depsFor(config), 'cli', { from: '2026-03-01', until: null });
  await held;
  assert.deepEqual(await runDailyHarvest(depsFor(config), 'cli', new Date()), { status: 'busy' });
  release();
  assert.equal((await first).status, 'ok');
  assert.deepEqual(await ids(sql), [paper(41).id]);
});

test('the Hugging Face mirror stores featured days, HF upvotes, organizations and repositories', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { HF_MIRROR: 'on' });
  const body = fs.readFileSync(path.join(FIXTURES, 'hf-daily-papers.json'), 'utf8');
  server.route(pathWith('/api/daily_papers', { date: '2024-05-27' }), { body, headers: { 'Content-Type': 'application/json' } });
  server.route(pathWith('/api/daily_papers', { date: '2024-05-28' }), { body: '[]', headers: { 'Content-Type': 'application/json' } });
  server.route(
    pathWith('/api/daily_papers', { date: '2024-05-29' }),
    { status: 500, body: 'oops' },
    { body: '{"error": "Invalid date"}', status: 400 },
  );
  const outcome = await runHfMirror(depsFor(config), 'cli', new Date('2024-05-29T12:00:00Z'), '2024-05-27');
  assert.equal(outcome.status, 'ok', outcome.status === 'failed' ? outcome.error : '');
  const rows = await sql<
    { id: string; daily_date: string; hf_upvotes: number; daily_source: string }[]
  >`SELECT id, daily_date, hf_upvotes, daily_source FROM papers ORDER BY id`;
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.daily_source === 'hf' && r.hf_upvotes !== null));
  assert.ok(rows.some((r) => r.id === '2405.15738' && r.daily_date === '2024-05-27'));
  assert.deepEqual(await getCursor(sql, 'hf'), { lastDay: '2024-05-28' });
});

test('real OAI-PMH pages replayed across their resumption tokens', {
  skip: fs.existsSync(REAL_PAGES) ? false : `${REAL_PAGES} is not here: real-page harvest skipped`,
}, async () => {
  const { parseOaiResponse } = await import('../../src/arxiv/oai-response.ts');
  const { inCategories } = await import('../../src/harvest/context.ts');
  await truncateAll(sql);
  const pages = ['2013-05-25T06-45-57+10-00_436115_5001.xml', '406001.xml', '47001.xml'].map((f) =>
    fs.readFileSync(path.join(REAL_PAGES, f), 'utf8'),
  );
  const server = await startReplayServer();
  const config = harvestConfig(server, { ARXIV_CATEGORIES: 'hep-th' });
  // Chain the three pages: the first answers the initial request, each next one the previous page's token.
  server.route(pathWith('/oai2', { set: 'physics:hep-th' }), { body: pages[0]! });
  for (let i = 0; i < 2; i++) {
    const token = parseOaiResponse(pages[i]!).resumptionToken!.token!;
    server.route(pathWith('/oai2', { resumptionToken: token }), { body: pages[i + 1]! });
  }
  server.route(pathWith('/oai2', { resumptionToken: parseOaiResponse(pages[2]!).resumptionToken!.token! }), {
    body: oaiError('noRecordsMatch', 'end'),
  });
  const expected = new Set(
    pages.flatMap((p) =>
      parseOaiResponse(p).records.flatMap((r) => (r.paper && inCategories(r.paper, config.arxivCategories) ? [r.paper.id] : [])),
    ),
  );
  const outcome = await runBackfill(depsFor(config), 'cli', { from: '2013-01-01', until: null });
  assert.equal(outcome.status, 'ok', outcome.status === 'failed' ? outcome.error : '');
  assert.ok(expected.size > 100, `only ${expected.size} hep-th papers in the real pages`);
  assert.deepEqual(await ids(sql), [...expected].sort());
  assert.equal(server.requests.length, 4);
});
