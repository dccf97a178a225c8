// What every handler receives: configuration, the database pool and a logger.
import type { Config } from '../config.ts';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';

export interface AppDeps {
  config: Config;
  sql: Sql;
  log: Logger;
}
