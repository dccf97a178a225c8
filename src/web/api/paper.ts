// GET /api/papers/{id}: one paper in Hugging Face's shape.
import type { Context } from 'hono';
import * as v from 'valibot';
import { NotFound } from '../../errors.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { apiQuery } from '../http/schema.ts';
import { presentContextFor } from './present-context.ts';
import { presentPaperInfo } from './presenters.ts';
import { paperIdParam } from '../http/paper-id.ts';

// The id is in the path (paperIdParam); the query takes nothing.
const QUERY = v.object({});

/** Returns the paper as JSON; 400 for a malformed id, 404 for one we do not have. */
export async function paperApi(c: Context, deps: AppDeps): Promise<Response> {
  apiQuery(c, QUERY);
  const parsed = paperIdParam(c);
  const paper = await getPaper(deps.sql, parsed.id);
  // A paper the moderators removed is gone from the API as from its page (HF scripts would otherwise keep showing it).
  if (!paper || paper.hidden) throw NotFound(`Paper ${parsed.id} not found`);
  return c.json(presentPaperInfo(paper, await presentContextFor(deps, [paper])));
}
