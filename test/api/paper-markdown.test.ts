// GET /papers/{id}.md (huggingface_hub's read_paper) and Accept: text/markdown on the paper page; 404 for any id
// that has an arXiv id's shape but no paper.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { addComment } from '../../src/store/comments.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const app = createTestApp(sql);
const writer = await createTestUser(sql, { displayName: 'Ada *Reviewer*', username: 'ada' });
const root = await addComment(sql, {
  paperId: '2405.15738',
  userId: writer.id,
  parentId: null,
  body: 'Does it scale to $n^2$?',
  bodyHtml: '',
});
assert.ok(root.ok);
await addComment(sql, {
  paperId: '2405.15738',
  userId: writer.id,
  parentId: root.comment.id,
  body: 'Answering myself:\nyes.',
  bodyHtml: '',
});

test('/papers/{id}.md is the paper page as Markdown', async () => {
  const res = await app.request('/papers/2405.15738.md');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
  const md = await res.text();
  assert.match(md, /^# ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models\n/);
  assert.match(md, /\*\*Authors:\*\* Chunjiang Ge, Sijie Cheng/);
  assert.match(md, /- arXiv: https:\/\/arxiv.org\/abs\/2405.15738\n- PDF: https:\/\/arxiv.org\/pdf\/2405.15738\n/);
  assert.match(md, /- Code: https:\/\/github.com\/alibaba\/conv-llava/);
  assert.doesNotMatch(md, /javascript:/, 'an unsafe project link is left out');
  assert.match(md, /## Abstract\n\nHigh-resolution Large Multimodal Models/);
  assert.match(md, /## AI summary\n\nConvLLaVA uses ConvNeXt as the visual encoder./);
  assert.match(md, /\*\*Keywords:\*\* ConvNeXt, LMM/);
  assert.match(md, /```bibtex\n@misc\{[^\n]+\n {2}title=\{ConvLLaVA/);
  assert.match(md, /## Discussion \(2 comments\)/);
  assert.match(md, /\*\*Ada \\\*Reviewer\\\* \(@ada\)\*\* · \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\nDoes it scale to \$n\^2\$\?/);
  assert.match(md, /> \*\*Ada[^\n]+\n>\n> Answering myself:\n> yes\./, 'a reply is quoted one level deeper');
});

test('the same Markdown for Accept: text/markdown on /papers/{id}, and HTML stays the default', async () => {
  const md = await app.request('/papers/2405.15738', { headers: { accept: 'text/markdown' } });
  assert.equal(md.status, 200);
  assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
  assert.equal(await md.text(), await (await app.request('/papers/2405.15738.md')).text());
  // A browser's Accept names text/html first.
  const html = await app.request('/papers/2405.15738', { headers: { accept: 'text/html,application/xhtml+xml,text/markdown;q=0.5' } });
  assert.match(html.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(html.headers.get('vary'), 'Accept');
  // Asked for again as Markdown after the HTML is cached: still Markdown.
  const again = await app.request('/papers/2405.15738', { headers: { accept: 'text/markdown, text/html;q=0.9' } });
  assert.equal(again.headers.get('content-type'), 'text/markdown; charset=utf-8');
});

test('old-style ids and papers without comments or AI summary', async () => {
  const res = await app.request('/papers/0704.0001.md');
  assert.equal(res.status, 200);
  const md = await res.text();
  assert.match(md, /## Discussion \(0 comments\)\n\nNo comments yet\.\n$/);
  assert.doesNotMatch(md, /## AI summary/);
  assert.match(md, /- DOI: https:\/\/doi.org\/10.1103\/PhysRevD.76.013009/);
  const old = await app.request('/papers/hep-th/9901001.md');
  assert.equal(old.status, 200);
  assert.match(await old.text(), /arXiv:hep-th\/9901001/);
});

test('unknown ids are 404 everywhere, including well-formed ones arXiv never issued', async () => {
  for (const url of [
    '/papers/2501.99999.md',
    '/papers/1234.56789.md',
    '/api/papers/1234.56789',
    '/papers/1234.56789',
    '/api/papers/2501.99999',
  ]) {
    const res = await app.request(url);
    assert.equal(res.status, 404, url);
  }
  const api = await app.request('/api/papers/1234.56789');
  assert.deepEqual(await api.json(), { error: 'Paper 1234.56789 not found', status: 404 });
  // Not an id at all: still the client's mistake.
  assert.equal((await app.request('/papers/not-an-id.md')).status, 400);
  assert.equal((await app.request('/api/papers/not-an-id')).status, 400);
});
