// Where test fixtures live: ours in test/fixtures, the real data in ../shared (optional).
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
export const SHARED = path.resolve(import.meta.dirname, '..', '..', '..', 'shared');

/** Returns the path of a file in ../shared, or null (with the reason for skipping) when it is absent. */
export function sharedFile(rel: string): { path: string } | { skip: string } {
  const p = path.join(SHARED, rel);
  return fs.existsSync(p) ? { path: p } : { skip: `${p} not present: real-data test skipped` };
}
