// What "For you" answers (recommend/for-you.ts computes it): shapes that cross from the search process to the web
// workers (workers/search-rpc.ts), so they live below both.

export type PickReason = { kind: 'paper'; id: string; via: 'upvoted' | 'saved' | 'seed' } | { kind: 'topic'; topic: string };

export interface ForYouPick {
  id: string;
  score: number;
  reason: PickReason;
  /** The index terms (stems) that weighed most for the pick, most first: the reason's words. */
  terms: string[];
}

export type ForYouResult =
  | { status: 'unavailable' }
  | { status: 'cold-start' }
  | { status: 'ok'; picks: ForYouPick[]; candidates: number; windowDays: number };
