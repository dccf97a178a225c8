// The arXiv id a route names (`/papers/:id`, `/papers/:archive/:id` for old-style ids), parsed once for every page
// and API handler: a string that is no arXiv id is the client's 400, with the same message everywhere.
import type { Context } from 'hono';
import { hasArxivIdShape, parseArxivId, type ArxivId } from '../../core/arxiv-id.ts';
import { BadRequest, NotFound } from '../../errors.ts';

/** The id as the route params spell it (`:id`, or `:archive/:id`), not yet checked. */
export function idFromParams(c: Context): string {
  const archive = c.req.param('archive');
  const rest = c.req.param('id') ?? '';
  return archive ? `${archive}/${rest}` : rest;
}

/**
 * Parses `requested` (the route's id by default). Throws a 404 for an id arXiv cannot have issued but shaped like one
 * (1234.56789: no such paper, as Hugging Face answers), else a 400 saying what an arXiv id looks like.
 */
export function paperIdParam(c: Context, requested = idFromParams(c)): ArxivId & { requested: string } {
  const parsed = parseArxivId(requested);
  if (!parsed && hasArxivIdShape(requested)) throw NotFound(`Paper ${requested} not found`);
  if (!parsed) throw BadRequest(`"${requested}" is not an arXiv id (expected e.g. 2405.15738 or hep-th/9901001)`);
  return { ...parsed, requested };
}
