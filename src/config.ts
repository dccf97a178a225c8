// Every setting in one table: env name, default, parser, and what it is for.
// `loadConfig` validates them all at once and throws one ConfigError listing every bad value,
// so a misconfigured start fails fast with a message that says how to fix it.
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_ARXIV_HOLIDAYS, parseHolidays } from './core/arxiv-calendar.ts';
import {
  categories,
  email,
  httpUrl,
  integer,
  mailFrom,
  onOff,
  oneOf,
  type Parser,
  postgresUrl,
  smtpUrl,
  text,
  type TrustProxy,
  trustProxy,
} from './core/setting-parsers.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type { TrustProxy } from './core/setting-parsers.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  embeddedPgPort: number;
  logLevel: LogLevel;
  logFormat: 'auto' | 'json' | 'pretty';
  siteName: string;
  baseUrl: string;
  feedPageSize: number;
  shutdownTimeoutMs: number;
  webConcurrency: number;
  pageCacheSeconds: number;
  arxivCategories: string[];
  arxivApiUrl: string;
  arxivOaiUrl: string;
  arxivRssUrl: string;
  hfApiUrl: string;
  contactEmail: string;
  arxivRequestIntervalMs: number;
  harvestSchedule: boolean;
  harvestDelayMinutes: number;
  arxivHolidays: string[];
  firstStartDays: number;
  hfMirror: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  mailRetrySeconds: number;
  mailMaxAttempts: number;
  trustProxy: TrustProxy;
  submissionWindowDays: number;
  searchMode: 'keyword' | 'semantic' | 'hybrid';
  embeddings: 'auto' | 'corpus' | 'openai' | 'onnx' | 'off';
  embeddingsDimensions: number | null;
  embeddingsUrl: string | null;
  embeddingsModel: string;
  embeddingsApiKey: string | null;
  embeddingsQueryPrefix: string;
  embeddingsDocumentPrefix: string;
  embeddingsOnnxDir: string | null;
  embeddingsFitSample: number;
  summaryProvider: 'extractive' | 'openai';
  summaryUrl: string | null;
  summaryModel: string;
  summaryApiKey: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  default: string | null;
  parse: Parser<Config[K]>;
  doc: string;
}

