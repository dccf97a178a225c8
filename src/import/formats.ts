// Recognises which of the accepted formats an input is in and turns its lines into PaperRecords.
import { hfItemsOf, isHfDailyDocument, mapHfItem } from './hf-daily-papers.ts';
import { isArxivPapersLine, mapArxivPapersLine } from './arxiv-papers-jsonl.ts';
import { isKaggleSnapshotLine, mapKaggleSnapshot } from './kaggle-snapshot.ts';
import { asObject, type Json } from './json-fields.ts';
import { RecordError, type PaperRecord } from '../model/paper-record.ts';

export type FormatName = 'arxiv-snapshot' | 'arxiv-papers' | 'hf-daily-papers';

export const FORMAT_HELP =
  'Accepted formats: arXiv bulk metadata snapshot (JSON lines with id, title, authors, versions, ...), ' +
  'arXiv papers JSON lines (arxiv_id, title, authors, abstract, categories, date), ' +
  'Hugging Face /api/daily_papers response bodies (a JSON array, or JSON lines {"date", "body"}). Gzip or plain.';

/** One result of reading an input: a record, or a skipped item with its location and reason. */
export type ImportItem = { kind: 'record'; line: number; record: PaperRecord } | { kind: 'skip'; line: number; reason: string };

/** Thrown when an input is not in any accepted format: one clear message, no stack trace. */
export class FormatError extends Error {
  override name = 'FormatError';
}

/** Returns the format of a parsed first record, or null when it is none of ours. */
export function detectFormat(first: Json): FormatName | null {
  const o = asObject(first);
  if (o && isKaggleSnapshotLine(o)) return 'arxiv-snapshot';
  if (o && isArxivPapersLine(o)) return 'arxiv-papers';
  if (isHfDailyDocument(first)) return 'hf-daily-papers';
  return null;
}

/** Maps one parsed JSON document (a line, or a whole file) of `format` to import items. */
export function* itemsOfDocument(format: FormatName, doc: Json, line: number): Generator<ImportItem> {
  try {
    if (format === 'hf-daily-papers') {
      const { day, items } = hfItemsOf(doc);
      for (const [i, item] of items.entries()) {
        try {
          yield { kind: 'record', line, record: mapHfItem(item, day) };
        } catch (err) {
          if (!(err instanceof RecordError)) throw err;
          yield { kind: 'skip', line, reason: `item ${i + 1}: ${err.message}` };
        }
      }
      return;
    }
    const o = asObject(doc);
    if (!o) throw new RecordError('expected a JSON object');
    yield { kind: 'record', line, record: format === 'arxiv-snapshot' ? mapKaggleSnapshot(o) : mapArxivPapersLine(o) };
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    yield { kind: 'skip', line, reason: err.message };
  }
}
