// Comments over HTTP on a real database: commenting and replying with and without JavaScript, threads with
// placeholders, counts, edit and delete, permalinks, reply mails, and every refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryMailer, type MailMessage } from '../../src/mail/mailer.ts';
import { ROOT_COMMENTS_PER_PAGE } from '../../src/store/comments.ts';
import { setSuspended } from '../../src/store/users.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const mailer = new MemoryMailer();
const app = createTestApp(sql, {}, mailer);
const today = new Date().toISOString().slice(0, 10);
const JSON_HEADERS = { accept: 'application/json' };

let paperCounter = 0;
/** A paper on today's page; its id is new for every call. */
async function addPaper(opts: { id?: string; submitter?: number; hfComments?: number; title?: string } = {}): Promise<string> {
  const id = opts.id ?? `2605.${String(10000 + ++paperCounter)}`;
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source, hf_num_comments, submitted_by_user_id)
    VALUES (${id}, ${opts.title ?? `Paper ${id} on $x^2$`}, 'An abstract.', ${['Ada Lovelace']}, ${`${today}T08:00:00Z`}, ${today}, 'hf',
            ${opts.hfComments ?? null}, ${opts.submitter ?? null})`;
  return id;
}

async function page(b: Browser | null, path: string): Promise<string> {
  const res = b ? await b.get(path) : await app.request(path);
  assert.equal(res.status, 200, path);
  return res.text();
}

async function comment(b: Browser, paperId: string, body: string, parentId?: number): Promise<number> {
  const res = await b.post(`/papers/${paperId}/comments`, { body, ...(parentId ? { parent_id: String(parentId) } : {}) });
  assert.equal(res.status, 303, `comment on ${paperId}: ${res.status} ${await res.clone().text()}`);
  const m = /#comment-(\d+)$/.exec(res.headers.get('location') ?? '');
  assert.ok(m, res.headers.get('location') ?? 'no location');
  return Number(m[1]);
}

async function numComments(paperId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT num_comments AS n FROM papers WHERE id = ${paperId}`;
  return row!.n;
}