const settings = [
  { key: 'port', env: 'PORT', default: '3000', parse: integer(0, 65535), doc: 'HTTP port of the web server' },
  { key: 'host', env: 'HOST', default: '127.0.0.1', parse: text, doc: 'address the web server listens on (0.0.0.0 for all)' },
  {
    key: 'dataDir',
    env: 'DATA_DIR',
    default: './data',
    parse: (raw: string) => path.resolve(raw),
    doc: 'folder for the embedded PostgreSQL cluster and other state',
  },
  {
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    default: '',
    parse: postgresUrl,
    doc: 'use this PostgreSQL 15+ server instead of the embedded one',
  },
  {
    key: 'embeddedPgPort',
    env: 'EMBEDDED_PG_PORT',
    default: '54329',
    parse: integer(1024, 65535),
    doc: 'loopback port of the embedded PostgreSQL server',
  },
  {
    key: 'logLevel',
    env: 'LOG_LEVEL',
    default: 'info',
    parse: oneOf<LogLevel>('debug', 'info', 'warn', 'error'),
    doc: 'least severe log level printed',
  },
  {
    key: 'logFormat',
    env: 'LOG_FORMAT',
    default: 'auto',
    parse: oneOf('auto', 'json', 'pretty'),
    doc: 'json (one object a line), pretty, or auto: pretty on a terminal, else json',
  },
  { key: 'siteName', env: 'SITE_NAME', default: 'Daily Papers', parse: text, doc: 'name shown in the header and page titles' },
  {
    key: 'baseUrl',
    env: 'BASE_URL',
    default: 'http://localhost:3000',
    parse: httpUrl,
    doc: 'public URL of the site, used in absolute links',
  },
  { key: 'feedPageSize', env: 'FEED_PAGE_SIZE', default: '50', parse: integer(1, 100), doc: 'paper cards per feed page' },
  {
    key: 'webConcurrency',
    env: 'WEB_CONCURRENCY',
    // One per core: each serves pages on its own event loop; the indexes and background jobs stay in one process.
    default: String(os.availableParallelism()),
    parse: integer(1, 64),
    doc: 'web worker processes of `serve` (1: one process does everything)',
  },
  {
    key: 'shutdownTimeoutMs',
    env: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    parse: integer(0, 600000),
    doc: 'how long in-flight requests may finish on shutdown',
  },
  {
    key: 'arxivCategories',
    env: 'ARXIV_CATEGORIES',
    default: 'cs.AI,cs.CL,cs.CV,cs.LG,stat.ML',
    parse: categories,
    doc: 'arXiv categories whose new papers are harvested (comma-separated)',
  },
  {
    key: 'harvestSchedule',
    env: 'HARVEST_SCHEDULE',
    default: 'on',
    parse: onOff,
    doc: 'on: the server harvests arXiv itself on announcement days; off: only `dailypapers harvest` does',
  },
  {
    key: 'harvestDelayMinutes',
    env: 'HARVEST_DELAY_MINUTES',
    default: '30',
    parse: integer(0, 1380),
    doc: 'minutes after midnight US Eastern (when arXiv rebuilds its daily listings) the harvest runs',
  },
  {
    key: 'arxivHolidays',
    env: 'ARXIV_HOLIDAYS',
    default: '',
    parse: (raw: string) => [...new Set([...DEFAULT_ARXIV_HOLIDAYS, ...parseHolidays(raw)])].sort(),
    doc: 'extra arXiv holidays as listed at info.arxiv.org/help/availability (YYYY-MM-DD, comma-separated), besides the built-in 2025-2027 list: weekdays without the 14:00 ET deadline, so the next weekday has no listing',
  },
  {
    key: 'firstStartDays',
    env: 'FIRST_START_DAYS',
    default: '7',
    parse: integer(0, 90),
    doc: 'days of papers harvested in the background when the server starts on an empty database (0: none)',
  },
  {
    key: 'contactEmail',
    env: 'CONTACT_EMAIL',
    default: '',
    parse: email,
    doc: 'contact address sent in the User-Agent to arXiv and Hugging Face (arXiv asks harvesters for one)',
  },
  {
    key: 'arxivRequestIntervalMs',
    env: 'ARXIV_REQUEST_INTERVAL_MS',
    default: '3000',
    parse: integer(0, 600000),
    doc: 'least time between two requests to arXiv (arXiv asks for 3 s; lower only for mirrors and tests)',
  },
  {
    key: 'arxivApiUrl',
    env: 'ARXIV_API_URL',
    default: 'https://export.arxiv.org/api/query',
    parse: httpUrl,
    doc: 'arXiv API endpoint (id lookups, queries)',
  },
  {
    key: 'arxivOaiUrl',
    env: 'ARXIV_OAI_URL',
    default: 'https://oaipmh.arxiv.org/oai',
    parse: httpUrl,
    doc: 'arXiv OAI-PMH endpoint (backfill, catch-up; arXiv moved it here from export.arxiv.org/oai2 in 2025)',
  },
  {
    key: 'arxivRssUrl',
    env: 'ARXIV_RSS_URL',
    default: 'https://rss.arxiv.org',
    parse: httpUrl,
    doc: "arXiv's daily listing feeds (which papers were announced on a day)",
  },
  {
    key: 'hfMirror',
    env: 'HF_MIRROR',
    default: 'on',
    parse: onOff,
    doc: "on: the server mirrors Hugging Face's daily papers (its picks, upvotes, AI summaries, organizations, linked models) on first start (FIRST_START_DAYS) and after each daily harvest; off: only this site's own picks",
  },
  {
    key: 'hfApiUrl',
    env: 'HF_API_URL',
    default: 'https://huggingface.co',
    parse: httpUrl,
    doc: 'Hugging Face site whose /api/daily_papers is mirrored',
  },
  {
    key: 'smtpUrl',
    env: 'SMTP_URL',
    default: '',
    parse: (raw: string) => smtpUrl(raw),
    doc: 'SMTP server for mail, like smtps://user:password@mail.example.org:465 (unset: mail is written to the log)',
  },
  {
    key: 'mailFrom',
    env: 'MAIL_FROM',
    default: 'Daily Papers <papers@localhost>',
    parse: mailFrom,
    doc: 'From: address of the mail the site sends',
  },
  {
    key: 'mailRetrySeconds',
    env: 'MAIL_RETRY_SECONDS',
    default: '60',
    parse: integer(1, 3600),
    doc: 'first wait before a mail the mail server did not take is tried again; it doubles with each attempt, up to an hour',
  },
  {
    key: 'mailMaxAttempts',
    env: 'MAIL_MAX_ATTEMPTS',
    default: '12',
    parse: integer(1, 100),
    doc: 'attempts before a mail is given up and shown as failed in `dailypapers status` (12: about 7 hours of outage)',
  },
  {
    key: 'trustProxy',
    env: 'TRUST_PROXY',
    default: 'off',
    parse: trustProxy,
    doc: 'reverse proxies in front of the app: their number (1 for one nginx; "on" = 1) or their addresses/CIDRs (comma-separated); the client address is then the X-Forwarded-For entry that many places from the right, and X-Forwarded-Proto/Host are believed from them only',
  },
  {
    key: 'submissionWindowDays',
    env: 'SUBMISSION_WINDOW_DAYS',
    default: '14',
    parse: integer(1, 3650),
    doc: 'papers can be submitted to the daily page up to this many days after arXiv published them',
  },
  {
    key: 'pageCacheSeconds',
    env: 'PAGE_CACHE_SECONDS',
    default: '60',
    parse: integer(0, 86400),
    doc: 'how long feed pages and API listings are served from memory at most (emptied on every data change; 0 turns it off)',
  },
  {
    key: 'searchMode',
    env: 'SEARCH_MODE',
    default: 'hybrid',
    parse: oneOf('keyword', 'semantic', 'hybrid'),
    doc: 'default ranking of searches: hybrid (keyword and meaning fused), keyword, or semantic (a search can ask for another with mode=)',
  },
  {
    key: 'embeddings',
    env: 'EMBEDDINGS',
    default: 'auto',
    parse: oneOf('auto', 'corpus', 'openai', 'onnx', 'off'),
    doc: "where paper vectors come from: auto (the corpus model at once; meanwhile all-MiniLM-L6-v2 is downloaded from HF_API_URL into DATA_DIR/models, checked against its pinned sha256, and every paper embedded with it in the background before it takes over; offline, the corpus model stays), corpus (a model learnt from the site's own papers, no download), openai (an OpenAI-compatible /v1/embeddings endpoint: OpenAI, Ollama, TEI, vLLM), onnx (a local sentence-embedding model folder), off (keyword search only, no similar papers). Switching re-embeds every paper in the background",
  },
  {
    key: 'embeddingsDimensions',
    env: 'EMBEDDINGS_DIMENSIONS',
    default: '',
    parse: (raw: string) => (raw === '' ? null : integer(8, 4096)(raw)),
    doc: "vector length: the corpus model's number of topics (default 128); for openai, asked of the endpoint (text-embedding-3 models can shorten), else taken from its answers",
  },
  {
    key: 'embeddingsUrl',
    env: 'EMBEDDINGS_URL',
    default: '',
    parse: (raw: string) => (raw === '' ? null : httpUrl(raw)),
    doc: 'for EMBEDDINGS=openai: base URL of the endpoint, like http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1',
  },
  {
    key: 'embeddingsModel',
    env: 'EMBEDDINGS_MODEL',
    default: '',
    parse: text,
    doc: 'for EMBEDDINGS=openai: the model name, like nomic-embed-text or text-embedding-3-small',
  },
  {
    key: 'embeddingsApiKey',
    env: 'EMBEDDINGS_API_KEY',
    default: '',
    parse: (raw: string) => raw || null,
    doc: 'for EMBEDDINGS=openai: API key sent as a Bearer token (unset for local servers)',
  },
  {
    key: 'embeddingsQueryPrefix',
    env: 'EMBEDDINGS_QUERY_PREFIX',
    default: '',
    parse: text,
    doc: 'text put before queries for models trained with one, like "search_query: " (nomic) or "query: " (e5)',
  },
  {
    key: 'embeddingsDocumentPrefix',
    env: 'EMBEDDINGS_DOCUMENT_PREFIX',
    default: '',
    parse: text,
    doc: 'text put before papers for such models, like "search_document: " or "passage: "',
  },
  {
    key: 'embeddingsOnnxDir',
    env: 'EMBEDDINGS_ONNX_DIR',
    default: '',
    parse: (raw: string) => (raw === '' ? null : path.resolve(raw)),
    doc: 'for EMBEDDINGS=onnx: folder of a sentence-embedding model exported to ONNX (model.onnx or onnx/model.onnx, tokenizer.json), like all-MiniLM-L6-v2',
  },
  {
    key: 'embeddingsFitSample',
    env: 'EMBEDDINGS_FIT_SAMPLE',
    default: '60000',
    parse: integer(100, 1000000),
    doc: 'for EMBEDDINGS=corpus: papers the model is fitted on (a sample of the corpus; more is slower to fit and barely better)',
  },
  {
    key: 'summaryProvider',
    env: 'SUMMARY_PROVIDER',
    default: 'extractive',
    parse: oneOf('extractive', 'openai'),
    doc: "what writes the one-sentence AI summary of papers Hugging Face has not summarized: extractive (the abstract's most central sentence, offline) or openai (an OpenAI-compatible /v1/chat/completions endpoint; a paper it fails on gets the extractive one)",
  },
  {
    key: 'summaryUrl',
    env: 'SUMMARY_URL',
    default: '',
    parse: (raw: string) => (raw === '' ? null : httpUrl(raw)),
    doc: 'for SUMMARY_PROVIDER=openai: base URL of the endpoint, like http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1',
  },
  {
    key: 'summaryModel',
    env: 'SUMMARY_MODEL',
    default: '',
    parse: text,
    doc: 'for SUMMARY_PROVIDER=openai: the chat model, like llama3.2 or gpt-4o-mini (shown with each summary it writes)',
  },
  {
    key: 'summaryApiKey',
    env: 'SUMMARY_API_KEY',
    default: '',
    parse: (raw: string) => raw || null,
    doc: 'for SUMMARY_PROVIDER=openai: API key sent as a Bearer token (unset for local servers)',
  },
] as const satisfies readonly Setting<keyof Config>[];

