// GET /papers/{id}.md, and GET /papers/{id} asking for `Accept: text/markdown`: the paper page as Markdown
// (Hugging Face's `read_paper()` fetches exactly this URL).
import type { Context } from 'hono';
import { NotFound } from '../../errors.ts';
import { listThread, ROOT_COMMENTS_PER_PAGE } from '../../store/comments.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { paperIdParam } from '../http/paper-id.ts';
import { paperMarkdown } from '../views/paper-markdown.ts';
import { paperBibtex } from '../views/paper-view.tsx';

// A document for a reader or a model, not an archive: the first pages of a very long thread, and a link to the rest.
const THREAD_PAGES = 4;

/** The Markdown handler; `requested` is the id as the URL spells it (without `.md`). */
export async function paperMarkdownPage(c: Context, deps: AppDeps, requested: string): Promise<Response> {
  const parsed = paperIdParam(c, requested);
  const paper = await getPaper(deps.sql, parsed.id);
  // Removed by the moderators: gone here as from the page and the API.
  if (!paper || paper.hidden) throw NotFound(`Paper ${parsed.id} not found`);
  const comments = [];
  let roots = 0;
  for (let page = 1; page <= THREAD_PAGES; page++) {
    const thread = await listThread(deps.sql, paper.id, page);
    comments.push(...thread.comments);
    roots = thread.rootCount;
    if (page * ROOT_COMMENTS_PER_PAGE >= roots) break;
  }
  const moreComments = Math.max(0, roots - THREAD_PAGES * ROOT_COMMENTS_PER_PAGE);
  const body = paperMarkdown({ paper, bibtex: paperBibtex(paper), comments, moreComments, baseUrl: deps.config.baseUrl });
  return c.body(body, 200, { 'content-type': 'text/markdown; charset=utf-8', vary: 'Accept' });
}

/** GET /papers/{id}.md (and old-style /papers/{archive}/{number}.md). */
export function paperMarkdownFile(c: Context, deps: AppDeps): Promise<Response> {
  const archive = c.req.param('archive');
  const file = c.req.param('file') ?? '';
  return paperMarkdownPage(c, deps, `${archive ? `${archive}/` : ''}${file.replace(/\.md$/, '')}`);
}
