// Mirrors Hugging Face's daily papers (GET {HF_API_URL}/api/daily_papers?date=D): featured day,
// HF upvotes (kept apart from this site's own votes), comment counts, submitter, organization, repo
// and project page. The same mapping as `dailypapers import` of saved bodies, so schema drift is
// handled once. Days are fetched oldest first; the cursor moves with each stored day.
import { addDays } from '../core/dates.ts';
import { hfItemsOf, mapHfItem } from '../import/hf-daily-papers.ts';
import type { Json } from '../import/json-fields.ts';
import { RecordError, type PaperRecord } from '../model/paper-record.ts';
import { getCursor, setCursor } from '../store/harvest.ts';
import { upsertPapers } from '../store/papers-write.ts';
import { uniqueById, type HarvestContext } from './context.ts';
import { HarvestFailed } from '../http/polite-fetch.ts';

interface HfCursor {
  lastDay: string;
}

const HF_CURSOR = 'hf';
// Upvotes keep coming for a few days after a paper is featured; the scheduled mirror re-reads them.
export const HF_REFRESH_DAYS = 3;

/** The day to start a scheduled mirror run from: a few days before the last one, or `fallback`. */
export async function hfResumeDay(ctx: HarvestContext, fallback: string): Promise<string> {
  const cursor = await getCursor<HfCursor>(ctx.sql, HF_CURSOR);
  return cursor ? addDays(cursor.lastDay, -HF_REFRESH_DAYS) : fallback;
}

/** Fetches and stores every day from `since` through `until` (YYYY-MM-DD, inclusive). */
export async function mirrorHf(ctx: HarvestContext, since: string, until: string): Promise<void> {
  const total = Math.max(0, Math.round((Date.parse(until) - Date.parse(since)) / 86_400_000) + 1);
  let n = 0;
  for (let day = since; day <= until; day = addDays(day, 1)) {
    n++;
    const url = `${ctx.config.hfApiUrl}/api/daily_papers?date=${day}&limit=100`;
    const page = await ctx.hf.get(url);
    if (page.status === 404 || page.status === 400) {
      ctx.log.warn('Hugging Face has no list for this day', { day, status: page.status });
      continue;
    }
    if (page.status !== 200) throw new HarvestFailed(`${url}: HTTP ${page.status}`);
    let doc: Json;
    try {
      doc = JSON.parse(page.body) as Json;
    } catch {
      throw new HarvestFailed(`${url}: not JSON (starts with ${JSON.stringify(page.body.slice(0, 60))})`);
    }
    const records: PaperRecord[] = [];
    let items: Json[];
    try {
      items = hfItemsOf(doc).items;
    } catch (err) {
      throw new HarvestFailed(`${url}: ${(err as Error).message}`);
    }
    for (const item of items) {
      try {
        records.push(mapHfItem(item, day));
      } catch (err) {
        if (!(err instanceof RecordError)) throw err;
        ctx.counts.skipped++;
        ctx.log.warn('skipped a Hugging Face item', { day, reason: err.message });
      }
    }
    const unique = uniqueById(records);
    const stored = await upsertPapers(ctx.sql, unique, (tx) => setCursor(tx, HF_CURSOR, { lastDay: day }));
    ctx.counts.records += unique.length;
    ctx.counts.inserted += stored.inserted;
    ctx.counts.updated += stored.updated;
    ctx.progress(`Hugging Face ${day}: ${unique.length} papers (day ${n} of ${total})`);
  }
}
