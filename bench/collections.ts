// Collections at their caps: one account with MAX_COLLECTIONS_PER_USER lists of MAX_PAPERS_PER_COLLECTION
// papers each (500,000 rows), the worst case the limits allow. Times the reads behind /collections, the
// "Save" menu, a collection's page and the cards' "Saved" marks, against a baseline measured in the same
// run on the same database: one page of a day's feed (listFeed, 50 cards).
//   npx tsx bench/collections.ts [--rounds N]
import { MAX_COLLECTIONS_PER_USER, MAX_PAPERS_PER_COLLECTION } from '../src/core/collection-input.ts';
import { collectionsHoldingPapers, listCollectionPapers, listUserCollections, saveChoices } from '../src/store/collections.ts';
import { listFeed } from '../src/store/papers.ts';
import { median, printTable, startBenchDb } from './lib.ts';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) || 50 : 50;
const PAGE = 50;

const db = await startBenchDb();
try {
  const sql = await db.freshDatabase('dp_bench_collections');
  console.log(`filling: ${MAX_COLLECTIONS_PER_USER} collections × ${MAX_PAPERS_PER_COLLECTION} papers…`);
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, daily_date, published_at)
    SELECT '2401.' || lpad(i::text, 5, '0'), 'Paper ' || i, repeat('words ', 150), ARRAY['A. Author', 'B. Author'],
      '2024-01-01'::date + (i % 100), '2024-01-01'::timestamptz + i * interval '1 minute'
    FROM generate_series(1, ${MAX_PAPERS_PER_COLLECTION}) i`;
  const [user] = await sql<{ id: number }[]>`
    INSERT INTO users (email, username, display_name, password_hash) VALUES ('b@example.org', 'bench', 'Bench', 'x') RETURNING id::int`;
  await sql`INSERT INTO collections (user_id, title, public) SELECT ${user!.id}, 'List ' || i, i % 2 = 0 FROM generate_series(1, ${MAX_COLLECTIONS_PER_USER}) i`;
  await sql`
    INSERT INTO collection_papers (collection_id, paper_id, added_at)
    SELECT c.id, p.id, p.published_at FROM collections c CROSS JOIN papers p`;
  await sql`UPDATE collections SET paper_count = ${MAX_PAPERS_PER_COLLECTION}`;
  // A few hidden papers, as a moderated site has: the counts must leave them out.
  await sql`UPDATE papers SET hidden_at = now() WHERE id IN ('2401.00007', '2401.00077', '2401.00777')`;
  await sql`VACUUM ANALYZE`;
  const [first] = await sql<{ id: number }[]>`SELECT min(id)::int AS id FROM collections`;
  const cardIds = (await sql<{ id: string }[]>`SELECT id FROM papers WHERE daily_date = '2024-01-02' ORDER BY id LIMIT ${PAGE}`).map(
    (r) => r.id,
  );

  const cases: [string, () => Promise<unknown>][] = [
    [
      'baseline: listFeed, one day, 50 cards',
      () => listFeed(sql, { start: '2024-01-02', end: '2024-01-02' }, { limit: PAGE, offset: 0, sort: 'upvotes', scope: 'all' }),
    ],
    [
      '/collections: listUserCollections (50 of 100, counts)',
      () => listUserCollections(sql, user!.id, { includePrivate: true, limit: PAGE, offset: 0 }),
    ],
    ['Save menu: saveChoices (100 lists, counts, holds)', () => saveChoices(sql, user!.id, '2401.00001')],
    ['collection page: listCollectionPapers (50 of 5,000)', () => listCollectionPapers(sql, first!.id, { limit: PAGE, offset: 0 })],
    ['collection page 100: listCollectionPapers (offset 4,950)', () => listCollectionPapers(sql, first!.id, { limit: PAGE, offset: 4950 })],
    ['Saved marks: collectionsHoldingPapers (50 cards)', () => collectionsHoldingPapers(sql, user!.id, cardIds)],
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
  const base = results[0]![1];
  printTable(
    ['query', 'median ms', '× baseline'],
    results.map(([name, ms]) => [name, ms.toFixed(2), (ms / base).toFixed(2)]),
  );
} finally {
  await db.stop();
}
