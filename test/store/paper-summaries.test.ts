// The summary job on a real database: it fills every paper lacking a summary or keywords, labelled with what made
// them, leaves Hugging Face's alone (and an HF import later replaces ours), writes nothing on a second run, announces
// what it wrote, remakes ours when the abstract changes, and lets only one process at a time do it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PaperSummaryJob } from '../../src/jobs/paper-summaries.ts';
import { createLogger } from '../../src/log.ts';
import { PAPERS_CHANNEL, watchChannel } from '../../src/store/changes.ts';
import { withSummaryLock } from '../../src/store/paper-summaries.ts';
import { ExtractiveSummaryProvider } from '../../src/summaries/provider.ts';
import { createTestDatabase, importLines } from '../helpers/db.ts';
import { AGENTS, backgroundCorpus, DIFFUSION, PAPERS, SPECULATIVE } from '../summaries/papers.ts';

const { sql } = await createTestDatabase();
const log = createLogger();

interface Row {
  id: string;
  ai_summary: string | null;
  ai_summary_model: string | null;
  ai_summary_source: string | null;
  ai_keywords: string[] | null;
  ai_keywords_source: string | null;
}

const rowOf = async (id: string) =>
  (
    await sql<
      Row[]
    >`SELECT id, ai_summary, ai_summary_model, ai_summary_source, ai_keywords, ai_keywords_source FROM papers WHERE id = ${id}`
  )[0]!;

function arxivLine(p: { id: string; title: string; abstract: string }): string {
  return JSON.stringify({
    arxiv_id: p.id,
    title: p.title,
    authors: ['A. Author'],
    abstract: p.abstract,
    categories: ['cs.LG'],
    date: '2026-01-05',
    source: 'test',
  });
}

/** A Hugging Face daily_papers item of `p` with HF's own summary (and model, as newer bodies have it). */
function hfLine(p: { id: string; title: string; abstract: string }, model: string | null): string {
  return JSON.stringify({ date: '2026-01-06', body: [hfItem(p, model)] });
}

function hfItem(p: { id: string; title: string; abstract: string }, model: string | null) {
  return {
    paper: {
      id: p.id,
      title: p.title,
      summary: p.abstract,
      authors: [{ name: 'A. Author' }],
      publishedAt: '2026-01-05T00:00:00.000Z',
      upvotes: 3,
      ai_summary: 'Hugging Face says what this paper does.',
      ai_keywords: ['memory graphs', 'LLM agents'],
      ...(model ? { ai_summary_model: model } : {}),
    },
    publishedAt: '2026-01-06T00:00:00.000Z',
    title: p.title,
    summary: p.abstract,
    numComments: 0,
  };
}

const job = () => new PaperSummaryJob({ sql, log, provider: new ExtractiveSummaryProvider(), statsDir: null });

test('fills every paper lacking them, leaves Hugging Face’s, and a second run writes nothing', async () => {
  await importLines(
    sql,
    [...backgroundCorpus(50), SPECULATIVE, DIFFUSION, { id: '2601.00009', title: 'A Title Alone', abstract: '' }].map(arxivLine),
  );
  await importLines(sql, [hfLine(AGENTS, 'Qwen/Qwen2.5-Coder-32B-Instruct')]);
  const hfBefore = await rowOf(AGENTS.id);
  assert.equal(hfBefore.ai_summary_source, 'hf');
  assert.equal(hfBefore.ai_summary_model, 'Qwen/Qwen2.5-Coder-32B-Instruct', 'the HF import stores ai_summary_model');

  const notices: (string | null)[] = [];
  const watch = await watchChannel(sql, PAPERS_CHANNEL, (p) => notices.push(p));
  const first = await job().runOnce();
  assert.equal(first.written, 50 + 3, 'every paper but the one Hugging Face summarized');

  const ours = await rowOf(SPECULATIVE.id);
  assert.equal(ours.ai_summary_source, 'site');
  assert.equal(ours.ai_summary_model, 'extractive');
  assert.match(ours.ai_summary!, /^We introduce tree drafts, a speculative decoding scheme/);
  assert.equal(ours.ai_keywords_source, 'site');
  assert.ok(ours.ai_keywords!.includes('speculative decoding'), `keywords: ${ours.ai_keywords}`);
  assert.ok(ours.ai_keywords!.length >= 5 && ours.ai_keywords!.length <= 10);

  const hf = await rowOf(AGENTS.id);
  assert.deepEqual(hf, hfBefore, "Hugging Face's summary, model and keywords are untouched");

  const empty = await rowOf('2601.00009');
  assert.equal(empty.ai_summary, null, 'no abstract, no summary');
  assert.equal(empty.ai_summary_source, 'site', 'but it is marked as looked at, so the job does not look again');

  const second = await job().runOnce();
  assert.equal(second.written, 0, 'a second run writes nothing');
  await new Promise((r) => setTimeout(r, 200));
  await watch.stop();
  assert.ok(notices.length >= 1, 'writing announced papers_changed');
});

test('an HF import replaces our summary; a new abstract sends ours back to be remade, and HF’s stays', async () => {
  const before = await rowOf(DIFFUSION.id);
  assert.equal(before.ai_summary_source, 'site');
  // HF mirrors the paper later, with a summary but (an older body) no model.
  await importLines(sql, [hfLine(DIFFUSION, null)]);
  const after = await rowOf(DIFFUSION.id);
  assert.equal(after.ai_summary, 'Hugging Face says what this paper does.');
  assert.equal(after.ai_summary_source, 'hf');
  assert.equal(after.ai_summary_model, null, 'HF did not say which model');
  assert.deepEqual(after.ai_keywords, ['memory graphs', 'LLM agents']);
  assert.equal((await job().runOnce()).written, 0, 'ours never overwrite what HF brought');

  // arXiv's new version of our paper: its abstract changes, ours are cleared and made again from the new text.
  const revised = { ...SPECULATIVE, abstract: `${SPECULATIVE.abstract} We also release a tree drafts kernel for GPUs.` };
  await sql`UPDATE papers SET abstract = ${revised.abstract} WHERE id = ${SPECULATIVE.id}`;
  const cleared = await rowOf(SPECULATIVE.id);
  assert.equal(cleared.ai_summary_source, null);
  assert.equal(cleared.ai_keywords_source, null);
  await sql`UPDATE papers SET abstract = ${`${DIFFUSION.abstract} More.`} WHERE id = ${DIFFUSION.id}`;
  assert.equal((await rowOf(DIFFUSION.id)).ai_summary_source, 'hf', "HF's summary stays through a new abstract");
  assert.equal((await job().runOnce()).written, 1);
  assert.equal((await rowOf(SPECULATIVE.id)).ai_summary_model, 'extractive');
});

test('one writer at a time: a second process stands by while the lock is held', async () => {
  const inner = await withSummaryLock(sql, async () => withSummaryLock(sql, async () => 'second'));
  assert.deepEqual(inner, { value: null });
});

test('the background job fills papers imported while it runs, and stops promptly', async () => {
  const started = job();
  started.start();
  const late = { ...PAPERS[3]!, id: '2601.00044' };
  await importLines(sql, [arxivLine(late)]);
  const deadline = Date.now() + 10_000;
  while ((await rowOf(late.id)).ai_summary_source === null) {
    if (Date.now() > deadline) assert.fail('the job did not fill a paper imported while it ran');
    await new Promise((r) => setTimeout(r, 100));
  }
  const t = Date.now();
  await started.stop();
  assert.ok(Date.now() - t < 5_000, 'stops within the 5 s serve gives its jobs');
});
