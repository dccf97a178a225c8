// Mirrors Hugging Face's daily papers (GET {HF_API_URL}/api/daily_papers?date=D): featured day,
// HF upvotes (kept apart from this site's own votes), comment counts, submitter, organization, repo
// and project page. The same mapping as `dailypapers import` of saved bodies, so schema drift is
// handled once. Days are fetched oldest first; the cursor moves with each stored day. For the papers of recent days
// it also fetches each paper's page body for the models, datasets and Spaces linked to it (paper_info's linkedModels).
import { addDays } from '../core/dates.ts';
import { hfItemsOf, mapHfItem } from '../import/hf-daily-papers.ts';
import type { Json } from '../import/json-fields.ts';
import { RecordError, type PaperRecord } from '../model/paper-record.ts';
import { getCursor, setCursor } from '../store/harvest.ts';
import { upsertPapers } from '../store/papers-write.ts';
import { saveLinkedRepos } from '../store/hf-paper-repos.ts';
import { linkedReposOf } from '../import/hf-paper-info.ts';
import { uniqueById, type HarvestContext } from './context.ts';
import { HarvestFailed } from '../http/polite-fetch.ts';

interface HfCursor {
  lastDay: string;
}

const HF_CURSOR = 'hf';
// Upvotes keep coming for a few days after a paper is featured; the scheduled mirror re-reads them.
export const HF_REFRESH_DAYS = 3;
// Models and Spaces get linked to a paper in its first days; a backfill of years would otherwise cost one request per
// paper (hours at HF's pace) for links nobody looks up. Papers of the last week of a run get theirs.
export const HF_REPOS_DAYS = 7;

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
    if (day > addDays(until, -HF_REPOS_DAYS))
      await mirrorLinkedRepos(
        ctx,
        unique.map((r) => r.id),
        day,
      );
  }
}

/** Fetches and stores the linked repositories of `ids`; a paper HF cannot give is skipped (the list stays stored). */
async function mirrorLinkedRepos(ctx: HarvestContext, ids: string[], day: string): Promise<void> {
  let stored = 0;
  for (const id of ids) {
    const url = `${ctx.config.hfApiUrl}/api/papers/${id}`;
    let page: Awaited<ReturnType<typeof ctx.hf.get>>;
    try {
      page = await ctx.hf.get(url);
    } catch (err) {
      // HF unreachable after the fetcher's retries: the day's list is stored; its links wait for the next run.
      if (!(err instanceof HarvestFailed)) throw err;
      ctx.log.warn('Hugging Face paper pages unreachable; linked repositories left for the next run', { day, error: err.message });
      return;
    }
    if (page.status !== 200) {
      // One paper's page failing is no reason to fail the run: its links stay as they were.
      if (page.status !== 404) ctx.log.warn('Hugging Face paper page failed', { url, status: page.status });
      continue;
    }
    let linked = null;
    try {
      linked = linkedReposOf(JSON.parse(page.body) as Json);
    } catch {
      // not JSON: treated as no body
    }
    if (!linked) {
      ctx.log.warn('Hugging Face paper page is not a paper', { url });
      continue;
    }
    await saveLinkedRepos(ctx.sql, id, linked);
    stored++;
  }
  ctx.progress(`Hugging Face ${day}: linked models, datasets and Spaces of ${stored} of ${ids.length} papers`);
}
