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
// Other recent papers sampled as implicit negatives, and their weight against an explicit example.
const BACKGROUND = 400;
const BACKGROUND_WEIGHT = 0.3;
const TOPIC_WEIGHT = 2;
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
  for (let i = 0; i < candidates.length; i += step) examples.push({ vector: candidates[i]!.vector, label: 0, weight: BACKGROUND_WEIGHT });
  const model = trainUserModel(examples, state.index.dimensions);

  const ranked = candidates
    .map((c) => ({ c, s: score(model, c.vector) }))
    .sort((a, b) => b.s - a.s || (a.c.id < b.c.id ? -1 : 1))
    .slice(0, limit);
  const picks = ranked.map(({ c, s }) => {
    let best = positives[0]!;
    let bestSim = -Infinity;
    for (const p of positives) {
      const sim = cosine(p.vector, c.vector);
      if (sim > bestSim) {
        bestSim = sim;
        best = p;
      }
    }
    return { id: c.id, score: s, reason: best.reason };
  });
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
