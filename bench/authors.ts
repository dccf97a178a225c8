// Author and organization pages on a database holding every paper of ../shared/data: the reads behind
// /authors/:name and /orgs/:name, and both pages rendered whole through the app (no page cache, as a
// logged-in user gets them), against baselines measured in the same run on the same database: the busiest
// day's feed (the site's main page), and the author query written as `= ANY(author_names)`, which the GIN
// index cannot answer (what the page would cost without papers_authors_idx).
//   npx tsx bench/authors.ts [--rounds N]
import { loadConfig } from '../src/config.ts';
import { importSource } from '../src/import/importer.ts';
import { openInput } from '../src/import/reader.ts';
import { createLogger } from '../src/log.ts';
import { verifiedUsersForAuthorName } from '../src/store/author-claims.ts';
import { listAuthorPapers, listOrganizationPapers } from '../src/store/author-papers.ts';
import { listFeed } from '../src/store/papers.ts';
import { createApp } from '../src/web/app.ts';
import { median, printTable, sharedFileOrExit, startBenchDb } from './lib.ts';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) || 50 : 50;
const PAGE = 50;
const arxivFile = sharedFileOrExit('data/arxiv-papers.jsonl.gz');
const hfFile = sharedFileOrExit('data/hf-daily-papers.jsonl.gz');

const db = await startBenchDb();
try {
  const sql = await db.freshDatabase('dp_bench_authors', { max: 10 });
  console.log('importing ../shared/data …');
  for (const f of [arxivFile, hfFile]) await importSource(sql, await openInput(f));
  await sql`VACUUM ANALYZE`;
  const [{ papers } = { papers: 0 }] = await sql<{ papers: number }[]>`SELECT count(*)::int AS papers FROM papers`;
  const [busiest] = await sql<{ day: string; n: number }[]>`
    SELECT daily_date AS day, count(*)::int AS n FROM papers WHERE daily_date IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`;
  const [prolific] = await sql<{ name: string; n: number }[]>`
    SELECT a AS name, count(*)::int AS n FROM papers, unnest(author_names) a GROUP BY a ORDER BY 2 DESC LIMIT 1`;
  const [typical] = await sql<{ name: string; n: number }[]>`
    SELECT a AS name, count(*)::int AS n FROM papers, unnest(author_names) a GROUP BY a HAVING count(*) = 3 ORDER BY a LIMIT 1`;
  const [org] = await sql<{ id: number; name: string; n: number }[]>`
    SELECT o.id::int, o.name, count(*)::int AS n FROM papers p JOIN organizations o ON o.id = p.organization_id GROUP BY o.id ORDER BY 3 DESC LIMIT 1`;
  if (!busiest || !prolific || !typical || !org) throw new Error('the data has no featured day, authors or organizations');
  // A verified author of the prolific author's papers, as the author page looks them up.
  const [user] = await sql<{ id: number }[]>`
    INSERT INTO users (email, username, display_name, password_hash) VALUES ('b@example.org', 'bench', 'Bench', 'x') RETURNING id::int`;
  await sql`
    INSERT INTO author_claims (paper_id, user_id, position, status)
    SELECT id, ${user!.id}, array_position(author_names, ${prolific.name}) - 1, 'approved'
    FROM papers WHERE author_names @> ARRAY[${prolific.name}]::text[] ORDER BY id LIMIT 20`;
  console.log(
    `${papers.toLocaleString('en-US')} papers; busiest day ${busiest.day} (${busiest.n}); most papers: ${prolific.name} (${prolific.n}); a 3-paper author: ${typical.name}; biggest organization: ${org.name} (${org.n})`,
  );

  const config = { ...loadConfig({}), feedPageSize: PAGE };
  const app = createApp({ config, sql, log: createLogger(), pageCache: null });
  const get = async (path: string) => {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    await res.text();
  };
  const lastPage = Math.max(0, Math.ceil(prolific.n / PAGE) - 1) * PAGE;
  const naive = (name: string) => sql`
    SELECT p.id FROM papers p WHERE ${name} = ANY(p.author_names) AND p.hidden_at IS NULL
    ORDER BY p.published_at DESC NULLS LAST, p.id DESC LIMIT ${PAGE}`;

  const cases: [string, () => Promise<unknown>][] = [
    [
      `baseline: listFeed, busiest day (${busiest.n} papers), 50 cards`,
      () => listFeed(sql, { start: busiest.day, end: busiest.day }, { limit: PAGE, offset: 0, sort: 'upvotes', scope: 'all' }),
    ],
    [`baseline: "= ANY" author query, ${prolific.n}-paper author`, () => naive(prolific.name)],
    [`listAuthorPapers, ${prolific.n}-paper author, page 1`, () => listAuthorPapers(sql, prolific.name, { limit: PAGE, offset: 0 })],
    [
      `listAuthorPapers, ${prolific.n}-paper author, last page`,
      () => listAuthorPapers(sql, prolific.name, { limit: PAGE, offset: lastPage }),
    ],
    ['listAuthorPapers, 3-paper author', () => listAuthorPapers(sql, typical.name, { limit: PAGE, offset: 0 })],
    [`verifiedUsersForAuthorName, ${prolific.n}-paper author`, () => verifiedUsersForAuthorName(sql, prolific.name)],
    [`listOrganizationPapers, ${org.n} papers, page 1`, () => listOrganizationPapers(sql, org.id, { limit: PAGE, offset: 0 })],
    ['HTTP baseline: busiest day page, no cache', () => get(`/papers/date/${busiest.day}?view=all`)],
    [`HTTP: /authors/…, ${prolific.n}-paper author, no cache`, () => get(`/authors/${encodeURIComponent(prolific.name)}`)],
    [`HTTP: /orgs/${org.name}, no cache`, () => get(`/orgs/${encodeURIComponent(org.name)}`)],
  ];
  const results: [string, number][] = [];
  for (const [name, run] of cases) {
    for (let i = 0; i < 5; i++) await run(); // warm up
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    results.push([name, median(times)]);
  }
  const feed = results[0]![1];
  const httpFeed = results.find(([n]) => n.startsWith('HTTP baseline'))![1];
  printTable(
    ['case', 'median ms', '× feed query', '× feed page'],
    results.map(([name, ms]) => [
      name,
      ms.toFixed(2),
      name.startsWith('HTTP') ? '' : (ms / feed).toFixed(2),
      name.startsWith('HTTP') ? (ms / httpFeed).toFixed(2) : '',
    ]),
  );
} finally {
  await db.stop();
}
