// dailypapers <command>: the command line. Each command is also what `npm start` and scripts run.
import { ConfigError, describeSettings, loadConfig } from './config.ts';
import { ClusterLockTimeout } from './db/cluster-lock.ts';
import { EmbeddedPostgresError } from './db/embedded.ts';
import { UsageError } from './errors.ts';
import { installSignalHandlers } from './lifecycle.ts';
import { configureLogging, log } from './log.ts';
import { runAdmin } from './commands/admin.ts';
import { runDigest } from './commands/digest.ts';
import { runHarvest, runImportHf } from './commands/harvest.ts';
import { runImport } from './commands/import.ts';
import { runMigrate } from './commands/migrate.ts';
import { runReindex } from './commands/reindex.ts';
import { runServe } from './commands/serve.ts';
import { runStatus } from './commands/status.ts';

const HELP = `Usage: dailypapers <command> [options]

Commands:
  serve                 start the web server (and the embedded PostgreSQL unless DATABASE_URL is set)
  import FILE...        import papers from arXiv snapshot / arXiv JSON lines / Hugging Face daily_papers
                        bodies, gzip or plain; "-" reads stdin
  harvest               fetch today's arXiv listing of ARXIV_CATEGORIES (and days missed), with metadata
  harvest --from DAY [--until DAY]
                        backfill papers from arXiv's OAI-PMH interface (resumes after a failure)
  import-hf [--since DAY] [--until DAY]
                        mirror Hugging Face's daily papers (featured days, upvotes, repositories)
  status                show the harvesters' last runs, errors and the next scheduled run
  admin create EMAIL [--username NAME]
                        create an administrator (prints a one-time password) or promote an account
  admin role EMAIL user|moderator|admin
                        change an account's role
  digest send [--weekly] [--period P] [--dry-run]
                        send (or resume) the email digest; --dry-run prints who would get what
  reindex               rebuild the search index from the database (saved under DATA_DIR)
  migrate               apply database migrations and exit
  config                print the settings and their current values
  help                  show this help

Environment variables configure everything; run "dailypapers config" to list them.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP + '\n');
    return command ? 0 : 2;
  }
  installSignalHandlers(log);
  const config = loadConfig();
  configureLogging(config.logLevel, config.logFormat);
  switch (command) {
    case 'serve':
      return runServe(config);
    case 'import':
      return runImport(config, args);
    case 'migrate':
      return runMigrate(config);
    case 'reindex':
      return runReindex(config);
    case 'harvest':
      return runHarvest(config, args);
    case 'import-hf':
      return runImportHf(config, args);
    case 'status':
      return runStatus(config);
    case 'admin':
      return runAdmin(config, args);
    case 'digest':
      return runDigest(config, args);
    case 'config': {
      for (const s of describeSettings()) {
        const value = process.env[s.env] ?? s.default ?? '';
        // Secrets stay off the terminal (and out of pasted bug reports): passwords in URLs, API keys whole.
        const shown = !value
          ? value
          : s.env.endsWith('_API_KEY')
            ? '***'
            : s.env === 'DATABASE_URL' || s.env === 'SMTP_URL'
              ? value.replace(/:[^:@/]*@/, ':***@')
              : value;
        process.stdout.write(`${s.env.padEnd(20)} ${shown === '' ? '(unset)' : shown}\n    ${s.doc}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

// Once the command has returned, nothing it left behind (a timer, a socket, a worker thread) may keep the process
// alive: a server whose start failed must not linger without a listening socket. Output is flushed by then (stdout
// and stderr are synchronous for files and pipes on Linux).
const EXIT_GUARD_MS = 2_000;

function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => {
    log.debug('exiting with handles still open', { code });
    process.exit(code);
  }, EXIT_GUARD_MS).unref();
}

main(process.argv.slice(2)).then(exitSoon, (err: unknown) => {
  if (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof EmbeddedPostgresError ||
    err instanceof ClusterLockTimeout
  ) {
    process.stderr.write(`dailypapers: ${err.message}\n`);
    exitSoon(err instanceof UsageError ? err.exitCode : 1);
    return;
  }
  log.error('fatal error', { err });
  exitSoon(1);
});
