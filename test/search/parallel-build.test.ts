// A keyword index built in threads (each over its share of the papers, the parts merged) answers every query as
// one built in one go: the same hits in the same order with the same scores, the same totals, for ranked, filtered,
// sorted, required and excluded terms, and again after a snapshot round trip and further updates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { documentTerms } from '../../src/core/analyze.ts';
import { readSnapshot, writeSnapshot } from '../../src/search/index-snapshot.ts';
import { KeywordIndex, type IndexDoc, type IndexQuery } from '../../src/search/keyword-index.ts';
import { buildInThreads } from '../../src/search/parallel-build.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

// Our fixtures' real abstracts, recombined into a few thousand papers (enough for several batches and blocks).
function corpus(n: number): IndexDoc[] {
  const real = ['arxiv-papers.jsonl', 'arxiv-snapshot.jsonl', 'search-papers.jsonl'].flatMap((f) =>
    fs
      .readFileSync(path.join(FIXTURES, f), 'utf8')
      .split('\n')
      .flatMap((l) => {
        try {
          const r = JSON.parse(l) as { title?: string; abstract?: string; authors?: string[]; categories?: string[] };
          return r.title && r.abstract ? [{ ...r, title: r.title, abstract: r.abstract }] : [];
        } catch {
          return []; // the fixtures' deliberately broken lines
        }
      }),
  );
  const words = real.flatMap((r) => r.abstract.split(/\s+/));
  let seed = 5;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, (_, i) => {
    const r = real[i % real.length]!;
    const swap = (text: string) =>
      text
        .split(' ')
        .map((w) => (rand() < 0.2 ? words[Math.floor(rand() * words.length)]! : w))
        .join(' ');
    return {
      id: `p${String(i).padStart(5, '0')}`,
      title: swap(r.title),
      abstract: swap(r.abstract),
      authors: r.authors ?? [],
      categories: r.categories ?? [],
      publishedMs: Date.UTC(2024, 0, 1) + (i % 400) * 86_400_000,
      dailyDay: i % 7 === 0 ? 19_800 + (i % 30) : null,
      upvotes: i % 13,
      hidden: i % 97 === 0,
      hasCode: i % 3 === 0,
      modifiedUs: i,
    };
  });
}

function queries(index: KeywordIndex): IndexQuery[] {
  const id = (w: string) => index.termId(w);
  const terms = ['model', 'languag', 'decod', 'graph', 'quantum', 'learn', 'data', 'network']
    .map(id)
    .filter((t): t is number => t !== undefined);
  assert.ok(terms.length >= 5, 'the corpus has the test words');
  const base = { excluded: [] as number[], filter: {}, k: 20 };
  return [
    ...terms.map((t) => ({ ...base, scored: [{ termId: t, weight: 1 }], required: [], sort: 'relevance' as const })),
    { ...base, scored: terms.slice(0, 3).map((termId) => ({ termId, weight: 1 })), required: [], sort: 'relevance' },
    { ...base, scored: [{ termId: terms[0]!, weight: 1 }], required: [[terms[1]!]], sort: 'relevance' },
    { ...base, scored: [{ termId: terms[0]!, weight: 1 }], required: [], excluded: [terms[2]!] as number[], sort: 'relevance' },
    { ...base, scored: [{ termId: terms[1]!, weight: 1 }], required: [], sort: 'date' },
    { ...base, scored: [{ termId: terms[1]!, weight: 1 }], required: [], sort: 'upvotes', filter: { hasCode: true } },
    { ...base, scored: [{ termId: terms[3]!, weight: 2 }], required: [], sort: 'relevance', filter: { featured: true } },
  ];
}

/** A query of `from`'s term ids asked of `to` (term ids differ between builds: the merge orders them). */
function inTermsOf(from: KeywordIndex, to: KeywordIndex): (q: IndexQuery) => IndexQuery {
  const m = (t: number) => to.termId(from.termText(t))!;
  return (q) => ({
    ...q,
    scored: q.scored.map((s) => ({ ...s, termId: m(s.termId) })),
    required: q.required.map((g) => g.map(m)),
    excluded: q.excluded.map(m),
  });
}

function answers(index: KeywordIndex, qs: IndexQuery[]) {
  return qs.map((q) => index.search(q));
}

test('threads give the index one build gives, before and after a snapshot and updates', async () => {
  const docs = corpus(6000);
  const one = new KeywordIndex();
  for (const d of docs) one.upsert(d);
  one.compact();
  const threaded = await buildInThreads(async (onBatch) => {
    for (let i = 0; i < docs.length; i += 700) await onBatch(docs.slice(i, i + 700));
  }, 3);
  assert.equal(threaded.size, one.size);
  assert.equal(threaded.termCount, one.termCount);
  assert.equal(threaded.postingCount, one.postingCount);
  assert.equal(threaded.averageLength, one.averageLength);
  const qs = queries(one);
  assert.deepEqual(answers(threaded, qs.map(inTermsOf(one, threaded))), answers(one, qs));
  for (const w of ['model', 'graph', 'decod']) assert.equal(threaded.liveDf(threaded.termId(w)!), one.liveDf(one.termId(w)!));
  assert.equal(documentTerms(docs[0]!).length, threaded.docs.lengths[threaded.docs.docOf(docs[0]!.id)!]);

  // The snapshot of the merged index reads back as it; later updates apply to both alike.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-parallel-'));
  try {
    const file = path.join(dir, 'k.bin');
    await writeSnapshot(file, threaded, { databaseId: 'x', watermark: null });
    const loaded = await readSnapshot(file, 'x');
    assert.ok('index' in loaded);
    const again = loaded.index;
    for (const ix of [again, one]) {
      ix.upsert({ ...docs[5]!, abstract: 'quantum graph decoding of language models' });
      ix.remove(docs[6]!.id);
      ix.upsert({ ...docs[7]!, upvotes: 1000 });
    }
    assert.deepEqual(answers(again, qs.map(inTermsOf(one, again))), answers(one, qs));
    again.compact();
    one.compact();
    assert.deepEqual(answers(again, qs.map(inTermsOf(one, again))), answers(one, qs));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a build stopped while reading ends its threads and passes the reason on', async () => {
  const docs = corpus(3000);
  let batches = 0;
  await assert.rejects(
    buildInThreads(
      async (onBatch) => {
        for (let i = 0; i < docs.length; i += 500) await onBatch(docs.slice(i, i + 500));
      },
      2,
      () => {
        if (++batches === 3) throw new Error('stopped');
      },
    ),
    /stopped/,
  );
});
