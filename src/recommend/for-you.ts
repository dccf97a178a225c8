// "For you": recent papers ranked by the user's model (user-model.ts), each with the reason it was picked: the
// liked paper or typed topic it is closest to.
import type { SearchService } from '../search/service.ts';
import { HIDDEN, LIVE } from '../search/doc-table.ts';
import { userSignals, type UserSignals } from '../store/interests.ts';
import { cosine, score, trainUserModel, type Example } from './user-model.ts';

export type PickReason = { kind: 'paper'; id: string; via: 'upvoted' | 'saved' | 'seed' } | { kind: 'topic'; topic: string };

export interface ForYouPick {
  id: string;
  score: number;
  reason: PickReason;
}

export type ForYouResult =
  | { status: 'unavailable' }
  | { status: 'cold-start' }
  | { status: 'ok'; picks: ForYouPick[]; candidates: number; windowDays: number };

// "Recent": published within this many days of the newest paper on the site (not of today: a site that stopped
// harvesting still recommends its own latest papers).
export const FOR_YOU_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
// Other recent papers sampled as implicit negatives. Together they weigh as much as all the positives (balanced
// classes, as arxiv-sanity's SVM): then a positive score means "more like what you chose than like the rest".
const BACKGROUND = 400;
const TOPIC_WEIGHT = 2;
// Cosine from which a paper counts as close to one of the user's papers or topics, whatever the model says.
const NEAR = 0.5;
const NOT_INTERESTED_WEIGHT = 2;

interface Source {
  vector: Float32Array;
  reason: PickReason;
}

/**
 * Ranks the recent papers (or, with `among`, exactly those papers: a digest's period) for the user whose
 * `signals` these are; the best `limit`, each with its reason.
 */
export async function forYouPicks(search: SearchService, signals: UserSignals, limit: number, opts: { windowDays?: number; among?: ReadonlySet<string> } = {}): Promise<ForYouResult> {
  const windowDays = opts.windowDays ?? FOR_YOU_WINDOW_DAYS;
  const state = search.semantic();
  if (!state) return { status: 'unavailable' };
  const sources: Source[] = [];
  const addPaper = (id: string, via: 'upvoted' | 'saved' | 'seed') => {
    const vector = state.index.vectorOf(id);
    if (vector) sources.push({ vector, reason: { kind: 'paper', id, via } });
  };
  for (const id of signals.seeds) addPaper(id, 'seed');
  for (const id of signals.upvoted) addPaper(id, 'upvoted');
  for (const id of signals.saved) addPaper(id, 'saved');
  for (const topic of signals.topics) sources.push({ vector: await state.provider.embedQuery(topic), reason: { kind: 'topic', topic } });
  const positives = sources.filter((s) => s.vector.some((x) => x !== 0));
  if (positives.length === 0) return { status: 'cold-start' };

  // Candidates: recent, visible, not already chosen or refused.
  const seen = new Set([...signals.upvoted, ...signals.saved, ...signals.seeds, ...signals.notInterested]);
  const { docs } = search.keywordIndex();
  let newest = -Infinity;
  if (!opts.among) for (let d = 0; d < docs.count; d++) if ((docs.flags[d]! & (LIVE | HIDDEN)) === LIVE && docs.published[d]! > newest) newest = docs.published[d]!;
  const since = newest - windowDays * DAY_MS;
  const candidates: { id: string; vector: Float32Array }[] = [];
  for (let d = 0; d < docs.count; d++) {
    if ((docs.flags[d]! & (LIVE | HIDDEN)) !== LIVE) continue;
    const id = docs.ids[d]!;
    if (opts.among ? !opts.among.has(id) : !(docs.published[d]! >= since)) continue;
    if (seen.has(id)) continue;
    const vector = state.index.vectorOf(id);
    if (vector) candidates.push({ id, vector });
  }
  candidates.sort((a, b) => (a.id < b.id ? -1 : 1));

  const examples: Example[] = positives.map((s) => ({ vector: s.vector, label: 1, weight: s.reason.kind === 'topic' ? TOPIC_WEIGHT : 1 }));
  for (const id of signals.notInterested) {
    const vector = state.index.vectorOf(id);
    if (vector) examples.push({ vector, label: 0, weight: NOT_INTERESTED_WEIGHT });
  }
  const step = Math.max(1, Math.floor(candidates.length / BACKGROUND));
  const background: Float32Array[] = [];
  for (let i = 0; i < candidates.length; i += step) background.push(candidates[i]!.vector);
  const positiveWeight = examples.reduce((w, e) => w + (e.label === 1 ? e.weight : 0), 0);
  for (const vector of background) examples.push({ vector, label: 0, weight: positiveWeight / background.length });
  const model = trainUserModel(examples, state.index.dimensions);

  // One linear model is one direction in vector space; a user with two unrelated interests sits between them.
  // So a paper also qualifies by being close to one of the user's own papers or topics, and ranks by both: the
  // model's probability plus that closeness. Papers with neither look more like the rest than like the choices.
  const picks = candidates
    .map((c) => {
      const { sim, source } = nearest(positives, c.vector);
      const s = score(model, c.vector);
      return { c, s, sim, source, rank: 1 / (1 + Math.exp(-s)) + sim };
    })
    .filter((x) => x.s > 0 || x.sim >= NEAR)
    .sort((a, b) => b.rank - a.rank || (a.c.id < b.c.id ? -1 : 1))
    .slice(0, limit)
    .map((x) => ({ id: x.c.id, score: x.rank, reason: x.source.reason }));
  return { status: 'ok', picks, candidates: candidates.length, windowDays };
}

/** For digests: ranks the papers `among` for user `userId` (ids best first; [] when there is nothing to go on). */
export async function forYouRanking(search: SearchService, signals: UserSignals, among: ReadonlySet<string>, limit = 20): Promise<string[]> {
  const r = await forYouPicks(search, signals, limit, { among });
  return r.status === 'ok' ? r.picks.map((p) => p.id) : [];
}

/** The digest sender's For you ranking (DigestDeps.forYou) over this process's search service. */
export function digestForYou(search: SearchService, sql: Parameters<typeof userSignals>[0]): (userId: number, among: ReadonlySet<string>) => Promise<string[]> {
  return async (userId, among) => forYouRanking(search, await userSignals(sql, userId), among);
}

/** The user's paper or topic closest to `v`, and how close. */
function nearest(sources: Source[], v: Float32Array): { sim: number; source: Source } {
  let source = sources[0]!;
  let sim = -Infinity;
  for (const p of sources) {
    const c = cosine(p.vector, v);
    if (c > sim) {
      sim = c;
      source = p;
    }
  }
  return { sim, source };
}
