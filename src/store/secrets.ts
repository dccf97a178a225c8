// Secrets the site generates once and shares between its instances through the database.
import type { Sql } from '../db/connect.ts';

/** Returns the secret `name`, creating it from `generate` the first time (the first writer wins). */
export async function getOrCreateSecret(sql: Sql, name: string, generate: () => string): Promise<string> {
  await sql`INSERT INTO app_secrets (name, value) VALUES (${name}, ${generate()}) ON CONFLICT (name) DO NOTHING`;
  const rows = await sql<{ value: string }[]>`SELECT value FROM app_secrets WHERE name = ${name}`;
  return rows[0]!.value;
}
