// "For you": recent papers ranked by the user's model (user-model.ts over paper-features.ts's rows), each with the
// reason it was picked: the liked paper or typed topic it is closest to, and the words that weighed most for it.
import type { KeywordIndex } from '../search/keyword-index.ts';
import type { SearchService } from '../search/service.ts';
import { HIDDEN, LIVE } from '../search/doc-table.ts';
import { userSignals, type UserSignals } from '../store/interests.ts';
import { cosine, score, trainUserModel, type Example, type FeatureRow, type LinearModel } from './user-model.ts';
import { featureRowCache, type FeatureRowCache } from './feature-rows.ts';
import { isWordColumn, type FeatureVocabulary } from './paper-features.ts';

import type { ForYouResult, PickReason } from '../model/for-you-result.ts';

export type { ForYouPick, ForYouResult, PickReason } from '../model/for-you-result.ts';

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
// Words named in a pick's reason.
const REASON_WORDS = 3;

interface Source {
  /** The paper (null for a typed topic) and its text hash, for its feature row. */
  id: string | null;
  hash: number;
  vector: Float32Array;
  reason: PickReason;
}

/**
 * Ranks the recent papers (or, with `among`, exactly those papers: a digest's period) for the user whose
 * `signals` these are; the best `limit`, each with its reason. `featureRows` keeps the papers' feature rows.
 */
export async function forYouPicks(
  search: SearchService,
  signals: UserSignals,
  limit: number,
  opts: { featureRows: FeatureRowCache; windowDays?: number; among?: ReadonlySet<string> },
): Promise<ForYouResult> {
  const windowDays = opts.windowDays ?? FOR_YOU_WINDOW_DAYS;
  const state = search.semantic();
  if (!state) return { status: 'unavailable' };
  const index = search.keywordIndex();
  const { docs } = index;
  const hashOf = (id: string) => {
    const d = docs.docOf(id);
    return d === undefined ? null : docs.textHash[d]!;
  };
  const sources: Source[] = [];
  const addPaper = (id: string, via: 'upvoted' | 'saved' | 'seed') => {
    const vector = state.index.vectorOf(id);
    const hash = hashOf(id);
    if (vector && hash !== null) sources.push({ id, hash, vector, reason: { kind: 'paper', id, via } });
  };
  for (const id of signals.seeds) addPaper(id, 'seed');
  for (const id of signals.upvoted) addPaper(id, 'upvoted');
  for (const id of signals.saved) addPaper(id, 'saved');
  for (const topic of signals.topics)
    sources.push({ id: null, hash: 0, vector: await state.provider.embedQuery(topic), reason: { kind: 'topic', topic } });
  const positives = sources.filter((s) => s.vector.some((x) => x !== 0));
  if (positives.length === 0) return { status: 'cold-start' };

  // Candidates: recent, visible, not already chosen or refused.
  const seen = new Set([...signals.upvoted, ...signals.saved, ...signals.seeds, ...signals.notInterested]);
  const since = opts.among ? -Infinity : newestLive(docs) - windowDays * DAY_MS;
  const candidates: { id: string; hash: number; vector: Float32Array }[] = [];
  for (let d = 0; d < docs.count; d++) {
    if ((docs.flags[d]! & (LIVE | HIDDEN)) !== LIVE) continue;
    const id = docs.ids[d]!;
    if (opts.among ? !opts.among.has(id) : !(docs.published[d]! >= since)) continue;
    if (seen.has(id)) continue;
    const vector = state.index.vectorOf(id);
    if (vector) candidates.push({ id, hash: docs.textHash[d]!, vector });
  }
  candidates.sort((a, b) => (a.id < b.id ? -1 : 1));

  const refused = signals.notInterested.flatMap((id) => {
    const hash = hashOf(id);
    return hash === null ? [] : [{ id, hash }];
  });
  const paperPositives = positives.flatMap((p) => (p.id === null ? [] : [{ id: p.id, hash: p.hash }]));
  const rows = await opts.featureRows.rows(index, [...candidates, ...paperPositives, ...refused]);

  const examples: Example[] = [];
  for (const p of positives) {
    const row = p.reason.kind === 'topic' ? opts.featureRows.topicRow(index, p.reason.topic) : rows.get(p.id!);
    if (row) examples.push({ row, label: 1, weight: p.reason.kind === 'topic' ? TOPIC_WEIGHT : 1 });
  }
  for (const r of refused) {
    const row = rows.get(r.id);
    if (row) examples.push({ row, label: 0, weight: NOT_INTERESTED_WEIGHT });
  }
  const step = Math.max(1, Math.floor(candidates.length / BACKGROUND));
  const background: FeatureRow[] = [];
  for (let i = 0; i < candidates.length; i += step) {
    const row = rows.get(candidates[i]!.id);
    if (row) background.push(row);
  }
  const positiveWeight = examples.reduce((w, e) => w + (e.label === 1 ? e.weight : 0), 0);
  for (const row of background) examples.push({ row, label: 0, weight: positiveWeight / background.length });
  const model = trainUserModel(examples);

  // Ranked by the model alone (bench/for-you.ts: adding closeness to the nearest liked paper to the rank cost
  // precision, most for users with two interests, whom TF-IDF rows already separate well). Closeness still admits a
  // paper the model scores below zero but that is near one of the user's own papers or topics, and names the reason.
  const picks = candidates
    .flatMap((c) => {
      const row = rows.get(c.id);
      if (!row) return [];
      const { sim, source } = nearest(positives, c.vector);
      return [{ c, row, s: score(model, row), sim, source }];
    })
    .filter((x) => x.s > 0 || x.sim >= NEAR)
    .sort((a, b) => b.s - a.s || (a.c.id < b.c.id ? -1 : 1))
    .slice(0, limit)
    .map((x) => {
      const from = x.source.id === null ? undefined : rows.get(x.source.id);
      return { id: x.c.id, score: x.s, reason: x.source.reason, terms: reasonTerms(model, x.row, from, index) };
    });
  return { status: 'ok', picks, candidates: candidates.length, windowDays };
}

