// The paper page over HTTP: content, ids in every form, math, safety, and the error states.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const app = createTestApp(sql);

async function get(url: string) {
  const res = await app.request(url);
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
}

test('the paper page shows the full record with links and BibTeX', async () => {
  const { status, html, headers } = await get('/papers/0704.0001');
  assert.equal(status, 200);
  assert.match(headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(
    html,
    /<title>Calculation of prompt diphoton production cross sections at Tevatron and LHC energies · Daily Papers<\/title>/,
  );
  for (const name of ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan']) assert.ok(html.includes(name), name);
  assert.match(html, /href="https:\/\/arxiv.org\/abs\/0704.0001"/);
  assert.match(html, /href="https:\/\/arxiv.org\/pdf\/0704.0001"/);
  assert.match(html, /href="https:\/\/doi.org\/10.1103\/PhysRevD.76.013009"/);
  assert.match(html, /Phys.Rev.D76:013009,2007/);
  assert.match(html, /hep-ph/);
  assert.match(html, />v2<\/a>/);
  assert.match(html, /@misc\{/);
  assert.match(html, /eprint=\{0704.0001\}/);
  // Two paragraphs of the abstract.
  assert.equal((html.match(/<p>/g) ?? []).length >= 2, true);
});

test('math in abstracts renders with KaTeX on the server; entities are decoded', async () => {
  const { html } = await get('/papers/2405.13729');
  const abstract = html.slice(html.indexOf('id="abstract-h"'), html.indexOf('</section>', html.indexOf('id="abstract-h"')));
  assert.match(abstract, /class="katex"/);
  assert.ok(abstract.includes('–'), 'the &#x2013; entity shows as an en dash');
  const visible = abstract.replace(/<annotation[^>]*>.*?<\/annotation>/gs, '').replace(/<[^>]+>/g, '');
  assert.ok(!visible.includes('$'), 'no raw $ left in the abstract');
  assert.match(html, /href="https:\/\/github.com\/Xrvitd\/ComboStoc"/);
  assert.match(html, /featured on <a href="\/papers\/date\/2026-05-05">/);
});

test('old-style ids work and versioned ids redirect to the canonical page', async () => {
  const old = await get('/papers/hep-th/9901001');
  assert.equal(old.status, 200);
  assert.match(old.html, /withdrawn by its authors/);
  assert.match(old.html, /Schrödinger/);
  const v = await get('/papers/0704.0001v2');
  assert.equal(v.status, 301);
  assert.equal(v.location, '/papers/0704.0001');
  const oldV = await get('/papers/hep-th/9901001v1');
  assert.equal(oldV.status, 301);
  assert.equal(oldV.location, '/papers/hep-th/9901001');
});

test('unknown papers are a 404, malformed ids a 400', async () => {
  const missing = await get('/papers/2501.99999');
  assert.equal(missing.status, 404);
  assert.match(missing.html, /No paper arXiv:2501.99999/);
  const bad = await get('/papers/not-an-id');
  assert.equal(bad.status, 400);
  assert.match(bad.html, /is not an arXiv id/);
});

test('hostile text in a paper renders inert', async () => {
  const { status, html } = await get('/papers/2605.00001');
  assert.equal(status, 200);
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /<img src=x onerror/);
  assert.match(html, /Eve &lt;img src=x onerror=alert\(1\)&gt;/);
});

test('static assets are served with long caching and revalidation', async () => {
  const css = await app.request('/static/style.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('cache-control') ?? '', /immutable/);
  assert.equal(css.headers.get('x-content-type-options'), 'nosniff');
  const etag = css.headers.get('etag')!;
  const again = await app.request('/static/style.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const font = await app.request('/static/katex/fonts/KaTeX_Main-Regular.woff2');
  assert.equal(font.status, 200);
  assert.equal((await app.request('/static/../package.json')).status, 404);
});

test('/healthz reports the database', async () => {
  const res = await app.request('/healthz');
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { database: string }).database, 'ok');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});