/** The ids of the comments on a page, in order, with their depth. */
function threadOf(html: string): [number, number][] {
  return [...html.matchAll(/<article id="comment-(\d+)"[^>]*data-depth="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

const mailsTo = (to: string): MailMessage[] => mailer.sent.filter((m) => m.to === to);

test('without an account: the thread is readable, the form is a log-in link, posting is a 401', async () => {
  const paperId = await addPaper();
  const html = await page(null, `/papers/${paperId}`);
  assert.match(html, /<section id="comments"/);
  assert.match(html, /No comments yet/);
  assert.match(html, /Log in<\/a> or <a href="\/signup">sign up<\/a> to comment/);
  assert.doesNotMatch(html, /<textarea[^>]*name="body"/);
  const anon = new Browser(app);
  const res = await anon.post(`/papers/${paperId}/comments`, { body: 'hello' }, { tokenFrom: '/login' });
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Log in to do this/);
  assert.equal(await numComments(paperId), 0);
});

test('comment without JavaScript: a 303 to the comment, rendered Markdown and math, counts on the page, the card and in the database', async () => {
  const paperId = await addPaper({ hfComments: 4 });
  const { browser, user } = await loggedIn(app, sql);
  const before = await page(browser, `/papers/${paperId}`);
  assert.match(before, /<form method="post" action="\/papers\/[^"]+\/comments" class="comment-form"/);
  const res = await browser.post(`/papers/${paperId}/comments`, { body: 'Nice **result**: $E = mc^2$, see https://example.org/x' });
  assert.equal(res.status, 303);
  const location = res.headers.get('location')!;
  assert.match(location, new RegExp(`^/papers/${paperId}#comment-\\d+$`));
  const id = Number(location.split('#comment-')[1]);
  const html = await page(browser, `/papers/${paperId}`);
  assert.match(html, new RegExp(`<article id="comment-${id}"`));
  assert.match(html, /Nice <strong>result<\/strong>: <span class="katex">/);
  assert.match(html, /<a href="https:\/\/example.org\/x" rel="nofollow ugc noopener">/);
  assert.match(html, new RegExp(`<a class="comment-author" href="/users/${user.username}">${user.displayName}</a>`));
  assert.match(html, /data-comment-count="1">1 comment</);
  assert.match(html, /4 more comments on <a href="https:\/\/huggingface.co\/papers\//);
  assert.match(html, new RegExp(`href="/papers/${paperId}#comment-${id}"`), 'permalink');
  assert.equal(await numComments(paperId), 1);
  const [stored] = await sql<{ body: string; body_html: string }[]>`SELECT body, body_html FROM comments WHERE id = ${id}`;
  assert.equal(stored!.body, 'Nice **result**: $E = mc^2$, see https://example.org/x');
  assert.match(stored!.body_html, /^<p>Nice <strong>/);
  // Cards add the site's comments to Hugging Face's (as upvotes do), and so does the JSON API's numComments.
  const feed = await page(null, `/papers/date/${today}`);
  assert.match(
    feed,
    new RegExp(`href="/papers/${paperId}#comments" class="comments" title="1 comment here, 4 on Hugging Face">5 comments<`),
  );
  const api = (await (await app.request(`/api/daily_papers?date=${today}`)).json()) as { paper: { id: string }; numComments: number }[];
  assert.equal(api.find((item) => item.paper.id === paperId)?.numComments, 5);
  // GET /comments/:id finds it.
  const permalink = await app.request(`/comments/${id}`);
  assert.equal(permalink.status, 302);
  assert.equal(permalink.headers.get('location'), `/papers/${paperId}#comment-${id}`);
});

test('comment with JavaScript: JSON with the rendered comment and the new count; refusals as JSON', async () => {
  const paperId = await addPaper();
  const { browser } = await loggedIn(app, sql);
  const res = await browser.post(`/papers/${paperId}/comments`, { body: 'First via *fetch*' }, { headers: JSON_HEADERS });
  assert.equal(res.status, 201);
  const data = (await res.json()) as { id: number; parentId: number | null; count: number; permalink: string; html: string };
  assert.equal(data.count, 1);
  assert.equal(data.parentId, null);
  assert.equal(data.permalink, `/papers/${paperId}#comment-${data.id}`);
  assert.match(data.html, new RegExp(`^<article id="comment-${data.id}" class="comment indent-0"`));
  assert.match(data.html, /First via <em>fetch<\/em>/);
  assert.match(data.html, /action="\/comments\/\d+\/delete"/, 'the author gets delete');
  assert.match(data.html, /href="\/comments\/\d+\/edit"/, 'and edit');
  const reply = await browser.post(
    `/papers/${paperId}/comments`,
    { body: 'A reply', parent_id: String(data.id) },
    { headers: JSON_HEADERS },
  );
  assert.equal(reply.status, 201);
  const r = (await reply.json()) as { html: string; count: number; parentId: number };
  assert.equal(r.parentId, data.id);
  assert.equal(r.count, 2);
  assert.match(r.html, /class="comment indent-1" data-comment-id="\d+" data-depth="1"/);
  const empty = await browser.post(`/papers/${paperId}/comments`, { body: '  ' }, { headers: JSON_HEADERS });
  assert.equal(empty.status, 422);
  assert.deepEqual(await empty.json(), { error: 'Write something first: the comment is empty.', status: 422 });
  const anon = await new Browser(app).post(`/papers/${paperId}/comments`, { body: 'x' }, { tokenFrom: '/login', headers: JSON_HEADERS });
  assert.equal(anon.status, 401);
  assert.equal(((await anon.json()) as { error: string }).error, 'Log in to do this.');
  const preview = await browser.post('/comments/preview', { body: '$\\alpha$ and <b>' }, { headers: JSON_HEADERS });
  assert.equal(preview.status, 200);
  const p = (await preview.json()) as { html: string };
  assert.match(p.html, /class="katex"/);
  assert.match(p.html, /&lt;b&gt;/);
  assert.equal(await numComments(paperId), 2, 'a preview posts nothing');
});

test('the reply flow without JavaScript: ?reply=n opens the form under that comment; the thread is ordered with depths', async () => {
  const paperId = await addPaper();
  const { browser: ada } = await loggedIn(app, sql);
  const { browser: bob } = await loggedIn(app, sql);
  const first = await comment(ada, paperId, 'first');
  const second = await comment(bob, paperId, 'second');
  const html = await page(bob, `/papers/${paperId}`);
  assert.match(
    html,
    new RegExp(`<a href="/papers/${paperId}\\?reply=${first}#reply-${first}" class="reply-link" data-reply-to="${first}">reply</a>`),
  );
  assert.doesNotMatch(html, /id="reply-\d+"/, 'no reply form until asked for');
  const withForm = await page(bob, `/papers/${paperId}?reply=${first}`);
  const box = new RegExp(
    `<div class="reply-box" id="reply-${first}"><form method="post" action="/papers/${paperId}/comments"[^>]*>.*?<input type="hidden" name="parent_id" value="${first}"/>`,
    's',
  );
  assert.match(withForm, box);
  const reply = await comment(bob, paperId, 'reply to first', first);
  const nested = await comment(ada, paperId, 'reply to the reply', reply);
  const third = await comment(ada, paperId, 'third');
  assert.deepEqual(threadOf(await page(null, `/papers/${paperId}`)), [
    [first, 0],
    [reply, 1],
    [nested, 2],
    [second, 0],
    [third, 0],
  ]);
  assert.equal(await numComments(paperId), 5);
  // Anonymous visitors get a log-in link that comes back to the reply form.
  assert.match(
    await page(null, `/papers/${paperId}`),
    new RegExp(`href="/login\\?next=${encodeURIComponent(`/papers/${paperId}?reply=${first}#reply-${first}`)}">reply</a>`),
  );
  // A reply's parent must be on the same paper.
  const other = await addPaper();
  const elsewhere = await bob.post(`/papers/${other}/comments`, { body: 'misplaced', parent_id: String(first) });
  assert.equal(elsewhere.status, 404);
  assert.match(await elsewhere.text(), /not on this paper/);
  const missing = await bob.post(`/papers/${paperId}/comments`, { body: 'to nothing', parent_id: '999999999' });
  assert.equal(missing.status, 404);
});

test("reply mails: to the author of the comment answered and to the paper's submitter, once each, never to yourself, only if opted in", async () => {
  const submitter = await createTestUser(sql);
  const paperId = await addPaper({ submitter: submitter.id, title: 'Attention $\\alpha$ is\nall you need' });
  const { browser: ada, user: adaUser } = await loggedIn(app, sql);
  const { browser: bob, user: bobUser } = await loggedIn(app, sql);
  mailer.sent.length = 0;

  const top = await comment(ada, paperId, 'A top-level comment');
  assert.equal(mailsTo(adaUser.email).length, 0);
  const activity = mailsTo(submitter.email);
  assert.equal(activity.length, 1, 'the submitter hears of a comment on their paper');
  assert.equal(
    activity[0]!.subject,
    `${adaUser.displayName} commented on "Attention \\alpha is all you need", which you submitted`,
    'one line, math as its source',
  );
  assert.match(activity[0]!.text, /> A top-level comment/);
  assert.equal(mailer.linkTo(submitter.email), `http://localhost:3000/papers/${paperId}#comment-${top}`);
  assert.match(activity[0]!.text, /Turn it off at http:\/\/localhost:3000\/settings/);

  mailer.sent.length = 0;
  const reply = await comment(bob, paperId, 'Bob answers *Ada*', top);
  const replyMail = mailsTo(adaUser.email);
  assert.equal(replyMail.length, 1);
  assert.match(replyMail[0]!.subject, new RegExp(`^${bobUser.displayName} replied to your comment on "Attention`));
  assert.match(replyMail[0]!.text, /> Bob answers \*Ada\*/, 'quoted as written, not as HTML');
  assert.equal(mailer.linkTo(adaUser.email), `http://localhost:3000/papers/${paperId}#comment-${reply}`);
  assert.match(replyMail[0]!.text, /\/settings/);
  assert.equal(mailsTo(submitter.email).length, 1);

  mailer.sent.length = 0;
  await comment(ada, paperId, 'Ada answers herself', top);
  assert.equal(mailsTo(adaUser.email).length, 0, 'no mail about your own reply');

  // The submitter answering: the reply mail goes to the comment's author; nothing to the submitter.
  const { browser: sub } = await (async () => {
    const b = new Browser(app);
    await b.login(submitter.email);
    return { browser: b };
  })();
  mailer.sent.length = 0;
  const subComment = await comment(sub, paperId, 'Thanks, submitter here');
  assert.equal(mailer.sent.length, 0, 'the submitter commenting on their own paper gets nothing');
  await comment(bob, paperId, 'Replying to the submitter', subComment);
  assert.equal(mailsTo(submitter.email).length, 1, 'one mail (the reply), not two');
  assert.match(mailsTo(submitter.email)[0]!.subject, /replied to your comment/);

  // Opted out: no mail.
  await sql`UPDATE users SET notify_replies = false, notify_activity = false WHERE id IN (${adaUser.id}, ${submitter.id})`;
  mailer.sent.length = 0;
  await comment(bob, paperId, 'Nobody is told', top);
  assert.equal(mailer.sent.length, 0);
});

test('a mail that cannot be sent does not fail the comment', async () => {
  class BrokenMailer extends MemoryMailer {
    override async send(): Promise<void> {
      throw new Error('SMTP is down');
    }
  }
  const brokenApp = createTestApp(sql, {}, new BrokenMailer());
  const author = await createTestUser(sql);
  const paperId = await addPaper({ submitter: author.id });
  const b = new Browser(brokenApp);
  const { user } = await loggedIn(brokenApp, sql);
  await b.login(user.email);
  const res = await b.post(`/papers/${paperId}/comments`, { body: 'Posted anyway' });
  assert.equal(res.status, 303);
  assert.equal(await numComments(paperId), 1);
});

test('edit within the window; the form keeps the text on a 422; another user, or later, is a 403', async () => {
  const paperId = await addPaper();
  const { browser: ada } = await loggedIn(app, sql);
  const { browser: bob } = await loggedIn(app, sql);
  const id = await comment(ada, paperId, 'Frist!');
  const form = await page(ada, `/comments/${id}/edit`);
  assert.match(form, /<form method="post" action="\/comments\/\d+\/edit"/);
  assert.match(form, /<textarea[^>]*>Frist!<\/textarea>/);
  const saved = await ada.post(`/comments/${id}/edit`, { body: 'First, with $\\beta$.' });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get('location'), `/papers/${paperId}#comment-${id}`);
  const html = await page(null, `/papers/${paperId}`);
  assert.match(html, /First, with <span class="katex">/);
  assert.match(html, /\(edited\)/);
  assert.doesNotMatch(html, /Frist/);

  const tooLong = 'y'.repeat(10_001);
  const refused = await ada.post(`/comments/${id}/edit`, { body: tooLong });
  assert.equal(refused.status, 422);
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, /at most 10,000 characters/);
  assert.ok(refusedHtml.includes(`>${tooLong}</textarea>`), 'the text comes back in the form');

  const preview = await ada.post(`/comments/${id}/edit`, { body: 'Previewed $x$', preview: '1' });
  assert.equal(preview.status, 200);
  assert.match(await preview.text(), /<h2>Preview<\/h2>\s*<div class="comment-body"><p>Previewed <span class="katex">/);
  assert.doesNotMatch(await page(null, `/papers/${paperId}`), /Previewed/, 'a preview saves nothing');

  const notYours = await bob.post(`/comments/${id}/edit`, { body: 'hijacked' });
  assert.equal(notYours.status, 403);
  assert.match(await notYours.text(), /not your comment/);
  assert.equal((await bob.get(`/comments/${id}/edit`)).status, 403);
  assert.doesNotMatch(await page(bob, `/papers/${paperId}`), /href="\/comments\/\d+\/edit"/, "no edit link on other people's comments");

  await sql`UPDATE comments SET created_at = now() - interval '61 minutes' WHERE id = ${id}`;
  const late = await ada.post(`/comments/${id}/edit`, { body: 'too late' });
  assert.equal(late.status, 403);
  assert.match(await late.text(), /can be edited for 60 minutes/);
  assert.doesNotMatch(await page(ada, `/papers/${paperId}`), /href="\/comments\/\d+\/edit"/, 'the edit link goes when the window closes');
  assert.equal((await ada.get('/comments/99999999/edit')).status, 404);
});

test('delete: a placeholder keeps the replies; the count drops; the text is gone; replies to it are refused', async () => {
  const paperId = await addPaper();
  const { browser: ada } = await loggedIn(app, sql);
  const { browser: bob } = await loggedIn(app, sql);
  const parent = await comment(ada, paperId, 'Soon to be deleted');
  const child = await comment(bob, paperId, 'A reply that stays', parent);
  assert.equal(await numComments(paperId), 2);
  const notYours = await bob.post(`/comments/${parent}/delete`, {});
  assert.equal(notYours.status, 403);
  const res = await ada.post(`/comments/${parent}/delete`, {}, { headers: JSON_HEADERS });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { id: parent, count: 1, permalink: `/papers/${paperId}#comment-${parent}` });
  assert.equal(await numComments(paperId), 1);
  const html = await page(null, `/papers/${paperId}`);
  assert.deepEqual(threadOf(html), [
    [parent, 0],
    [child, 1],
  ]);
  assert.match(html, new RegExp(`<article id="comment-${parent}"[^>]*>.*?\\[deleted\\]`, 's'));
  assert.doesNotMatch(html, /Soon to be deleted/);
  assert.match(html, /A reply that stays/);
  assert.match(html, /data-comment-count="1">1 comment</);
  const [row] = await sql<{ body: string; body_html: string }[]>`SELECT body, body_html FROM comments WHERE id = ${parent}`;
  assert.deepEqual(row, { body: '', body_html: '' });
  const replyToDeleted = await bob.post(`/papers/${paperId}/comments`, { body: 'too late', parent_id: String(parent) });
  assert.equal(replyToDeleted.status, 409);
  assert.equal((await ada.post(`/comments/${parent}/edit`, { body: 'back?' })).status, 404);
  assert.equal((await ada.post(`/comments/${parent}/delete`, {})).status, 404);
  // Without JavaScript: a 303 back to the placeholder.
  const noJs = await bob.post(`/comments/${child}/delete`, {});
  assert.equal(noJs.status, 303);
  assert.equal(noJs.headers.get('location'), `/papers/${paperId}#comment-${child}`);
  assert.equal(await numComments(paperId), 0);
});

test('a comment hidden by a moderator shows as a placeholder, keeps its replies, and cannot be answered or edited', async () => {
  const paperId = await addPaper();
  const { browser: ada } = await loggedIn(app, sql);
  const { browser: bob } = await loggedIn(app, sql);
  const rude = await comment(ada, paperId, 'Something rude');
  const answer = await comment(bob, paperId, 'An answer', rude);
  await sql`UPDATE comments SET hidden_at = now() WHERE id = ${rude}`;
  const html = await page(null, `/papers/${paperId}`);
  assert.deepEqual(threadOf(html), [
    [rude, 0],
    [answer, 1],
  ]);
  assert.match(html, /\[removed by a moderator\]/);
  assert.doesNotMatch(html, /Something rude/);
  assert.equal((await bob.post(`/papers/${paperId}/comments`, { body: 'x', parent_id: String(rude) })).status, 409);
  const edit = await ada.post(`/comments/${rude}/edit`, { body: 'nicer now' });
  assert.equal(edit.status, 403);
  assert.match(await edit.text(), /A moderator removed that comment/);
});

test('refusals: unverified 403, suspended 403, unknown paper 404, empty or too long 422 keeping the text, no CSRF token 403', async () => {
  const paperId = await addPaper();
  const { browser: unverified } = await loggedIn(app, sql, { verified: false });
  const u = await unverified.post(`/papers/${paperId}/comments`, { body: 'hello' });
  assert.equal(u.status, 403);
  assert.match(await u.text(), /Confirm your email address first/);
  assert.match(await page(unverified, `/papers/${paperId}`), /Confirm your email address to comment/);

  const { browser: suspended, user } = await loggedIn(app, sql);
  await setSuspended(sql, user.id, 'spam');
  const s = await suspended.post(`/papers/${paperId}/comments`, { body: 'hello' });
  assert.equal(s.status, 403);
  assert.match(await s.text(), /suspended: spam/);

  const { browser } = await loggedIn(app, sql);
  assert.equal((await browser.post('/papers/2605.99999/comments', { body: 'hello' })).status, 404);
  assert.equal((await browser.post('/papers/not-an-id/comments', { body: 'hello' })).status, 400, 'not an arXiv id');
  assert.equal((await app.request('/comments/123456789')).status, 404);

  const empty = await browser.post(`/papers/${paperId}/comments`, { body: '\n  \n' });
  assert.equal(empty.status, 422);
  assert.match(await empty.text(), /Write something first/);
  const long = `Keep this text ${'z'.repeat(10_000)}`;
  const tooLong = await browser.post(`/papers/${paperId}/comments`, { body: long });
  assert.equal(tooLong.status, 422);
  const html = await tooLong.text();
  assert.match(html, /Comments can be at most 10,000 characters/);
  assert.ok(html.includes(`>${long}</textarea>`), 'the form keeps the text');
  assert.match(html, /aria-invalid="true"/);

  const noToken = await app.request(`/papers/${paperId}/comments`, {
    method: 'POST',
    body: new URLSearchParams({ body: 'forged' }),
    headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(noToken.status, 403);
  assert.equal(await numComments(paperId), 0);
});

test('the no-JavaScript preview shows the rendered comment with the text kept, and posts nothing', async () => {
  const paperId = await addPaper();
  const { browser } = await loggedIn(app, sql);
  const first = await comment(browser, paperId, 'parent');
  const res = await browser.post(`/papers/${paperId}/comments`, {
    body: 'Is $\\sum_i x_i$ right?',
    parent_id: String(first),
    preview: '1',
  });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<h2>Preview<\/h2>/);
  assert.match(html, /Replying to User \d+:/);
  assert.match(html, /<textarea[^>]*>Is \$\\sum_i x_i\$ right\?<\/textarea>/);
  assert.match(html, new RegExp(`name="parent_id" value="${first}"`));
  assert.equal(await numComments(paperId), 1);
});

test('new accounts may post 10 comments an hour; the 11th is a 429', async () => {
  const paperId = await addPaper();
  const { browser } = await loggedIn(app, sql);
  for (let i = 0; i < 10; i++) await comment(browser, paperId, `comment ${i}`);
  const res = await browser.post(`/papers/${paperId}/comments`, { body: 'one too many' });
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
  assert.match(await res.text(), /Too many comments/);
  const json = await browser.post(`/papers/${paperId}/comments`, { body: 'one too many' }, { headers: JSON_HEADERS });
  assert.equal(json.status, 429);
  assert.equal(await numComments(paperId), 10);
});

test('display names and comment bodies with markup render inert next to comments', async () => {
  const paperId = await addPaper();
  const { browser, user } = await loggedIn(app, sql);
  await sql`UPDATE users SET display_name = ${'<img src=x onerror=alert(1)>"><script>alert(2)</script>'} WHERE id = ${user.id}`;
  await comment(browser, paperId, '<script>alert(3)</script> [x](javascript:alert(4)) <img src=x onerror=alert(5)>');
  const html = await page(null, `/papers/${paperId}`);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;<\/a>/);
  assert.match(html, /&lt;script&gt;alert\(3\)&lt;\/script&gt; \[x\]\(javascript:alert\(4\)\)/);
  assert.doesNotMatch(html, /<script>alert|<img src=x|href="javascript:/);
});

test('old-style arXiv ids take comments too', async () => {
  const paperId = await addPaper({ id: 'hep-th/9901001' });
  const { browser } = await loggedIn(app, sql);
  const id = await comment(browser, paperId, 'On an old paper');
  assert.match(await page(null, '/papers/hep-th/9901001'), new RegExp(`<article id="comment-${id}"`));
  assert.equal((await app.request(`/comments/${id}`)).headers.get('location'), `/papers/hep-th/9901001#comment-${id}`);
});

test('long threads page by top-level comment; permalinks and replies find the right page', async () => {
  const paperId = await addPaper();
  const { browser, user } = await loggedIn(app, sql);
  await sql`
    INSERT INTO comments (paper_id, user_id, body, body_html)
    SELECT ${paperId}, ${user.id}, 'bulk ' || n, '<p>bulk ' || n || '</p>' FROM generate_series(1, ${ROOT_COMMENTS_PER_PAGE + 1}) n`;
  const [last] = await sql<{ id: number }[]>`SELECT max(id)::int AS id FROM comments WHERE paper_id = ${paperId}`;
  const res = await app.request(`/comments/${last!.id}`);
  assert.equal(res.headers.get('location'), `/papers/${paperId}?cpage=2#comment-${last!.id}`);
  const first = await page(null, `/papers/${paperId}`);
  assert.equal(threadOf(first).length, ROOT_COMMENTS_PER_PAGE);
  assert.match(first, /rel="next">Later comments/);
  const second = await page(browser, `/papers/${paperId}?cpage=2`);
  assert.deepEqual(threadOf(second), [[last!.id, 0]]);
  assert.match(second, new RegExp(`href="/papers/${paperId}\\?cpage=2&amp;reply=${last!.id}#reply-${last!.id}"`));
  const reply = await browser.post(`/papers/${paperId}/comments`, { body: 'deep in page two', parent_id: String(last!.id) });
  assert.match(reply.headers.get('location') ?? '', new RegExp(`^/papers/${paperId}\\?cpage=2#comment-\\d+$`));
  assert.equal((await app.request(`/papers/${paperId}?cpage=x`)).status, 400);
});
