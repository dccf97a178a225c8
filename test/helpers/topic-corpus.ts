// A small corpus with known topics, in the arXiv JSONL format the importer reads: each paper draws its words from
// one topic's vocabulary, so papers of a topic share vocabulary without sharing every word. Semantic tests ask for
// a topic in words a given paper does not use and expect that topic's papers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../src/embeddings/linear-algebra.ts';

export const TOPICS = {
  decoding: [
    'speculative',
    'decoding',
    'draft',
    'tree',
    'inference',
    'latency',
    'token',
    'verification',
    'acceleration',
    'throughput',
    'autoregressive',
    'sampling',
  ],
  proteins: [
    'protein',
    'folding',
    'structure',
    'residue',
    'amino',
    'backbone',
    'docking',
    'molecular',
    'binding',
    'sequence',
    'enzyme',
    'ligand',
  ],
  robots: [
    'robot',
    'manipulation',
    'grasping',
    'policy',
    'reinforcement',
    'reward',
    'locomotion',
    'sim2real',
    'gripper',
    'trajectory',
    'control',
    'actuator',
  ],
  galaxies: [
    'galaxy',
    'redshift',
    'cosmology',
    'telescope',
    'survey',
    'stellar',
    'halo',
    'luminosity',
    'spectroscopy',
    'dark',
    'matter',
    'cluster',
  ],
} as const;

export type Topic = keyof typeof TOPICS;

export interface TopicPaper {
  id: string;
  topic: Topic;
  title: string;
  abstract: string;
}

/** `perTopic` papers a topic, ids 2501.0xxxx in topic order; deterministic. */
export function topicPapers(perTopic: number): TopicPaper[] {
  const random = seededRandom(7);
  const out: TopicPaper[] = [];
  let n = 1;
  for (const topic of Object.keys(TOPICS) as Topic[]) {
    const words = TOPICS[topic];
    for (let i = 0; i < perTopic; i++) {
      const pick = (k: number) => Array.from({ length: k }, () => words[Math.floor(random() * words.length)]!);
      out.push({
        id: `2501.${String(n++).padStart(5, '0')}`,
        topic,
        title: pick(4).join(' '),
        abstract: `We study ${pick(10).join(' ')}. Results show ${pick(8).join(' ')}.`,
      });
    }
  }
  return out;
}

/** Writes papers as an arXiv JSONL file for the importer; returns its path. */
export function writeTopicJsonl(papers: TopicPaper[], extra: object[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-topics-'));
  const file = path.join(dir, 'papers.jsonl');
  const lines = papers.map((p, i) =>
    JSON.stringify({
      arxiv_id: p.id,
      title: p.title,
      authors: [`Author ${p.topic}`],
      abstract: p.abstract,
      categories: ['cs.LG'],
      date: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      source: 'test',
    }),
  );
  fs.writeFileSync(file, [...lines, ...extra.map((e) => JSON.stringify(e))].join('\n') + '\n');
  return file;
}
