// The one read the API's presenters need beyond the papers themselves (store/api-extras.ts), for one response.
import { apiExtrasOf } from '../../store/api-extras.ts';
import type { FeedPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import type { PresentContext } from './presenters.ts';

/** Reads what presenting `papers` in Hugging Face's shapes needs. */
export async function presentContextFor(deps: AppDeps, papers: readonly FeedPaper[]): Promise<PresentContext> {
  return {
    extras: await apiExtrasOf(
      deps.sql,
      papers.map((p) => p.id),
    ),
    baseUrl: deps.config.baseUrl,
  };
}
