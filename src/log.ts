// Structured logging: one JSON object a line on stderr (or a readable line with LOG_FORMAT=pretty).
// Stdout stays free for command output such as import summaries.
import type { LogLevel } from './config.ts';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

let minLevel: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
let pretty = process.env.LOG_FORMAT === 'pretty';

/** Sets the level and format of every logger; called once the config is loaded. */
export function configureLogging(level: LogLevel, format: 'auto' | 'json' | 'pretty'): void {
  minLevel = level;
  pretty = format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true);
}

function serializeError(err: unknown): unknown {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return err;
}

function write(level: LogLevel, base: LogFields, msg: string, fields?: LogFields): void {
  if (rank[level] < rank[minLevel]) return;
  const all: LogFields = { ...base, ...fields };
  if ('err' in all) all.err = serializeError(all.err);
  if (pretty) {
    const extras = Object.entries(all)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${level.padEnd(5)} ${msg}${extras ? ' ' + extras : ''}\n`);
    return;
  }
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...all }) + '\n');
}

/** Returns a logger whose lines all carry `base` fields. */
export function createLogger(base: LogFields = {}): Logger {
  return {
    debug: (msg, f) => write('debug', base, msg, f),
    info: (msg, f) => write('info', base, msg, f),
    warn: (msg, f) => write('warn', base, msg, f),
    error: (msg, f) => write('error', base, msg, f),
    child: (f) => createLogger({ ...base, ...f }),
  };
}

export const log = createLogger();
