// OAI-PMH harvesting (arXivRaw records: full version history): backfill of a date range, catch-up
// after downtime and the first start. One OAI set per top-level archive of the configured categories;
// each page is stored with the set's cursor in one transaction, so a crash resumes at the next page.
import { MalformedResponse } from '../arxiv/malformed.ts';
import { oaiListRecordsUrl, oaiSetOf, parseOaiResponse, type OaiResponse } from '../arxiv/oai-response.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import { getCursor, setCursor } from '../store/harvest.ts';
import { upsertPapers } from '../store/papers-write.ts';
import { inCategories, uniqueById, type HarvestContext } from './context.ts';
import { HarvestFailed } from '../http/polite-fetch.ts';
import { mailingDayOfSubmission } from '../core/arxiv-calendar.ts';

export interface OaiWindow {
  from: string; // YYYY-MM-DD, datestamps (last change of a record), inclusive
  until: string | null; // inclusive; null: up to now
}

interface OaiCursor {
  from: string;
  until: string | null;
  /** Token of the next page to fetch; null once the window is done. */
  token: string | null;
  /** Latest datestamp stored, where a fresh request restarts when a token has expired. */
  lastDatestamp: string | null;
  done: boolean;
}

// A malformed page is fetched again this many times before the run fails (a proxy hiccup, a cut body).
const MALFORMED_ATTEMPTS = 3;

/** The OAI sets covering `categories`, each once. */
export function oaiSetsOf(categories: readonly string[]): string[] {
  return [...new Set(categories.map(oaiSetOf))];
}

/** Harvests every set of the configured categories over `window`. */
export async function harvestOai(ctx: HarvestContext, window: OaiWindow): Promise<void> {
  for (const set of oaiSetsOf(ctx.config.arxivCategories)) await harvestSet(ctx, set, window);
}

async function fetchPage(ctx: HarvestContext, url: string): Promise<OaiResponse> {
  for (let attempt = 1; ; attempt++) {
    const page = await ctx.arxiv.get(url);
    try {
      return parseOaiResponse(page.body);
    } catch (err) {
      if (!(err instanceof MalformedResponse) || attempt >= MALFORMED_ATTEMPTS) {
        throw new HarvestFailed(`${url}: ${page.status === 200 ? '' : `HTTP ${page.status}, `}${(err as Error).message}`);
      }
      ctx.log.warn('malformed OAI-PMH page, fetching it again', { url, attempt, problem: (err as Error).message });
    }
  }
}

/** A paper announced inside the window is featured on its announcement day; older ones only get updated. */
function withDailyDay(record: PaperRecord, window: OaiWindow, holidays: ReadonlySet<string>): PaperRecord {
  const first = record.versions.find((v) => v.version === 1)?.createdAt;
  if (!first) return record;
  const day = mailingDayOfSubmission(new Date(first), holidays);
  if (day < window.from) return record;
  return { ...record, daily: { date: day, source: 'arxiv', submittedAt: null, submittedBy: null } };
}

async function harvestSet(ctx: HarvestContext, set: string, window: OaiWindow): Promise<void> {
  const key = `oai:${set}`;
  const holidays = new Set(ctx.config.arxivHolidays);
  const saved = await getCursor<OaiCursor>(ctx.sql, key);
  // Resume only the same window; a new window starts over (pages already stored are merged, not duplicated).
  let cursor: OaiCursor =
    saved && saved.from === window.from && saved.until === window.until && !saved.done
      ? saved
      : { from: window.from, until: window.until, token: null, lastDatestamp: null, done: false };
  let restartedAfterBadToken = false;
  let pages = 0;
  for (;;) {
    const url = cursor.token
      ? oaiListRecordsUrl(ctx.config.arxivOaiUrl, { resumptionToken: cursor.token })
      : oaiListRecordsUrl(ctx.config.arxivOaiUrl, {
          metadataPrefix: 'arXivRaw',
          set,
          from: cursor.lastDatestamp ?? cursor.from,
          ...(cursor.until ? { until: cursor.until } : {}),
        });
    const page = await fetchPage(ctx, url);
    pages++;
    if (page.error) {
      if (page.error.code === 'noRecordsMatch') {
        cursor = { ...cursor, token: null, done: true };
        await setCursor(ctx.sql, key, cursor);
        ctx.progress(`set ${set}: no records from ${window.from}`);
        return;
      }
      if (page.error.code === 'badResumptionToken' && cursor.token && !restartedAfterBadToken) {
        // Tokens expire; ask again from the last datestamp stored (re-fetched records merge idempotently).
        ctx.log.warn('resumption token expired, restarting from the last stored datestamp', {
          set,
          from: cursor.lastDatestamp ?? cursor.from,
        });
        restartedAfterBadToken = true;
        cursor = { ...cursor, token: null };
        continue;
      }
      throw new HarvestFailed(`OAI-PMH ${page.error.code} for set ${set}: ${page.error.message}`);
    }
    const kept: PaperRecord[] = [];
    let lastDatestamp = cursor.lastDatestamp;
    for (const r of page.records) {
      if (!lastDatestamp || r.datestamp > lastDatestamp) lastDatestamp = r.datestamp;
      if (r.deleted) continue;
      if (!r.paper) {
        ctx.counts.skipped++;
        ctx.log.warn('skipped an OAI-PMH record', { identifier: r.identifier, problem: r.problem });
        continue;
      }
      if (inCategories(r.paper, ctx.config.arxivCategories)) kept.push(withDailyDay(r.paper, window, holidays));
    }
    const next: OaiCursor = { ...cursor, token: page.resumptionToken?.token ?? null, lastDatestamp, done: !page.resumptionToken?.token };
    const result = await upsertPapers(ctx.sql, uniqueById(kept), (tx) => setCursor(tx, key, next));
    cursor = next;
    ctx.counts.records += kept.length;
    ctx.counts.inserted += result.inserted;
    ctx.counts.updated += result.updated;
    const total = page.resumptionToken?.completeListSize;
    const seen = (page.resumptionToken?.cursor ?? 0) + page.records.length;
    ctx.progress(
      `set ${set}: page ${pages}${total ? `, ${Math.min(seen, total).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records` : ''}, ${ctx.counts.records.toLocaleString('en-US')} papers kept`,
    );
    if (cursor.done) return;
  }
}
