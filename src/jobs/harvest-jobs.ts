// The harvest jobs as the CLI and the scheduler start them: each one a recorded run.
import { addDays, formatDay } from '../core/dates.ts';
import type { RunTrigger } from '../store/harvest.ts';
import { harvestOai, type OaiWindow } from '../harvest/backfill.ts';
import type { HarvestDeps } from '../harvest/context.ts';
import { harvestDaily } from '../harvest/daily.ts';
import { hfResumeDay, mirrorHf } from '../harvest/hf-mirror.ts';
import { runRecorded, type RunOutcome } from '../harvest/run.ts';
import type { RunCounts } from '../store/harvest.ts';

type OnProgress = (line: string, counts: RunCounts) => void;

/** Today's listing (and any missed days), then metadata lookups. */
export function runDailyHarvest(deps: HarvestDeps, trigger: RunTrigger, now: Date, onProgress?: OnProgress): Promise<RunOutcome> {
  return runRecorded(deps, 'daily', trigger, (ctx) => harvestDaily(ctx, now), onProgress);
}

/** OAI-PMH over a window of days. */
export function runBackfill(deps: HarvestDeps, trigger: RunTrigger, window: OaiWindow, onProgress?: OnProgress): Promise<RunOutcome> {
  return runRecorded(deps, 'backfill', trigger, (ctx) => harvestOai(ctx, window), onProgress);
}

/** Hugging Face's daily papers from `since` (default: a few days before the last mirrored day, or a week) through today. */
export function runHfMirror(
  deps: HarvestDeps,
  trigger: RunTrigger,
  now: Date,
  since: string | null,
  onProgress?: OnProgress,
): Promise<RunOutcome> {
  const today = formatDay(now);
  return runRecorded(
    deps,
    'hf',
    trigger,
    async (ctx) => mirrorHf(ctx, since ?? (await hfResumeDay(ctx, addDays(today, -7))), today),
    onProgress,
  );
}
