// dailypapers status: what the harvesters did last, where they are, and when the next run is due.
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { nextHarvest } from '../harvest/schedule.ts';
import { formatDuration } from '../import/progress.ts';
import { log } from '../log.ts';
import { latestRuns, listCursors } from '../store/harvest.ts';
import { countPapers } from '../store/papers.ts';

function when(d: Date | null): string {
  return d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '-';
}

export async function runStatus(config: Config): Promise<number> {
  const db = await openDatabase(config, log, { max: 2 });
  try {
    const [papers, runs, cursors] = await Promise.all([countPapers(db.sql), latestRuns(db.sql), listCursors(db.sql)]);
    const out: string[] = [`${papers.toLocaleString('en-US')} papers; categories ${config.arxivCategories.join(', ')}`, ''];
    const next = nextHarvest(new Date(), { holidays: new Set(config.arxivHolidays), delayMinutes: config.harvestDelayMinutes });
    out.push(config.harvestSchedule ? `next scheduled harvest (when the server runs): ${when(next.at)}, listing of ${next.day}` : 'scheduled harvests are off (HARVEST_SCHEDULE=off)');
    out.push(config.hfMirror ? 'Hugging Face mirror: on, after each daily harvest' : 'Hugging Face mirror: off (HF_MIRROR=on turns it on)', '');
    if (runs.length === 0) out.push('no harvest has run yet (dailypapers harvest, or start the server)');
    for (const r of runs) {
      const took = r.finishedAt ? formatDuration((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000) : 'running';
      out.push(`${r.kind.padEnd(8)} last run ${when(r.startedAt)} (${r.trigger}): ${r.status}, ${took}; ${r.records} papers (${r.inserted} new, ${r.updated} updated), ${r.skipped} skipped, ${r.requests} requests`);
      if (r.progress && r.status === 'running') out.push(`         now: ${r.progress}`);
      if (r.error) out.push(`         error: ${r.error}`);
    }
    if (cursors.length > 0) out.push('', 'where each source got to:');
    for (const c of cursors) out.push(`  ${c.source.padEnd(22)} ${JSON.stringify(c.cursor)} (${when(c.updatedAt)})`);
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    await db.close();
  }
}
