// Bulk loading through COPY ... FROM STDIN (text format): the fastest way to hand PostgreSQL rows.
import { finished } from 'node:stream/promises';
import type { Sql, Tx } from '../db/connect.ts';

export type CopyValue = string | number | boolean | null | string[] | Date;

// COPY text format: backslash escapes for the delimiter, newlines and the backslash itself.
function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

function arrayLiteral(items: string[]): string {
  return `{${items.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Returns one COPY text-format field for `v` (\N for NULL). */
export function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  if (Array.isArray(v)) return copyEscape(arrayLiteral(v));
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyEscape(String(v));
}

/** Streams `rows` into `table` (a name we own, never user input) with COPY. */
export async function copyRows(sql: Sql | Tx, table: string, columns: readonly string[], rows: CopyValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const stream = await sql.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
  let chunk = '';
  for (const row of rows) {
    chunk += row.map(copyField).join('\t') + '\n';
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      chunk = '';
    }
  }
  stream.end(chunk);
  await finished(stream);
}
