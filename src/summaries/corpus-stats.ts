// The corpus statistics summaries and keywords are scored against: the phrase document frequencies of every paper
// (doc-freq.ts), counted by streaming the papers table through a cursor, kept in memory by the summary job and saved
// under DATA_DIR/summaries/ so a restart reads it (bench/summaries.ts: at 167k papers reading the 67 MB table takes
// ~0.2 s, counting it again ~40 s at ~4,300 papers/s, so over ten minutes at 3M papers). Counted again once the corpus has grown by half, so new
// vocabulary gets its weight; between counts a new paper's phrases are simply rarer than they will be.
import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { countPapersForSummaries, forEachPaperText } from '../store/paper-summaries.ts';
import { searchDatabaseId } from '../store/search-papers.ts';
import { DocFreqSketch, sketchWidthFor } from './doc-freq.ts';
import { phraseKeys } from './phrases.ts';

/** Counted again when the corpus has grown by this factor since (and by REBUILD_MIN papers). */
export const REBUILD_GROWTH = 1.5;
const REBUILD_MIN = 200;
// Papers read per query; each batch's counting (~30 ms for 500) runs between requests, not in front of them.
const BATCH = 500;

export interface CountProgress {
  done: number;
  total: number;
}

/** Counts the phrase document frequencies of every paper, sized for the corpus to grow by REBUILD_GROWTH. */
export async function countDocFreqs(
  sql: Sql,
  opts: { signal?: AbortSignal; onProgress?: (p: CountProgress) => void } = {},
): Promise<DocFreqSketch> {
  const total = await countPapersForSummaries(sql);
  const sketch = new DocFreqSketch(sketchWidthFor(Math.ceil(total * REBUILD_GROWTH)));
  await forEachPaperText(sql, BATCH, async (papers) => {
    opts.signal?.throwIfAborted();
    for (const p of papers) sketch.addDocument(phraseKeys(p.title, p.abstract));
    opts.onProgress?.({ done: sketch.docs, total });
    await new Promise<void>((resolve) => setImmediate(resolve));
  });
  return sketch;
}

/** The statistics of one database: loaded from DATA_DIR or counted, and counted again as the corpus grows. */
export class CorpusStats {
  readonly #sql: Sql;
  readonly #log: Logger;
  readonly #dir: string | null;
  #sketch: DocFreqSketch | null = null;

  /** `dir`: where the table is saved (DATA_DIR/summaries); null keeps it in memory only (tests). */
  constructor(opts: { sql: Sql; log: Logger; dir: string | null }) {
    this.#sql = opts.sql;
    this.#log = opts.log;
    this.#dir = opts.dir;
  }

  /** The current table: the saved one if it is this database's and still fits the corpus, else counted anew. */
  async current(signal?: AbortSignal): Promise<DocFreqSketch> {
    const file = await this.#file();
    if (!this.#sketch && file) this.#sketch = readSketch(file);
    const papers = await countPapersForSummaries(this.#sql);
    const counted = this.#sketch?.docs ?? 0;
    const stale = !this.#sketch || (papers >= counted * REBUILD_GROWTH && papers - counted >= REBUILD_MIN);
    return this.#sketch && !stale ? this.#sketch : this.recount({ ...(signal ? { signal } : {}) });
  }

  /** Counts the table anew (and saves it), whatever is there. */
  async recount(opts: { signal?: AbortSignal; onProgress?: (p: CountProgress) => void } = {}): Promise<DocFreqSketch> {
    const file = await this.#file();
    const started = performance.now();
    const sketch = await countDocFreqs(this.#sql, opts);
    this.#log.info('counted the corpus statistics for summaries and keywords', {
      papers: sketch.docs,
      megabytes: Math.round(sketch.bytes / 1e5) / 10,
      ms: Math.round(performance.now() - started),
    });
    this.#sketch = sketch;
    if (file) saveSketch(file, sketch, this.#log);
    return sketch;
  }

  async #file(): Promise<string | null> {
    return this.#dir ? path.join(this.#dir, `doc-freq-${await searchDatabaseId(this.#sql)}.bin`) : null;
  }
}

function readSketch(file: string): DocFreqSketch | null {
  try {
    return DocFreqSketch.deserialize(fs.readFileSync(file));
  } catch {
    return null; // absent or unreadable: counted again
  }
}

/** Writes the table beside a temporary name and renames it, so a reader never sees half a file; drops older ones. */
function saveSketch(file: string, sketch: DocFreqSketch, log: Logger): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, sketch.serialize());
    fs.renameSync(tmp, file);
    for (const f of fs.readdirSync(dir))
      if (f.startsWith('doc-freq-') && f.endsWith('.bin') && path.join(dir, f) !== file) fs.rmSync(path.join(dir, f), { force: true });
  } catch (err) {
    // Only a restart's speed depends on it.
    log.warn('could not save the corpus statistics', { file, err });
  }
}
