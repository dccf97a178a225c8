// dailypapers status: what the harvesters did last, where they are, when the next run is due, and the mail outbox.
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { nextHarvest } from '../core/arxiv-calendar.ts';
import { formatDuration } from '../import/progress.ts';
import { log } from '../log.ts';
import { latestRuns, listCursors } from '../store/harvest.ts';
import { countPapers } from '../store/papers.ts';
import { countEmbeddings, listModels } from '../store/embeddings.ts';
import { choiceKey } from '../embeddings/embedding-worker.ts';
import { autoModelFolder, providerChoice } from '../embeddings/choose-provider.ts';
import { AUTO_MODEL, readProgress, type DownloadProgress } from '../embeddings/model-download.ts';
import { outboxCounts, recentMailFailures } from '../store/mail-outbox.ts';

function when(d: Date | null): string {
  return d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '-';
}

/** Lines about the embedding models: which serves, which is being built and how far, and what is configured. */
async function embeddingStatus(config: Config, sql: Parameters<typeof listModels>[0], papers: number): Promise<string[]> {
  // Opening an ONNX model takes a second and its memory: status names it instead.
  const opensOnnx = config.embeddings === 'onnx' || config.embeddings === 'auto';
  const choice = opensOnnx ? null : await providerChoice(config);
  const wanted =
    config.embeddings === 'off'
      ? 'off'
      : choice
        ? choiceKey(choice)
        : config.embeddings === 'auto'
          ? `${AUTO_MODEL.repo} once downloaded, the corpus model until then`
          : `onnx (${config.embeddingsOnnxDir})`;
  const out = [`embeddings: ${wanted} configured (EMBEDDINGS=${config.embeddings})`];
  if (config.embeddings === 'auto') out.push(`  ${autoDownloadLine(readProgress(autoModelFolder(config)), config.hfApiUrl)}`);
  const models = await listModels(sql);
  if (models.length === 0) out.push('  no embedding model yet (the server builds one in the background, or run dailypapers reindex)');
  for (const m of models) {
    const n = await countEmbeddings(sql, m.id);
    const share = papers > 0 ? ` (${Math.floor((100 * n) / papers)}%)` : '';
    out.push(
      `  model ${m.id} ${m.providerKey}: ${m.state}, ${n.toLocaleString('en-US')} of ${papers.toLocaleString('en-US')} papers embedded${share}${m.fittedOn !== null ? `, fitted on ${m.fittedOn.toLocaleString('en-US')} papers` : ''}`,
    );
  }
  return out;
}

/** EMBEDDINGS=auto's download as download.json (written by the server that runs it) says. */
function autoDownloadLine(p: DownloadProgress | null, hub: string): string {
  if (!p) return `model download: not started (the running server starts it, from ${hub})`;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const size = p.total ? ` of ${mb(p.total)} (${Math.floor((100 * p.bytes) / p.total)}%)` : '';
  const at = ` at ${p.updatedAt.replace('T', ' ').slice(0, 16)} UTC`;
  if (p.state === 'done') return `model download: done, ${mb(p.bytes)} verified${at}`;
  if (p.state === 'failed')
    return `model download: failed${at} after ${mb(p.bytes)}${size}: ${p.error ?? '?'} (the corpus model serves; the next start resumes)`;
  return `model download: ${mb(p.bytes)}${size}, last progress${at}`;
}

/** How many of the latest failed mails status lists. */
const FAILURES_SHOWN = 5;

/** Lines about the mail outbox: what waits (and since when), what was given up on and why, what went in the last day. */
async function outboxStatus(sql: Parameters<typeof outboxCounts>[0]): Promise<string[]> {
  const [counts, failures] = await Promise.all([outboxCounts(sql), recentMailFailures(sql, FAILURES_SHOWN)]);
  const waiting =
    counts.pending === 0
      ? '0 pending'
      : `${counts.pending} pending (${counts.retrying} after a failed attempt; oldest queued ${when(counts.oldestPendingAt)}, next attempt ${when(counts.nextAttemptAt)})`;
  const out = [`mail outbox: ${waiting}, ${counts.failed} failed, ${counts.sentLastDay} sent in the last day`];
  for (const f of failures)
    out.push(
      `  failed ${when(f.lastAttemptAt)} ${f.kind} to ${f.to} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.lastError ?? '-'}`,
    );
  return out;
}

export async function runStatus(config: Config): Promise<number> {
  const db = await openDatabase(config, log, { max: 2 });
  try {
    const [papers, runs, cursors] = await Promise.all([countPapers(db.sql), latestRuns(db.sql), listCursors(db.sql)]);
    const out: string[] = [`${papers.toLocaleString('en-US')} papers; categories ${config.arxivCategories.join(', ')}`, ''];
    const next = nextHarvest(new Date(), { holidays: new Set(config.arxivHolidays), delayMinutes: config.harvestDelayMinutes });
    out.push(
      config.harvestSchedule
        ? `next scheduled harvest (when the server runs): ${when(next.at)}, listing of ${next.day}`
        : 'scheduled harvests are off (HARVEST_SCHEDULE=off)',
    );
    out.push(
      config.hfMirror ? 'Hugging Face mirror: on, after each daily harvest' : 'Hugging Face mirror: off (HF_MIRROR=on turns it on)',
      '',
    );
    if (runs.length === 0) out.push('no harvest has run yet (dailypapers harvest, or start the server)');
    for (const r of runs) {
      const took = r.finishedAt ? formatDuration((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000) : 'running';
      out.push(
        `${r.kind.padEnd(8)} last run ${when(r.startedAt)} (${r.trigger}): ${r.status}, ${took}; ${r.records} papers (${r.inserted} new, ${r.updated} updated), ${r.skipped} skipped, ${r.requests} requests`,
      );
      if (r.progress && r.status === 'running') out.push(`         now: ${r.progress}`);
      if (r.error) out.push(`         error: ${r.error}`);
    }
    if (cursors.length > 0) out.push('', 'where each source got to:');
    for (const c of cursors) out.push(`  ${c.source.padEnd(22)} ${JSON.stringify(c.cursor)} (${when(c.updatedAt)})`);
    out.push('', ...(await embeddingStatus(config, db.sql, papers)));
    out.push('', ...(await outboxStatus(db.sql)));
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    await db.close();
  }
}
