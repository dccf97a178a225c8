// Embedding models and the vectors of papers (migration 0007): written by the one embedding worker, read by every
// instance's vector index. Vectors travel as float32 little-endian bytes.
import type { Sql } from '../db/connect.ts';
import type { PaperText } from '../model/paper-text.ts';
import { LOCK_KEYS, withAdvisoryLock } from './advisory-lock.ts';

// Notified when vectors are stored or a model is promoted; every instance's vector index follows it.
export const EMBEDDINGS_CHANNEL = 'embeddings_changed';

export interface EmbeddingModelRow {
  id: number;
  providerKey: string;
  dimensions: number | null;
  state: 'building' | 'ready' | 'retired';
  fittedOn: number | null;
  createdAt: Date;
  readyAt: Date | null;
}

export interface PaperToEmbed extends PaperText {
  id: string;
  /** papers.modified_at as PostgreSQL prints it (exact, unlike a JS Date). */
  modifiedAt: string;
  /** The hash of the text embedded last time, if any. */
  embeddedHash: number | null;
}

export interface EmbeddingWrite {
  paperId: string;
  textHash: number;
  checkedAt: string;
  /** null when the text is unchanged: only checked_at moves. */
  vector: Float32Array | null;
}

export function vectorBytes(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function bytesVector(b: Uint8Array): Float32Array {
  // Copied: the driver's buffer may not be 4-byte aligned.
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

const modelColumns = (sql: Sql) => sql`
  id, provider_key AS "providerKey", dimensions, state, fitted_on AS "fittedOn", created_at AS "createdAt", ready_at AS "readyAt"`;

/** Every model not retired, newest first. */
export async function listModels(sql: Sql): Promise<EmbeddingModelRow[]> {
  return sql<EmbeddingModelRow[]>`SELECT ${modelColumns(sql)} FROM embedding_models WHERE state <> 'retired' ORDER BY id DESC`;
}

/** The newest model that serves (ready), or null. */
export async function servingModel(sql: Sql): Promise<EmbeddingModelRow | null> {
  const rows = await sql<
    EmbeddingModelRow[]
  >`SELECT ${modelColumns(sql)} FROM embedding_models WHERE state = 'ready' ORDER BY id DESC LIMIT 1`;
  return rows[0] ?? null;
}

export async function modelParams(sql: Sql, id: number): Promise<Uint8Array | null> {
  const rows = await sql<{ params: Uint8Array | null }[]>`SELECT params FROM embedding_models WHERE id = ${id}`;
  return rows[0]?.params ?? null;
}

export async function createModel(
  sql: Sql,
  m: { providerKey: string; dimensions: number | null; params: Uint8Array | null; fittedOn: number | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO embedding_models (provider_key, dimensions, params, fitted_on)
    VALUES (${m.providerKey}, ${m.dimensions}, ${m.params === null ? null : Buffer.from(m.params)}, ${m.fittedOn})
    RETURNING id`;
  return row!.id;
}

export async function setModelDimensions(sql: Sql, id: number, dimensions: number): Promise<void> {
  await sql`UPDATE embedding_models SET dimensions = ${dimensions} WHERE id = ${id} AND dimensions IS NULL`;
}

/** Makes `id` the serving model and drops every other (their vectors go with them). */
export async function promoteModel(sql: Sql, id: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`UPDATE embedding_models SET state = 'ready', ready_at = now() WHERE id = ${id}`;
    await tx`DELETE FROM embedding_models WHERE id <> ${id} AND (state <> 'building' OR id < ${id})`;
    await tx`SELECT pg_notify(${EMBEDDINGS_CHANNEL}, ${String(id)})`;
  });
}

/** Drops a model that is no longer wanted (its provider was switched away from while it was building). */
export async function dropModel(sql: Sql, id: number): Promise<void> {
  await sql`DELETE FROM embedding_models WHERE id = ${id}`;
}

const toEmbedColumns = (sql: Sql) => sql`
  p.id, p.title, p.abstract, p.author_names AS authors, p.categories, p.modified_at::text AS "modifiedAt", e.text_hash AS "embeddedHash"`;

/** Papers with no vector (or one older than the paper) in model `modelId`, in id order after `afterId`. */
export async function papersToEmbed(sql: Sql, modelId: number, afterId: string, limit: number): Promise<PaperToEmbed[]> {
  // `e.paper_id > afterId` is implied, but without it the merge join reads the model's vectors from the first one
  // on every batch: embedding a million papers went quadratic (1.3 s a batch of 500 at 650,000 done).
  return sql<PaperToEmbed[]>`
    SELECT ${toEmbedColumns(sql)}
    FROM papers p LEFT JOIN paper_embeddings e ON e.model_id = ${modelId} AND e.paper_id = p.id AND e.paper_id > ${afterId}
    WHERE p.id > ${afterId} AND (e.paper_id IS NULL OR e.checked_at < p.modified_at)
    ORDER BY p.id LIMIT ${limit}`;
}

/** Papers modified at or after `since` whose vector in model `modelId` is missing or older. */
export async function changedPapersToEmbed(sql: Sql, modelId: number, since: string, limit: number): Promise<PaperToEmbed[]> {
  return sql<PaperToEmbed[]>`
    SELECT ${toEmbedColumns(sql)}
    FROM papers p LEFT JOIN paper_embeddings e ON e.model_id = ${modelId} AND e.paper_id = p.id
    WHERE p.modified_at >= ${since}::timestamptz AND (e.paper_id IS NULL OR e.checked_at < p.modified_at)
    ORDER BY p.modified_at, p.id LIMIT ${limit}`;
}

/** Stores a batch of vectors (and rechecked stamps) in one statement per kind, and tells the instances. */
export async function saveEmbeddings(sql: Sql, modelId: number, writes: EmbeddingWrite[]): Promise<void> {
  const changed = writes.filter((w) => w.vector !== null);
  const checked = writes.filter((w) => w.vector === null);
  await sql.begin(async (tx) => {
    if (changed.length > 0) {
      await tx`
        -- Vectors go as base64 text: the driver does not send arrays of bytea.
        INSERT INTO paper_embeddings (model_id, paper_id, text_hash, checked_at, vector)
        SELECT ${modelId}, x.paper_id, x.text_hash, x.checked_at, decode(x.vector, 'base64')
        FROM unnest(${changed.map((w) => w.paperId)}::text[], ${changed.map((w) => w.textHash)}::int[],
                    ${changed.map((w) => w.checkedAt)}::timestamptz[], ${changed.map((w) => vectorBytes(w.vector!).toString('base64'))}::text[])
             AS x(paper_id, text_hash, checked_at, vector)
        WHERE EXISTS (SELECT 1 FROM papers p WHERE p.id = x.paper_id)
        ON CONFLICT (model_id, paper_id) DO UPDATE
          SET text_hash = EXCLUDED.text_hash, checked_at = EXCLUDED.checked_at, vector = EXCLUDED.vector,
              seq = nextval('paper_embeddings_seq')`;
      await tx`SELECT pg_notify(${EMBEDDINGS_CHANNEL}, ${String(modelId)})`;
    }
    if (checked.length > 0) {
      await tx`
        UPDATE paper_embeddings e SET checked_at = x.checked_at
        FROM unnest(${checked.map((w) => w.paperId)}::text[], ${checked.map((w) => w.checkedAt)}::timestamptz[]) AS x(paper_id, checked_at)
        WHERE e.model_id = ${modelId} AND e.paper_id = x.paper_id`;
    }
  });
}

export interface StoredVector {
  paperId: string;
  seq: number;
  vector: Float32Array;
}

/**
 * Vectors of model `modelId` written after `afterSeq`, in seq order: a range of paper_embeddings_seq_idx. The
 * ORDER BY names the table's column: a bare `seq` would be the output column `seq::float8`, which no index has,
 * and every batch sorted the whole table (at 3M vectors 4.8 s a batch of 10,000; at 1M most of a 465 s build).
 */
export async function vectorsSince(sql: Sql, modelId: number, afterSeq: number, limit: number): Promise<StoredVector[]> {
  const rows = await sql<{ paperId: string; seq: number; vector: Uint8Array }[]>`
    SELECT e.paper_id AS "paperId", e.seq::float8 AS seq, e.vector FROM paper_embeddings e
    WHERE e.model_id = ${modelId} AND e.seq > ${afterSeq} ORDER BY e.seq LIMIT ${limit}`;
  return rows.map((r) => ({ paperId: r.paperId, seq: r.seq, vector: bytesVector(r.vector) }));
}

/**
 * Vectors of model `modelId` written after `afterSeq`, in seq order, packed into one array (`dimensions` floats a
 * paper) for handing to the build thread in one piece; `lastSeq` is the seq of the last one, or null for none.
 */
export async function vectorBatchSince(
  sql: Sql,
  modelId: number,
  dimensions: number,
  afterSeq: number,
  limit: number,
): Promise<{ ids: string[]; vectors: Float32Array; lastSeq: number | null }> {
  const rows = await sql<{ paperId: string; seq: number; vector: Uint8Array }[]>`
    SELECT e.paper_id AS "paperId", e.seq::float8 AS seq, e.vector FROM paper_embeddings e
    WHERE e.model_id = ${modelId} AND e.seq > ${afterSeq} ORDER BY e.seq LIMIT ${limit}`;
  const vectors = new Float32Array(rows.length * dimensions);
  const bytes = new Uint8Array(vectors.buffer);
  const ids: string[] = [];
  for (const r of rows) {
    if (r.vector.byteLength !== dimensions * 4)
      throw new Error(`vector of ${r.paperId} has ${r.vector.byteLength / 4} dimensions, the model ${dimensions}`);
    bytes.set(r.vector, ids.length * dimensions * 4);
    ids.push(r.paperId);
  }
  return { ids, vectors, lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : null };
}

export async function countEmbeddings(sql: Sql, modelId: number): Promise<number> {
  const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM paper_embeddings WHERE model_id = ${modelId}`;
  return rows[0]?.n ?? 0;
}

/** Papers sampled for fitting the corpus model: all of them, or `limit` spread evenly by a hash of the id. */
export async function papersForFit(sql: Sql, limit: number): Promise<PaperText[]> {
  return sql<PaperText[]>`
    SELECT title, abstract, author_names AS authors, categories FROM papers
    ORDER BY hashtext(id), id LIMIT ${limit}`;
}

/**
 * Runs `work` holding the embedding worker's lock on a connection of its own, or returns null at once when
 * another process holds it (one worker per database; the lock goes with the connection if the process dies).
 */
export async function withEmbeddingLock<T>(sql: Sql, work: () => Promise<T>): Promise<{ value: T } | null> {
  return withAdvisoryLock(sql, LOCK_KEYS.embeddingWorker, work);
}