/** For digests: ranks the papers `among` for user `userId` (ids best first; [] when there is nothing to go on). */
export async function forYouRanking(
  search: SearchService,
  signals: UserSignals,
  among: ReadonlySet<string>,
  featureRows: FeatureRowCache,
  limit = 20,
): Promise<string[]> {
  const r = await forYouPicks(search, signals, limit, { among, featureRows });
  return r.status === 'ok' ? r.picks.map((p) => p.id) : [];
}

/** The digest sender's For you ranking (DigestDeps.forYou) over this process's search service. */
export function digestForYou(
  search: SearchService,
  sql: Parameters<typeof userSignals>[0],
): (userId: number, among: ReadonlySet<string>) => Promise<string[]> {
  return async (userId, among) => forYouRanking(search, await userSignals(sql, userId), among, featureRowCache(sql));
}

/**
 * The words of a pick that weighed most for it in the user's model, as index terms: those it shares with the paper
 * its reason names when there are any (so "because you upvoted X" names what the two have in common).
 */
function reasonTerms(model: LinearModel, row: FeatureRow, from: FeatureRow | undefined, vocabulary: FeatureVocabulary): string[] {
  const inFrom = from ? new Set(from.cols) : null;
  const weighed: [number, number][] = [];
  for (let k = 0; k < row.cols.length; k++) {
    const c = row.cols[k]!;
    const part = (model.w.get(c) ?? 0) * row.vals[k]!;
    if (part > 0 && isWordColumn(c, vocabulary)) weighed.push([c, part]);
  }
  const shared = inFrom ? weighed.filter(([c]) => inFrom.has(c)) : [];
  return (shared.length > 0 ? shared : weighed)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, REASON_WORDS)
    .map(([c]) => vocabulary.termText(c));
}

/** When the newest visible paper was published (-Infinity on an empty site). */
function newestLive(docs: KeywordIndex['docs']): number {
  let newest = -Infinity;
  for (let d = 0; d < docs.count; d++)
    if ((docs.flags[d]! & (LIVE | HIDDEN)) === LIVE && docs.published[d]! > newest) newest = docs.published[d]!;
  return newest;
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

/**
 * Reads the feature rows of the recent papers ahead of the first visit (a month of papers is seconds of text
 * analysis, which a visitor should not wait for). Resolves false while there are no vectors yet.
 */
export async function warmForYou(search: SearchService, featureRows: FeatureRowCache): Promise<boolean> {
  if (!search.semantic()) return false;
  const index = search.keywordIndex();
  const { docs } = index;
  const newest = newestLive(docs);
  const recent: { id: string; hash: number }[] = [];
  for (let d = 0; d < docs.count; d++) {
    if ((docs.flags[d]! & (LIVE | HIDDEN)) === LIVE && docs.published[d]! >= newest - FOR_YOU_WINDOW_DAYS * DAY_MS)
      recent.push({ id: docs.ids[d]!, hash: docs.textHash[d]! });
  }
  await featureRows.rows(index, recent);
  return true;
}
