// Comments: what writing one costs (Markdown + KaTeX + the sanitizer, once per write, compared with bare
// markdown-it on the same text), and what a discussion adds to a paper page (the same page with 0 and
// with 150 comments (one full thread page: 50 top-level comments with two replies each, three formulas
// in each), rendered in-process without the page cache, as a logged-in visitor would get it).
// Run: npx tsx bench/comments.ts
import MarkdownIt from 'markdown-it';
import { sanitizeCommentHtml } from '../src/core/comment-html-sanitizer.ts';
import { checkCommentBody, renderCommentMarkdown } from '../src/core/comment-markdown.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { MemoryMailer } from '../src/mail/mailer.ts';
import { listThread, ROOT_COMMENTS_PER_PAGE } from '../src/store/comments.ts';
import { createApp } from '../src/web/app.ts';
import { median, printTable, startBenchDb } from './lib.ts';

function timeEach(fn: () => void, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

const plain =
  'I tried the **released code** on a smaller model and the gains hold up.\n\n- Table 2 uses a different tokenizer\n- see https://github.com/example/repo/issues/12\n\n> the ablation in section 4\n\nIs that intended? '.repeat(
    3,
  );
const withMath = `${plain}\n\nThe bound $\\mathcal{O}(n \\log n)$ follows from $$\\sum_{i=1}^{n} \\frac{1}{i} \\le \\ln n + 1$$ and $\\sqrt{d_k}$ scaling.`;
const long = `${withMath}\n\n`.repeat(Math.floor(9_500 / (withMath.length + 2)));
const mathHeavy = '$\\frac{a}{b} + \\sqrt{x_i}$ '.repeat(300);

const bare = new MarkdownIt({ html: false, linkify: true, breaks: true });
const rows: (string | number)[][] = [];
for (const [name, text] of [
  ['plain, 600 chars', plain],
  ['3 formulas, 800 chars', withMath],
  ['long, 9.5k chars', long],
  ['300 formulas, 8k chars', mathHeavy],
] as const) {
  const runs = text.length > 5000 ? 30 : 300;
  for (let i = 0; i < 20; i++) checkCommentBody(text); // warm up
  const baseline = median(timeEach(() => bare.render(text), runs));
  const rendered = renderCommentMarkdown(text);
  const full = median(timeEach(() => checkCommentBody(text), runs));
  const sanitize = median(timeEach(() => sanitizeCommentHtml(rendered), runs));
  rows.push([name, text.length, baseline.toFixed(3), full.toFixed(3), sanitize.toFixed(3), (full / baseline).toFixed(1), rendered.length]);
}
console.log('Writing a comment (ms, medians): bare markdown-it vs. checkCommentBody (parse, KaTeX, sanitize)');
printTable(['comment', 'chars', 'markdown-it', 'full', 'sanitizer', 'ratio', 'html chars'], rows);

const db = await startBenchDb();
try {
  const sql = await db.freshDatabase('dp_bench_comments');
  const app = createApp({ config: { ...loadConfig({}), pageCacheSeconds: 0 }, sql, log: createLogger(), mailer: new MemoryMailer() });
  await sql`INSERT INTO users (email, username, display_name, password_hash, email_verified_at) VALUES ('b@example.org', 'bench', 'Bench User', 'x', now())`;
  for (const id of ['2605.00001', '2605.00002']) {
    await sql`INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source)
      VALUES (${id}, 'A paper on $x^2$', ${plain}, ${['Ada Lovelace', 'Alan Turing']}, now(), current_date, 'arxiv')`;
  }
  const html = checkCommentBody(withMath);
  if (!html.ok) throw new Error(html.error);
  // 150 comments: 50 top-level, each with a reply chain of two (depths 0, 1, 2).
  for (let i = 0; i < ROOT_COMMENTS_PER_PAGE; i++) {
    const [root] = await sql<
      { id: number }[]
    >`INSERT INTO comments (paper_id, user_id, body, body_html) SELECT '2605.00002', id, ${withMath}, ${html.value.html} FROM users RETURNING id::int`;
    const [reply] = await sql<
      { id: number }[]
    >`INSERT INTO comments (paper_id, user_id, parent_id, body, body_html) SELECT '2605.00002', id, ${root!.id}, ${withMath}, ${html.value.html} FROM users RETURNING id::int`;
    await sql`INSERT INTO comments (paper_id, user_id, parent_id, body, body_html) SELECT '2605.00002', id, ${reply!.id}, ${withMath}, ${html.value.html} FROM users`;
  }
  await sql`UPDATE papers SET num_comments = ${3 * ROOT_COMMENTS_PER_PAGE} WHERE id = '2605.00002'`;
  const pageRows: (string | number)[][] = [];
  let baseline = 0;
  for (const [name, id] of [
    ['no comments', '2605.00001'],
    [`${3 * ROOT_COMMENTS_PER_PAGE} comments`, '2605.00002'],
  ] as const) {
    for (let i = 0; i < 20; i++) await (await app.request(`/papers/${id}`)).text();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const res = await app.request(`/papers/${id}`);
      bytes = (await res.text()).length;
      times.push(performance.now() - t);
    }
    const m = median(times);
    if (!baseline) baseline = m;
    pageRows.push([name, m.toFixed(2), Math.round(1000 / m), (m / baseline).toFixed(1), Math.round(bytes / 1024)]);
  }
  const query = median(
    await (async () => {
      const times: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        await listThread(sql, '2605.00002');
        times.push(performance.now() - t);
      }
      return times;
    })(),
  );
  pageRows.push(['(its thread query)', query.toFixed(2), Math.round(1000 / query), (query / baseline).toFixed(1), '']);
  console.log('\nGET /papers/:id in-process, no page cache (200 requests each, medians)');
  printTable(['paper page', 'ms', 'req/s', 'ratio', 'KiB'], pageRows);
} finally {
  await db.stop();
}
