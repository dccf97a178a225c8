// Streams an input into the database in batches: constant memory, idempotent (re-importing
// merges, never duplicates), and a bad record is skipped with its line and reason.
import type { Sql } from '../db/connect.ts';
import { upsertPapers } from '../store/papers-write.ts';
import { detectFormat, FORMAT_HELP, FormatError, itemsOfDocument, type FormatName, type ImportItem } from './formats.ts';
import type { Json } from './json-fields.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import type { InputSource } from './reader.ts';

export interface ImportStats {
  format: FormatName | null;
  lines: number;
  records: number;
  inserted: number;
  updated: number;
  skipped: number;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (stats: ImportStats, source: InputSource) => void;
  onSkip?: (where: string, reason: string) => void;
}

// A whole-file JSON document (a saved API response) is read into memory; cap it.
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

async function* itemsOf(source: InputSource, stats: ImportStats): AsyncGenerator<ImportItem> {
  let format: FormatName | null = null;
  let docLines: string[] | null = null;
  let docBytes = 0;
  let docStart = 0;
  for await (const text of source.lines()) {
    stats.lines++;
    if (docLines) {
      docLines.push(text);
      docBytes += text.length;
      if (docBytes > MAX_DOCUMENT_BYTES)
        throw new FormatError(`${source.name}: a single JSON document over 256 MB is not supported; use JSON lines`);
      continue;
    }
    const line = text.trim();
    if (line === '') continue;
    let parsed: Json;
    try {
      parsed = JSON.parse(line) as Json;
    } catch {
      if (format === null && (line.startsWith('[') || line.startsWith('{'))) {
        // Not one JSON value a line: maybe a pretty-printed response body; read it whole.
        docLines = [text];
        docStart = stats.lines;
        continue;
      }
      if (format === null) throw new FormatError(`${source.name}:${stats.lines}: not JSON. ${FORMAT_HELP}`);
      yield { kind: 'skip', line: stats.lines, reason: 'not valid JSON' };
      continue;
    }
    if (format === null) {
      format = detectFormat(parsed);
      stats.format = format;
      if (format === null) throw new FormatError(`${source.name}:${stats.lines}: unrecognised record. ${FORMAT_HELP}`);
    }
    yield* itemsOfDocument(format, parsed, stats.lines);
  }
  if (docLines) {
    let doc: Json;
    try {
      doc = JSON.parse(docLines.join('\n')) as Json;
    } catch (err) {
      throw new FormatError(`${source.name}: not JSON (${(err as Error).message}). ${FORMAT_HELP}`);
    }
    format = detectFormat(doc);
    stats.format = format;
    if (format === null) throw new FormatError(`${source.name}: unrecognised document. ${FORMAT_HELP}`);
    yield* itemsOfDocument(format, doc, docStart);
  }
}

/** Imports every record of `source`, returning counts; throws FormatError when the input is in no accepted format. */
export async function importSource(sql: Sql, source: InputSource, options: ImportOptions = {}): Promise<ImportStats> {
  const batchSize = options.batchSize ?? 5000;
  const stats: ImportStats = { format: null, lines: 0, records: 0, inserted: 0, updated: 0, skipped: 0 };
  // Keyed by id: a batch must not hold one paper twice (ON CONFLICT cannot touch a row twice);
  // the later record of the same paper wins, as it would have in two separate batches.
  let batch = new Map<string, PaperRecord>();
  let lastProgress = 0;
  // One batch is written while the next is parsed: the database and the parser use different cores.
  // Batches still reach the database one after another, in input order.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.size === 0) return;
    const records = [...batch.values()];
    batch = new Map();
    await inFlight;
    inFlight = upsertPapers(sql, records).then((result) => {
      stats.inserted += result.inserted;
      stats.updated += result.updated;
      const now = Date.now();
      if (options.onProgress && now - lastProgress > 200) {
        lastProgress = now;
        options.onProgress(stats, source);
      }
    });
    // Surface a failed write at once rather than at the next flush (and never as an unhandled rejection).
    inFlight.catch(() => {});
  };
  try {
    for await (const item of itemsOf(source, stats)) {
      if (item.kind === 'skip') {
        stats.skipped++;
        options.onSkip?.(`${source.name}:${item.line}`, item.reason);
        continue;
      }
      stats.records++;
      if (batch.has(item.record.id)) await flush();
      batch.set(item.record.id, item.record);
      if (batch.size >= batchSize) await flush();
    }
    await flush();
  } finally {
    // Never leave a write running behind the caller's back, even when reading failed.
    await inFlight.catch(() => {});
  }
  await inFlight;
  options.onProgress?.(stats, source);
  return stats;
}
