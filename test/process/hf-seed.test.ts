// The seed experience as an operator meets it: `dailypapers serve` on an empty data folder, with the network
// (here a local server replaying Hugging Face's bodies and an arXiv with nothing new), shows HF's picks on its first
// page within seconds, answers HF's client calls (daily list, paper_info with linked models, read_paper), and
// `dailypapers status` beside it reports the mirror's run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { addDays, formatDay } from '../../src/core/dates.ts';
import { oaiError } from '../helpers/arxiv-bodies.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { baseEnv, eventually, freePort, runCli, startServe, tempDataDir } from '../helpers/processes.ts';
import { startReplayServer } from '../helpers/replay-server.ts';

type Json = { [key: string]: unknown };
const JSON_HEADERS = { 'Content-Type': 'application/json' };

test("a new site mirrors Hugging Face's picks first and serves them as HF does", { timeout: 300_000 }, async () => {
  const yesterday = addDays(formatDay(new Date()), -1);
  const hf = await startReplayServer();
  hf.route((u) => u.pathname === '/api/daily_papers', { body: '[]', headers: JSON_HEADERS });
  hf.route((u) => u.pathname === '/api/daily_papers' && u.searchParams.get('date') === yesterday, {
    body: fs.readFileSync(path.join(FIXTURES, 'hf-daily-papers.json'), 'utf8'),
    headers: JSON_HEADERS,
  });
  hf.route('/api/papers/2405.15738', {
    body: JSON.stringify({
      id: '2405.15738',
      linkedModels: [{ id: 'org/convllava-7b' }],
      numTotalModels: 1,
      linkedDatasets: [],
      linkedSpaces: [],
    }),
    headers: JSON_HEADERS,
  });
  hf.route('/oai2', { body: oaiError('noRecordsMatch', 'nothing new') });
  const dir = tempDataDir();
  const env = baseEnv(dir, await freePort(), {
    FIRST_START_DAYS: '3',
    HF_API_URL: hf.url,
    ARXIV_OAI_URL: `${hf.url}/oai2`,
    ARXIV_API_URL: `${hf.url}/api/query`,
    ARXIV_RSS_URL: hf.url,
    ARXIV_REQUEST_INTERVAL_MS: '0',
  });
  delete env.HF_MIRROR; // the default
  const server = await startServe(env, await freePort());
  try {
    await eventually(
      async () => /Daily picks \(2\)/.test(await (await fetch(`${server.url}/papers`)).text()),
      "HF's picks on the first page",
    );
    const page = await (await fetch(`${server.url}/papers`)).text();
    assert.match(page, /data-paper-id="2405\.15738"/);
    assert.match(page, /Alibaba Group/);
    const daily = (await (await fetch(`${server.url}/api/daily_papers`)).json()) as Json[];
    assert.deepEqual(daily.map((i) => (i.paper as Json).id).sort(), ['2405.15000', '2405.15738']);
    await eventually(
      async () => ((await (await fetch(`${server.url}/api/papers/2405.15738`)).json()) as Json).numTotalModels === 1,
      'the linked models',
    );
    // A paper HF gave no AI summary gets this site's, labelled, from the background job; HF's own stays.
    await eventually(
      async () => ((await (await fetch(`${server.url}/api/papers/2405.15000`)).json()) as Json).ai_summary_model === 'extractive',
      "this site's summary of the paper HF did not summarize",
    );
    const ours = (await (await fetch(`${server.url}/api/papers/2405.15000`)).json()) as Json;
    assert.equal(typeof ours.ai_summary, 'string');
    assert.ok(Array.isArray(ours.ai_keywords) && ours.ai_keywords.length > 0, JSON.stringify(ours.ai_keywords));
    const theirs = (await (await fetch(`${server.url}/api/papers/2405.15738`)).json()) as Json;
    assert.equal(theirs.ai_summary, 'ConvLLaVA uses ConvNeXt as the visual encoder.');
    assert.equal(theirs.ai_summary_model, undefined, "HF's body names no model");
    const md = await fetch(`${server.url}/papers/2405.15738.md`);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.match(await md.text(), /^# ConvLLaVA/);
    assert.equal((await fetch(`${server.url}/api/papers/1234.56789`)).status, 404);
    const status = await runCli(['status'], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Hugging Face mirror: on/);
    assert.ok(
      hf.requests.some((r) => r === `/api/daily_papers?date=${yesterday}&limit=100`),
      hf.requests.join('\n'),
    );
  } finally {
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.stderr().slice(-2000));
    await hf.close();
  }
});