/** Returns the documented settings (env name, default, description) for `dailypapers config` and the README. */
export function describeSettings(): { env: string; default: string | null; doc: string }[] {
  return settings.map((s) => ({ env: s.env, default: s.default, doc: s.doc }));
}

/** Parses every setting from `env`, throwing one ConfigError that lists all invalid values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const out: Partial<Record<keyof Config, unknown>> = {};
  for (const s of settings) {
    const raw = env[s.env] ?? s.default ?? '';
    try {
      out[s.key] = (s.parse as Parser<unknown>)(raw.trim());
    } catch (err) {
      problems.push(`  ${s.env}: ${(err as Error).message} (${s.doc}; default ${s.default === '' ? 'unset' : s.default})`);
    }
  }
  if (out.embeddings === 'openai' && (!out.embeddingsUrl || !out.embeddingsModel)) {
    problems.push(
      '  EMBEDDINGS=openai needs EMBEDDINGS_URL and EMBEDDINGS_MODEL (for example http://localhost:11434/v1 and nomic-embed-text)',
    );
  }
  if (out.summaryProvider === 'openai' && (!out.summaryUrl || !out.summaryModel)) {
    problems.push('  SUMMARY_PROVIDER=openai needs SUMMARY_URL and SUMMARY_MODEL (for example http://localhost:11434/v1 and llama3.2)');
  }
  if (out.embeddings === 'onnx' && !out.embeddingsOnnxDir)
    problems.push('  EMBEDDINGS=onnx needs EMBEDDINGS_ONNX_DIR, the folder of the exported model');
  if (out.embeddings === 'off' && out.searchMode !== 'keyword' && env.SEARCH_MODE) {
    problems.push(`  SEARCH_MODE=${String(out.searchMode)} needs embeddings; EMBEDDINGS is off`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}\nFix the environment variables above and start again.`);
  }
  return out as Config;
}
