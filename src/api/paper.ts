// GET /api/papers/{id}: one paper in Hugging Face's shape.
import type { Context } from 'hono';
import { parseArxivId } from '../core/arxiv-id.ts';
import { BadRequest, NotFound } from '../errors.ts';
import { getPaper } from '../store/papers.ts';
import type { AppDeps } from '../web/deps.ts';
import { idFromParams } from '../web/pages/paper-page.tsx';
import { onlyParams } from '../web/query.ts';
import { presentPaper } from './presenters.ts';

/** Returns the paper as JSON; 400 for a malformed id, 404 for one we do not have. */
export async function paperApi(c: Context, deps: AppDeps): Promise<Response> {
  onlyParams(c, []);
  const requested = idFromParams(c);
  const parsed = parseArxivId(requested);
  if (!parsed) throw BadRequest(`"${requested}" is not an arXiv id`);
  const paper = await getPaper(deps.sql, parsed.id);
  // A paper the moderators removed is gone from the API as from its page (HF scripts would otherwise keep showing it).
  if (!paper || paper.hidden) throw NotFound(`Paper ${parsed.id} not found`);
  return c.json(presentPaper(paper));
}
