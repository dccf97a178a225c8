// Writes imported papers. A batch is one transaction, stored whole or not at all. Papers the
// database does not have yet are COPYed straight into their tables (the common case of a first
// import); the rest go through the staging-and-merge path in papers-merge.ts.
import type { Sql, Tx } from '../db/connect.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import { announcePapersChanged } from './changes.ts';
import { copyRows, type CopyValue } from './copy.ts';
import { paperRecordColumns, paperRecordValues } from './paper-copy-columns.ts';
import { mergePapers, type UpsertResult } from './papers-merge.ts';

export type { UpsertResult } from './papers-merge.ts';

const UNIQUE_VIOLATION = '23505';

const NEW_PAPER_COLUMNS = [...paperRecordColumns, 'organization_id'];

/** Upserts the organizations named in `records` and returns their ids by name. */
async function upsertOrganizations(tx: Tx, records: PaperRecord[]): Promise<Map<string, string>> {
  const orgs = new Map<string, { fullname: string | null; avatarUrl: string | null }>();
  for (const r of records) {
    const o = r.hf?.organization;
    if (o) orgs.set(o.name, { fullname: o.fullname, avatarUrl: o.avatarUrl });
  }
  if (orgs.size === 0) return new Map();
  const names = [...orgs.keys()].sort();
  const rows = await tx<{ id: string; name: string }[]>`
    INSERT INTO organizations (name, fullname, avatar_url)
    SELECT * FROM unnest(${names}::text[], ${names.map((n) => orgs.get(n)!.fullname)}::text[],
                         ${names.map((n) => orgs.get(n)!.avatarUrl)}::text[])
    ON CONFLICT (name) DO UPDATE SET
      fullname = COALESCE(EXCLUDED.fullname, organizations.fullname),
      avatar_url = COALESCE(EXCLUDED.avatar_url, organizations.avatar_url)
    RETURNING id, name`;
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function insertNewPapers(tx: Tx, records: PaperRecord[], orgIds: Map<string, string>): Promise<void> {
  const orgOf = (r: PaperRecord) => (r.hf?.organization ? (orgIds.get(r.hf.organization.name) ?? null) : null);
  await copyRows(
    tx,
    'papers',
    NEW_PAPER_COLUMNS,
    records.map((r) => [...paperRecordValues(r), orgOf(r)]),
  );
  const versions: CopyValue[][] = [];
  const links: CopyValue[][] = [];
  for (const r of records) {
    const seen = new Set<number>();
    for (const v of r.versions.length > 0 ? r.versions : r.version ? [{ version: r.version, createdAt: null }] : []) {
      if (!seen.has(v.version)) versions.push([r.id, v.version, v.createdAt]);
      seen.add(v.version);
    }
    const urls = new Set<string>();
    r.links.forEach((l, i) => {
      if (!urls.has(l.url)) links.push([r.id, l.url, l.kind, l.source, i]);
      urls.add(l.url);
    });
  }
  await copyRows(tx, 'paper_versions', ['paper_id', 'version', 'created_at'], versions);
  await copyRows(tx, 'paper_links', ['paper_id', 'url', 'kind', 'source', 'position'], links);
}

async function writeBatch(sql: Sql, records: PaperRecord[], alsoInTx?: (tx: Tx) => Promise<void>): Promise<UpsertResult> {
  return sql.begin(async (tx) => {
    const ids = records.map((r) => r.id);
    const existing = new Set((await tx<{ id: string }[]>`SELECT id FROM papers WHERE id = ANY(${ids})`).map((r) => r.id));
    const orgIds = await upsertOrganizations(tx, records);
    const fresh = records.filter((r) => !existing.has(r.id));
    await insertNewPapers(tx, fresh, orgIds);
    const merged = await mergePapers(
      tx,
      records.filter((r) => existing.has(r.id)),
    );
    await alsoInTx?.(tx);
    await announcePapersChanged(tx);
    return { inserted: fresh.length + merged.inserted, updated: merged.updated };
  });
}

/**
 * Inserts or merges a batch of papers (ids unique within the batch) with their organizations, links and
 * versions, in one transaction; `alsoInTx` runs in it too (a harvester's cursor commits with its papers).
 */
export async function upsertPapers(sql: Sql, records: PaperRecord[], alsoInTx?: (tx: Tx) => Promise<void>): Promise<UpsertResult> {
  if (records.length === 0) {
    if (alsoInTx) await sql.begin(alsoInTx);
    return { inserted: 0, updated: 0 };
  }
  try {
    return await writeBatch(sql, records, alsoInTx);
  } catch (err) {
    // Another writer inserted one of these papers between our check and our COPY: the batch was
    // rolled back whole; a second attempt sees those papers as existing and merges them.
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    return writeBatch(sql, records, alsoInTx);
  }
}
