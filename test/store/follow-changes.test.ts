// followChanges, the one way the indexes, the embedding worker and the page cache follow PostgreSQL: a burst of
// notifications costs a bounded number of catch-ups, stop() waits for the running one, and a dropped listening
// connection catches up again once it is back (notifications sent meanwhile were lost).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followChanges } from '../../src/store/follow-changes.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { sql } = await createTestDatabase();
const CHANNEL = 'follow_changes_test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unexpected = (err: unknown) => assert.fail(`catch-up failed: ${String(err)}`);

async function notify(times: number, channel = CHANNEL): Promise<void> {
  for (let i = 0; i < times; i++) await sql`SELECT pg_notify(${channel}, '')`;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5_000) assert.fail(`${what} did not happen within 5 s`);
    await sleep(10);
  }
}

/** A catch-up that counts its runs, notes any overlap and takes `ms`. */
function countingCatchUp(ms: number) {
  const seen = { runs: 0, running: 0, overlapped: false };
  return {
    seen,
    async catchUp() {
      seen.running++;
      if (seen.running > 1) seen.overlapped = true;
      await sleep(ms);
      seen.runs++;
      seen.running--;
    },
  };
}

test('a burst of notifications costs one catch-up after the debounce, never two at once', async () => {
  const { seen, catchUp } = countingCatchUp(5);
  const follower = await followChanges(sql, { channels: [CHANNEL], catchUp, onError: unexpected, debounceMs: 100 });
  try {
    await eventually(() => seen.runs === 1, 'the catch-up on listening'); // notifications may have been lost before
    await notify(50);
    await eventually(() => seen.runs === 2, 'the catch-up after the burst');
    await sleep(200);
    assert.equal(seen.runs, 2, 'fifty notifications within the debounce are one catch-up');
    assert.equal(seen.overlapped, false);
  } finally {
    await follower.stop();
  }
});

test('asking while a catch-up runs queues one more, and askers join the one waiting', async () => {
  const { seen, catchUp } = countingCatchUp(50);
  const follower = await followChanges(sql, { channels: [], catchUp, onError: () => {}, debounceMs: 100 });
  try {
    const first = follower.catchUp();
    assert.equal(follower.catchUp(), first, 'not started yet: joined');
    await sleep(10); // now running
    const waiting = [follower.catchUp(), follower.catchUp(), follower.catchUp()];
    assert.equal(waiting[0], waiting[2]);
    await Promise.all([first, ...waiting]);
    assert.equal(seen.runs, 2);
    assert.equal(seen.overlapped, false);
  } finally {
    await follower.stop();
  }
});

test('leading coalescing catches up at once, then at most once more per interval', async () => {
  const { seen, catchUp } = countingCatchUp(0);
  let notified = 0;
  const follower = await followChanges(sql, {
    channels: [],
    catchUp,
    onError: unexpected,
    debounceMs: 300,
    coalescing: 'leading',
    onNotification: () => notified++,
  });
  const other = await followChanges(sql, {
    channels: [CHANNEL],
    catchUp: () => follower.catchUp(),
    onError: unexpected,
    debounceMs: 0,
    coalescing: 'leading',
  });
  try {
    await follower.listen(sql, [`${CHANNEL}_leading`]);
    await eventually(() => seen.runs >= 1, 'the catch-up on listening');
    await sleep(350);
    const before = seen.runs;
    await notify(1, `${CHANNEL}_leading`);
    await eventually(() => seen.runs === before + 1, 'the first catch-up, at once');
    await notify(20, `${CHANNEL}_leading`);
    await eventually(() => notified >= 22, 'every notification to be seen'); // and the one on listening
    assert.equal(seen.runs, before + 1, 'the rest wait for the end of the interval');
    await eventually(() => seen.runs === before + 2, 'the coalesced catch-up');
    // An uncoalesced follower asking now drops a waiting coalesced catch-up instead of adding one.
    await notify(1, `${CHANNEL}_leading`);
    await notify(1, CHANNEL);
    await eventually(() => seen.runs === before + 3, 'the catch-up asked for at once');
    await sleep(400);
    assert.equal(seen.runs, before + 3);
  } finally {
    await other.stop();
    await follower.stop();
  }
});

test('stop() waits for the running catch-up, and nothing runs after it', async () => {
  let finished = false;
  let runs = 0;
  const follower = await followChanges(sql, {
    channels: [CHANNEL],
    catchUp: async () => {
      runs++;
      await sleep(200);
      finished = true;
    },
    onError: unexpected,
    debounceMs: 10,
    pollMs: 20,
  });
  await eventually(() => runs === 1, 'the catch-up on listening');
  await follower.stop();
  assert.equal(finished, true, 'stop() resolved before the catch-up ended');
  await notify(3);
  await follower.catchUp();
  await sleep(100);
  assert.equal(runs, 1);
});

test('a poll catches up without notifications, and a failed catch-up is retried', async () => {
  let runs = 0;
  const errors: unknown[] = [];
  const follower = await followChanges(sql, {
    channels: [],
    catchUp: async () => {
      runs++;
      if (runs === 1) throw new Error('endpoint down');
    },
    onError: (err) => errors.push(err),
    debounceMs: 10,
    pollMs: 60_000,
    retryMs: 50,
  });
  try {
    await assert.rejects(follower.catchUp(), /endpoint down/);
    await eventually(() => runs === 2, 'the retry');
    assert.equal(errors.length, 1);
  } finally {
    await follower.stop();
  }
  const polled = await followChanges(sql, {
    channels: [],
    catchUp: async () => void runs++,
    onError: unexpected,
    debounceMs: 10,
    pollMs: 30,
  });
  try {
    const before = runs;
    await eventually(() => runs >= before + 2, 'two polls');
  } finally {
    await polled.stop();
  }
});

test('when the listening connection is dropped, it catches up again once listening is back', async () => {
  const { seen, catchUp } = countingCatchUp(0);
  const follower = await followChanges(sql, { channels: [CHANNEL], catchUp, onError: () => {}, debounceMs: 10 });
  try {
    await eventually(() => seen.runs === 1, 'the catch-up on listening');
    const killed = await sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'listen%'`;
    assert.ok(killed.length > 0, 'found the listening connection');
    await eventually(() => seen.runs >= 2, 'the catch-up on reconnect');
    const before = seen.runs;
    await notify(1);
    await eventually(() => seen.runs > before, 'notifications to arrive again');
  } finally {
    await follower.stop();
  }
});
