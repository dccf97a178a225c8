// dailypapers migrate: apply pending migrations and exit.
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { log } from '../log.ts';

/** Opens the database (which migrates it) and closes it again; returns the exit code. */
export async function runMigrate(config: Config): Promise<number> {
  const db = await openDatabase(config, log, { max: 1 });
  await db.close();
  process.stdout.write('Database is up to date.\n');
  return 0;
}
