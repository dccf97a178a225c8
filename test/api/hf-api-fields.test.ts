// The fields huggingface_hub reads, filled from this site's own community where Hugging Face's mirror has nothing:
// verified authors as HF's claimed authors, a member's submission as HF's submitter, the discussion count, an
// author taking part, linked repositories' empty values, and the times as HF means them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createClaim, decideClaim } from '../../src/store/author-claims.ts';
import { addComment } from '../../src/store/comments.ts';
import { featureSubmission } from '../../src/store/submissions.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const app = createTestApp(sql);
type Json = { [key: string]: unknown };
const getJson = async (url: string) => (await (await app.request(url)).json()) as Json;

const admin = await createTestUser(sql, { role: 'admin' });
const author = await createTestUser(sql, { username: 'sijie', displayName: 'Sijie Cheng' });
const claim = await createClaim(sql, { paperId: '2405.15738', userId: author.id, position: 1 });
assert.ok(claim.ok);
assert.ok((await decideClaim(sql, { claimId: claim.claim.id, adminId: admin.id, approve: true, reason: '' })).ok);

test("a verified author here is HF's claimed author: user and status", async () => {
  const info = await getJson('/api/papers/2405.15738');
  const authors = info.authors as Json[];
  assert.equal(authors[1]!.name, 'Sijie Cheng');
  assert.equal(authors[1]!.status, 'claimed_verified');
  assert.match(authors[1]!.statusLastChangedAt as string, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(
    { ...(authors[1]!.user as Json), avatarUrl: undefined },
    {
      _id: String(author.id),
      avatarUrl: undefined,
      isPro: false,
      fullname: 'Sijie Cheng',
      user: 'sijie',
      type: 'user',
    },
  );
  // HF's own claimed author (in the mirrored body) is kept as HF sent it.
  assert.equal((authors[0]!.user as Json).user, 'ChunjiangGe');
});

test('an author commenting makes isAuthorParticipating true; numComments counts both discussions', async () => {
  const before = ((await (await app.request('/api/daily_papers?date=2024-05-27')).json()) as Json[]).find(
    (i) => (i.paper as Json).id === '2405.15738',
  )!;
  assert.equal(before.isAuthorParticipating, false);
  assert.equal(before.numComments, 3);
  await addComment(sql, {
    paperId: '2405.15738',
    userId: author.id,
    parentId: null,
    body: 'Author here.',
    bodyHtml: '<p>Author here.</p>',
  });
  const fresh = createTestApp(sql);
  const after = ((await (await fresh.request('/api/daily_papers?date=2024-05-27')).json()) as Json[]).find(
    (i) => (i.paper as Json).id === '2405.15738',
  )!;
  assert.equal(after.isAuthorParticipating, true);
  assert.equal(after.numComments, 4);
  assert.equal(((await (await fresh.request('/api/papers/2405.15738')).json()) as Json).numComments, 4);
});

test("a member's submission: HF's submitter fields, and the item's time is when it was submitted", async () => {
  const member = await createTestUser(sql, { username: 'reader1', displayName: 'A Reader' });
  // Announced by arXiv on its day, picked by nobody yet: the submission makes it a pick there.
  await sql`INSERT INTO papers (id, title, author_names, published_at, daily_date, daily_source)
            VALUES ('2605.09999', 'Announced only', ${['A. Author']}, '2026-05-05T17:00:00Z', '2026-05-06', 'arxiv')`;
  assert.deepEqual(await (await createTestApp(sql).request('/api/daily_papers?date=2026-05-06')).json(), []);
  const outcome = await featureSubmission(sql, { paperId: '2605.09999', record: null, user: member, day: '2026-05-07' });
  assert.deepEqual(outcome, { featured: true, day: '2026-05-06' });
  const fresh = createTestApp(sql);
  const [item] = (await (await fresh.request('/api/daily_papers?date=2026-05-06')).json()) as Json[];
  const by = (item!.paper as Json).submittedOnDailyBy as Json;
  assert.equal(by._id, String(member.id));
  assert.equal(by.isPro, false);
  assert.equal(by.user, 'reader1');
  assert.equal(by.name, 'reader1');
  assert.equal(by.fullname, 'A Reader');
  assert.equal(by.type, 'user');
  assert.deepEqual(item!.submittedBy, by);
  assert.equal(item!.publishedAt, (item!.paper as Json).submittedOnDailyAt);
  // Filtered by the submitter, as list_daily_papers(submitter=) asks.
  const mine = (await (await fresh.request('/api/daily_papers?date=2026-05-06&submitter=reader1')).json()) as Json[];
  assert.equal(mine.length, 1);
  assert.deepEqual(await (await fresh.request('/api/daily_papers?date=2026-05-06&submitter=akhaliq')).json(), []);
});

test("a paper only arXiv announced: listed at its day, HF's empty values for what only HF knows", async () => {
  const [item] = (await (await app.request('/api/daily_papers?date=2026-05-04&all=true')).json()) as Json[];
  assert.equal((item!.paper as Json).id, '2605.00001');
  assert.equal(item!.publishedAt, '2026-05-04T00:00:00.000Z');
  assert.equal(item!.isAuthorParticipating, false);
  assert.equal(item!.numComments, 0);
  const info = await getJson('/api/papers/2605.00001');
  assert.deepEqual(
    [info.linkedModels, info.numTotalModels, info.linkedDatasets, info.numTotalDatasets, info.linkedSpaces, info.numTotalSpaces],
    [[], 0, [], 0, [], 0],
  );
  assert.equal(info.discussionId, '2605.00001');
  assert.deepEqual(Object.keys((info.authors as Json[])[0]!).sort(), ['_id', 'hidden', 'name']);
});

test('text as arXiv sent it in the API, collapsed for display on the page', async () => {
  const item = ((await (await app.request('/api/daily_papers?date=2024-05-27')).json()) as Json[]).find(
    (i) => (i.paper as Json).id === '2405.15738',
  )!;
  assert.equal((item.paper as Json).title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models');
  assert.match((item.paper as Json).summary as string, /challenges of\nexcessive/);
  // The item's own title, as HF sent it (HF collapses that one).
  assert.equal(item.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
  const html = await (await app.request('/papers/2405.15738')).text();
  assert.match(html, /<title>ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models · /);
});
