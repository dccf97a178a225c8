// Submissions: a user puts a recent paper on today's daily page, "submitted by" them. A paper is
// featured once: the first day it appears stays its day, whoever brings it up again.
import type { Sql, Tx } from '../db/connect.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import { announcePapersChanged } from './changes.ts';
import { upsertPapers } from './papers-write.ts';

/** What deciding a submission needs to know of a paper the site already has. */
export interface SubmissionCandidate {
  id: string;
  title: string;
  dailyDate: string | null;
  publishedAt: Date | null;
  withdrawn: boolean;
  hidden: boolean;
}

/** Returns paper `id` as a submission sees it, or null when the site does not have it. */
export async function submissionCandidate(sql: Sql, id: string): Promise<SubmissionCandidate | null> {
  const rows = await sql<SubmissionCandidate[]>`
    SELECT id, title, daily_date AS "dailyDate", published_at AS "publishedAt", withdrawn, (hidden_at IS NOT NULL) AS hidden
    FROM papers WHERE id = ${id}`;
  return rows[0] ?? null;
}

export interface SubmittingUser {
  id: number;
  username: string;
  displayName: string;
}

/** `featured`: now on `day`; otherwise it already was featured on `day` (by someone else, or the harvest). */
export type SubmissionOutcome = { featured: boolean; day: string };

async function featureIfNotYet(tx: Tx, paperId: string, user: SubmittingUser, day: string): Promise<SubmissionOutcome> {
  // The row lock of the UPDATE settles two people submitting the same paper at once: the second
  // waits for the first to commit, then finds it submitted. A paper arXiv announced but nobody picked yet becomes a
  // pick on its own day (it stays where it is); one already picked (submitted, or on HF's list) is left alone.
  const submittedBy = tx.json({ name: user.username, fullname: user.displayName, avatarUrl: null });
  const rows = await tx<{ day: string }[]>`
    UPDATE papers SET daily_date = COALESCE(daily_date, ${day}), daily_source = 'submission', submitted_at = now(),
      submitted_by = ${submittedBy}, submitted_by_user_id = ${user.id}, modified_at = now()
    WHERE id = ${paperId} AND (daily_date IS NULL OR daily_source = 'arxiv')
    RETURNING daily_date AS day`;
  if (rows[0]) return { featured: true, day: rows[0].day };
  const [row] = await tx<{ day: string | null }[]>`SELECT daily_date AS day FROM papers WHERE id = ${paperId}`;
  if (!row?.day) throw new Error(`paper ${paperId} vanished during its submission`);
  return { featured: false, day: row.day };
}

/**
 * Features paper `paperId` on `day`, submitted by `user`, unless it already is featured. With `record`
 * (a paper new to the site, just fetched from arXiv) the paper is stored in the same transaction, so a
 * refused or failed submission leaves nothing behind.
 */
export async function featureSubmission(
  sql: Sql,
  input: { paperId: string; record: PaperRecord | null; user: SubmittingUser; day: string },
): Promise<SubmissionOutcome> {
  const { paperId, record, user, day } = input;
  if (record) {
    const done: { outcome?: SubmissionOutcome } = {};
    // upsertPapers announces the change itself, in its transaction.
    await upsertPapers(sql, [record], async (tx) => {
      done.outcome = await featureIfNotYet(tx, paperId, user, day);
    });
    return done.outcome!;
  }
  return sql.begin(async (tx) => {
    const outcome = await featureIfNotYet(tx, paperId, user, day);
    if (outcome.featured) await announcePapersChanged(tx);
    return outcome;
  });
}
