// Our /api/daily_papers against Hugging Face's own bodies for the same days (../shared/data, read in place; skipped
// with the reason when absent): with the 167k-paper corpus imported beside HF's 580 days, each day's list is HF's list
// (not everything arXiv announced), and each item has HF's keys at every level with HF's values.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { hfItemsOf } from '../../src/import/hf-daily-papers.ts';
import { importSource } from '../../src/import/importer.ts';
import type { Json as ImportJson } from '../../src/import/json-fields.ts';
import { parsePythonLiteral } from '../../src/import/python-literal.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { sharedFile } from '../helpers/paths.ts';

const hf = sharedFile('data/hf-daily-papers.jsonl.gz');
const corpus = sharedFile('data/arxiv-papers.jsonl.gz');
const skip = 'skip' in hf ? hf.skip : 'skip' in corpus ? corpus.skip : false;

type Json = { [key: string]: unknown };
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** HF's days as sent: date → items (Python-repr items parsed as the importer does). */
function hfDays(file: string): Map<string, Json[]> {
  const days = new Map<string, Json[]>();
  for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as ImportJson;
    const { day, items } = hfItemsOf(doc);
    days.set(
      day!,
      items.map((i) => (typeof i === 'string' ? (parsePythonLiteral(i) as Json) : (i as Json))),
    );
  }
  return days;
}

/** Every key path HF ever sent under `prefix` (paper.authors[].user.isPro, ...), to tell our extra keys from HF's. */
function keyPaths(v: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) if (isObject(x)) keyPaths(x, `${prefix}[]`, into);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    into.add(`${prefix}.${k}`);
    keyPaths(x, `${prefix}.${k}`, into);
  }
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

// Values that differ by design, each with its reason: `paper.publishedAt` keeps arXiv's time of day where HF's body has
// midnight (compared by day then), and the item's publishedAt is when the paper was listed (see presenters.ts listedAt),
// where HF's bodies since 2025 carry arXiv's time shifted by New York's offset (compared with submittedOnDailyAt).
function sameValue(path: string, ours: unknown, theirs: unknown, theirItem: Json): boolean {
  const listed = (theirItem.paper as Json | undefined)?.submittedOnDailyAt;
  if (path === '.publishedAt' && typeof listed === 'string') return ours === listed;
  if (path === '.paper.publishedAt' && typeof theirs === 'string' && theirs.endsWith('T00:00:00.000Z')) {
    return typeof ours === 'string' && ours.slice(0, 10) === theirs.slice(0, 10);
  }
  return JSON.stringify(ours) === JSON.stringify(theirs);
}

/** Differences between one of our items and HF's: missing keys, wrong types, other values (by key path). */
const examples = new Map<string, string>();
function compare(ours: unknown, theirs: unknown, path: string, out: Map<string, number>, known: Set<string>, item: Json): void {
  const note = (what: string) => {
    out.set(what, (out.get(what) ?? 0) + 1);
    if (!examples.has(what)) examples.set(what, `${JSON.stringify(ours)?.slice(0, 150)} for HF's ${JSON.stringify(theirs)?.slice(0, 150)}`);
  };
  if (isObject(theirs)) {
    if (!isObject(ours)) {
      note(`${path}: type ${typeOf(ours)} for object`);
      return;
    }
    for (const k of Object.keys(theirs)) {
      if (!(k in ours)) note(`${path}.${k}: missing`);
      else compare(ours[k], theirs[k], `${path}.${k}`, out, known, item);
    }
    for (const k of Object.keys(ours)) if (!known.has(`${path.replace(/\[\d+\]/g, '[]')}.${k}`)) note(`${path}.${k}: a key HF never sends`);
    return;
  }
  if (Array.isArray(theirs) && Array.isArray(ours) && theirs.some(isObject)) {
    if (ours.length !== theirs.length) note(`${path}: ${ours.length} entries for ${theirs.length}`);
    else for (const [i, t] of theirs.entries()) compare(ours[i], t, `${path}[]`, out, known, item);
    return;
  }
  if (!sameValue(path, ours, theirs, item)) note(`${path}: value`);
}

test("each replayed Hugging Face day lists HF's papers, with HF's fields and values", { skip, timeout: 600_000 }, async () => {
  const { sql } = await createTestDatabase();
  // The corpus first (every paper arXiv announced, as a harvest would bring), then HF's days on top.
  await importSource(sql, await openInput((corpus as { path: string }).path));
  await importSource(sql, await openInput((hf as { path: string }).path));
  const app = createTestApp(sql);
  const days = hfDays((hf as { path: string }).path);
  const known = new Set<string>();
  for (const items of days.values()) for (const item of items) keyPaths(item, '', known);
  // A paper HF listed on two days is on our list of the later one (a paper has one day here): 4 of 9,881 items.
  const lastDay = new Map<string, string>();
  for (const [day, items] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    for (const item of items) lastDay.set((item.paper as Json).id as string, day);
  }
  let listsEqual = 0;
  let movedAway = 0;
  let compared = 0;
  const differences = new Map<string, number>();
  const wrongLists: string[] = [];
  for (const [day, items] of days) {
    const res = await app.request(`/api/daily_papers?date=${day}&limit=100`);
    assert.equal(res.status, 200, day);
    const ours = (await res.json()) as Json[];
    const expected = items.map((i) => (i.paper as Json).id as string).filter((id) => lastDay.get(id) === day);
    movedAway += items.length - expected.length;
    const got = ours.map((i) => (i.paper as Json).id as string);
    if (JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort())) listsEqual++;
    else wrongLists.push(`${day}: ${got.length} for HF's ${expected.length}`);
    const byId = new Map(ours.map((i) => [(i.paper as Json).id as string, i]));
    for (const item of items) {
      const mine = byId.get((item.paper as Json).id as string);
      if (!mine) continue;
      compared++;
      compare(mine, item, '', differences, known, item);
    }
  }
  const report = [...differences].sort((a, b) => b[1] - a[1]);
  console.log(
    `# ${days.size} HF days: ${listsEqual} lists equal to HF's; ${compared} items compared field by field; ` +
      `${movedAway} items of papers HF listed again later; differences: ${report.length === 0 ? 'none' : JSON.stringify(report.slice(0, 20))}`,
  );
  for (const [what] of report) console.log(`#   ${what}: ${examples.get(what)}`);
  assert.deepEqual(wrongLists, [], "days whose list is not HF's");
  assert.deepEqual(report, [], 'fields that differ from HF');
  assert.ok(movedAway <= 8);
});
