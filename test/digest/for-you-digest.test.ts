// "For you" in digests: the section comes first, ranked by the subscriber's model over the period's papers, only
// for subscribers who asked for it and have an account; a failing ranking does not cost them their digest.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { sendDigest } from '../../src/digest/sender.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { requestSubscription, type Preferences } from '../../src/store/subscriptions.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
await importSource(sql, await openInput(path.join(FIXTURES, 'hf-daily-papers.json')));
const DAY = '2024-05-27';
const prefs = (p: Partial<Preferences>): Preferences => ({
  frequency: 'daily',
  includeTrending: true,
  categories: [],
  keywords: [],
  authors: [],
  forYou: false,
  ...p,
});

test("a subscriber with an account who asked for it gets a For you section first, in the model's order, without repeats", async () => {
  const user = await createTestUser(sql);
  await requestSubscription(sql, user.email, prefs({ forYou: true }), user.id, true);
  await requestSubscription(sql, 'plain@example.org', prefs({}), null, true);
  const asked: { userId: number; among: number }[] = [];
  const mailer = new MemoryMailer();
  let picked: string[] = [];
  const stats = await sendDigest(
    {
      sql,
      mailer,
      log: createLogger(),
      siteName: 'Daily Papers',
      baseUrl: 'http://localhost:3000',
      secret: 's3cret',
      forYou: async (userId, among) => {
        asked.push({ userId, among: among.size });
        picked = [...among].sort().reverse().slice(0, 2);
        return picked;
      },
    },
    'daily',
    DAY,
    { retryDelaySeconds: () => 0 },
  );
  assert.equal(stats.sent, 2);
  assert.deepEqual(
    asked.map((a) => a.userId),
    [user.id],
  );
  assert.ok(asked[0]!.among >= 2, `${asked[0]!.among} papers in the period`);
  const mine = mailer.lastTo(user.email)!;
  const headings = mine.text.split('\n').filter((l) => /^[A-Z][A-Z ]{3,}$/.test(l));
  assert.equal(headings[0], 'FOR YOU');
  const forYouPart = mine.text.slice(mine.text.indexOf('FOR YOU'), headings[1] ? mine.text.indexOf(headings[1]) : undefined);
  const order = picked.map((id) => forYouPart.indexOf(`/papers/${id}`));
  assert.ok(order.every((i) => i >= 0) && order[0]! < order[1]!, forYouPart);
  // Each picked paper appears once in the whole digest.
  for (const id of picked) assert.equal(mine.text.split(`/papers/${id}`).length - 1, 1);
  assert.match(mine.html ?? '', /For you/);
  assert.ok(!mailer.lastTo('plain@example.org')!.text.includes('FOR YOU'));
});

test('a failing For you ranking still sends the rest of the digest', async () => {
  const user = await createTestUser(sql);
  await requestSubscription(sql, user.email, prefs({ forYou: true }), user.id, true);
  const mailer = new MemoryMailer();
  await sendDigest(
    {
      sql,
      mailer,
      log: createLogger(),
      siteName: 'Daily Papers',
      baseUrl: 'http://localhost:3000',
      secret: 's3cret',
      forYou: async () => {
        throw new Error('index not ready');
      },
    },
    'daily',
    '2024-05-28',
    { retryDelaySeconds: () => 0 },
  );
  const mail = mailer.lastTo(user.email);
  if (mail) assert.ok(!mail.text.includes('FOR YOU'));
});
