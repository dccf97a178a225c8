// What a submitter sees on the paper page they are sent to after submitting it.
import { listingPath } from '../../core/listing.ts';
import { longDay } from './format.ts';
import { Notice } from './forms.tsx';

export type SubmissionNoticeKind = 'new' | 'already';

/** The paper page a submission redirects to, with the notice to show there. */
export function submittedPaperPath(id: string, kind: SubmissionNoticeKind): string {
  return `/papers/${id}?submitted=${kind}`;
}

/** Reads the `submitted` query parameter of the paper page; anything else shows no notice. */
export function submissionNoticeKind(raw: string | undefined): SubmissionNoticeKind | null {
  return raw === 'new' || raw === 'already' ? raw : null;
}

/** "Submitted: on today's daily page" or "already featured on <day>". */
export function SubmissionNotice({ kind, id, dailyDate }: { kind: SubmissionNoticeKind; id: string; dailyDate: string | null }) {
  if (!dailyDate) return null;
  const day = <a href={listingPath('day', dailyDate)}>{longDay(dailyDate)}</a>;
  return kind === 'new' ? (
    <Notice kind="ok">
      Thanks! arXiv:{id} is on the daily page of {day}, submitted by you.
    </Notice>
  ) : (
    <Notice kind="info">
      arXiv:{id} was already featured on {day}, so it stays there: here is its page.
    </Notice>
  );
}
