// Hugging Face's `GET /api/papers/{id}` body: the paper with the models, datasets and Spaces linked to it
// (`linkedModels`, `numTotalModels`, ...). Only the links are read here; the daily list brings the rest.
import type { LinkedRepos } from '../model/paper-record.ts';
import { asObject, type Json } from './json-fields.ts';

// HF's paper pages list a handful of each kind and give the totals; a body listing more is cut, its totals kept.
const MAX_LINKED = 100;

function linkedList(o: Record<string, Json>, key: string): Json[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x) => asObject(x) !== null).slice(0, MAX_LINKED) : [];
}

function total(o: Record<string, Json>, key: string, listed: number): number {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= listed ? Math.round(v) : listed;
}

/** The linked repositories of a paper body; null when the body is not a paper object. */
export function linkedReposOf(body: Json): LinkedRepos | null {
  const o = asObject(body);
  if (!o || typeof o.id !== 'string') return null;
  const linkedModels = linkedList(o, 'linkedModels');
  const linkedDatasets = linkedList(o, 'linkedDatasets');
  const linkedSpaces = linkedList(o, 'linkedSpaces');
  return {
    linkedModels,
    numTotalModels: total(o, 'numTotalModels', linkedModels.length),
    linkedDatasets,
    numTotalDatasets: total(o, 'numTotalDatasets', linkedDatasets.length),
    linkedSpaces,
    numTotalSpaces: total(o, 'numTotalSpaces', linkedSpaces.length),
  };
}
