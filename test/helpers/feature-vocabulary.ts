// The keyword index's vocabulary as For you reads it (recommend/paper-features.ts: term ids and live document
// frequencies) over a list of papers, without building an index: for tests and bench/for-you.ts.
import { documentTerms, type IndexableText } from '../../src/core/analyze.ts';
import type { FeatureVocabulary } from '../../src/recommend/paper-features.ts';

export function vocabularyOf(corpus: Iterable<IndexableText>): FeatureVocabulary {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const df: number[] = [];
  let size = 0;
  for (const p of corpus) {
    size++;
    for (const t of documentTerms(p).freqs.keys()) {
      let id = ids.get(t);
      if (id === undefined) {
        ids.set(t, (id = terms.length));
        terms.push(t);
        df.push(0);
      }
      df[id]!++;
    }
  }
  return { termId: (t) => ids.get(t), termText: (id) => terms[id]!, liveDf: (id) => df[id]!, size };
}
