// A one-line progress display for imports on a terminal: records, rate, percent and ETA.
import type { ImportStats } from './importer.ts';
import type { InputSource } from './reader.ts';

/** Formats a duration in seconds as "1h02m", "3m05s" or "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Returns the progress line for `stats` after `elapsedMs`. */
export function progressLine(stats: ImportStats, source: InputSource, elapsedMs: number): string {
  const rate = stats.records / Math.max(elapsedMs / 1000, 0.001);
  let line = `${source.name}: ${stats.records.toLocaleString('en-US')} papers, ${Math.round(rate).toLocaleString('en-US')}/s`;
  if (source.totalBytes) {
    const fraction = Math.min(1, source.bytesRead() / source.totalBytes);
    const width = 24;
    const filled = Math.round(fraction * width);
    const eta = fraction > 0 ? (elapsedMs / 1000) * (1 / fraction - 1) : NaN;
    line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${line}, ETA ${formatDuration(eta)}`;
  }
  if (stats.skipped > 0) line += `, ${stats.skipped} skipped`;
  return line;
}

/** Returns an onProgress callback that redraws one line on stderr when it is a terminal (else does nothing). */
export function terminalProgress(startedAt: number): ((stats: ImportStats, source: InputSource) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (stats, source) => {
    const line = progressLine(stats, source, Date.now() - startedAt);
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 120) - 1)}\x1b[K`);
  };
}
