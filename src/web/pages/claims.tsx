// Authorship claims: POST /claims (a user: "I am author N of this paper"), GET /admin/claims (the
// queue of pending claims) and POST /admin/claims/:id/approve|reject (an administrator decides).
import type { Context } from 'hono';
import * as v from 'valibot';
import { isCanonicalArxivId } from '../../core/arxiv-id.ts';
import { BadRequest, Conflict, NotFound, Unprocessable } from '../../errors.ts';
import { createClaim, decideClaim, listPendingClaims, type ClaimStatus } from '../../store/author-claims.ts';
import type { AppDeps } from '../deps.ts';
import { wantsJson } from '../http/form.ts';
import { requireActiveUser, requireAdmin } from '../http/guards.ts';
import { enforceLimit } from '../http/rate-limit.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { checked, PAGE_QUERY, queryValues, readForm, text, type Checked } from '../http/schema.ts';
import { authorPath } from '../views/author-links.tsx';
import { plural, shortDate } from '../views/format.ts';
import { CsrfField, Notice } from '../views/forms.tsx';
import { Pager } from '../views/pager.tsx';

const PAGE_SIZE = 50;
const MAX_REASON = 500;

const PICK_AUTHOR = "Pick your name from the paper's list of authors.";
const REASON_NEEDED = 'Give a reason for the rejection: it is shown in the public moderation log.';

// A claim: the paper (a form naming none is a 400) and the author's index in its list (a 422).
const CLAIM_FORM = v.object({
  paper_id: checked(
    (raw): Checked<string> => (isCanonicalArxivId(raw) ? { ok: true, value: raw } : { ok: false, error: 'The form names no paper.' }),
  ),
  position: checked(
    (raw): Checked<number> => (/^\d{1,4}$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, error: PICK_AUTHOR }),
  ),
});

// A decision's reason, trimmed and cut to MAX_REASON; a rejection needs one (it is shown in the public log).
const reasonField = () =>
  v.pipe(
    text(),
    v.trim(),
    v.transform((raw) => raw.slice(0, MAX_REASON)),
  );
const APPROVE_FORM = v.object({ reason: reasonField() });
const REJECT_FORM = v.object({
  reason: v.pipe(reasonField(), v.minLength(1, REASON_NEEDED)),
});

const STATUS_WORDS: Record<ClaimStatus, string> = {
  pending: 'is waiting for an administrator',
  approved: 'was approved',
  rejected: 'was not approved',
};

/** POST /claims: records the viewer's pending claim to be one of a paper's authors. */
export async function claimSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const form = await readForm(c, CLAIM_FORM);
  if (!form.ok) {
    if (form.errors.paper_id !== undefined) throw BadRequest(form.errors.paper_id);
    throw Unprocessable(form.errors.position ?? PICK_AUTHOR);
  }
  const { paper_id: paperId, position } = form.value;
  await enforceLimit(deps, 'claimPerUser', String(user.id), user);
  const result = await createClaim(deps.sql, { paperId, userId: user.id, position });
  if (!result.ok) {
    switch (result.reason) {
      case 'no_paper':
        throw NotFound(`No paper arXiv:${paperId} on this site.`);
      case 'bad_position':
        throw Unprocessable(`arXiv:${paperId} has no author number ${position + 1}. Pick your name from its list of authors.`);
      case 'position_taken':
        throw Conflict('That author of this paper is already verified as another user. If that is a mistake, write to the administrators.');
      case 'already_claimed':
        throw Conflict(`You already claimed authorship of this paper; your claim ${STATUS_WORDS[result.existing?.status ?? 'pending']}.`);
    }
  }
  deps.log.info('authorship claimed', { paperId, position, user: user.username });
  if (wantsJson(c))
    return c.json({ status: 'pending', id: result.claim.id, position, message: 'Thanks! An administrator will check your claim.' }, 201);
  return c.redirect(`/papers/${paperId}#claim`, 303);
}

const DONE: Record<string, string> = { approved: 'Claim approved: the author is now marked as verified.', rejected: 'Claim rejected.' };

/** GET /admin/claims: pending claims, oldest first, each with approve and reject forms. */
export async function adminClaimsPage(c: Context, deps: AppDeps): Promise<Response> {
  requireAdmin(c);
  const page = queryValues(c, PAGE_QUERY).page;
  const { claims, total } = await listPendingClaims(deps.sql, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const csrf = await csrfToken(c, deps);
  const done = DONE[c.req.query('done') ?? ''];
  return renderPage(
    c,
    deps,
    { title: 'Authorship claims' },
    <section class="admin admin-claims">
      <h1>Authorship claims</h1>
      <p class="muted">
        {plural(total, 'claim')} waiting · <a href="/admin">Administration</a> · <a href="/moderation">Moderation log</a>
      </p>
      {done ? <Notice kind="ok">{done}</Notice> : null}
      <p class="hint">Decisions and their reasons are shown in the public moderation log.</p>
      {claims.length === 0 ? (
        <p class="empty">{page > 1 ? 'No claims on this page.' : 'No claims are waiting.'}</p>
      ) : (
        <ul class="claim-queue">
          {claims.map((cl) => (
            <li class="claim-item" id={`claim-${cl.id}`} data-claim-id={cl.id}>
              <p>
                <a href={`/users/${encodeURIComponent(cl.username)}`}>{cl.displayName}</a> (@{cl.username}, {cl.email}) says they are{' '}
                {cl.authorName ? <a href={authorPath(cl.authorName)}>{cl.authorName}</a> : <em>an author who is no longer listed</em>},
                author {cl.position + 1} of {cl.authorCount} of <a href={`/papers/${cl.paperId}`}>{cl.paperTitle}</a> (arXiv:{cl.paperId}).
              </p>
              <p class="muted">
                Claimed {shortDate(cl.createdAt)} · {plural(cl.approvedClaims, 'approved claim')} before
              </p>
              <div class="claim-decisions">
                <form method="post" action={`/admin/claims/${cl.id}/approve`} class="inline-form" data-claim-decision>
                  <CsrfField token={csrf} />
                  <input
                    name="reason"
                    maxlength={MAX_REASON}
                    placeholder="Reason (optional)"
                    aria-label={`Reason to approve claim ${cl.id}`}
                  />{' '}
                  <button type="submit" class="primary">
                    Approve
                  </button>
                </form>
                <form method="post" action={`/admin/claims/${cl.id}/reject`} class="inline-form" data-claim-decision>
                  <CsrfField token={csrf} />
                  <input
                    name="reason"
                    maxlength={MAX_REASON}
                    required
                    placeholder="Reason (shown publicly)"
                    aria-label={`Reason to reject claim ${cl.id}`}
                  />{' '}
                  <button type="submit">Reject</button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} total={total} pageSize={PAGE_SIZE} hrefFor={(n) => `/admin/claims?page=${n}`} />
    </section>,
  );
}

/** POST /admin/claims/:id/approve and /reject. */
export function decideClaimSubmit(approve: boolean) {
  return async (c: Context, deps: AppDeps): Promise<Response> => {
    const admin = requireAdmin(c);
    const rawId = c.req.param('id') ?? '';
    if (!/^\d{1,18}$/.test(rawId)) throw NotFound('There is no such claim.');
    const form = await readForm(c, approve ? APPROVE_FORM : REJECT_FORM);
    if (!form.ok) throw Unprocessable(form.errors.reason ?? REASON_NEEDED);
    const { reason } = form.value;
    const result = await decideClaim(deps.sql, {
      claimId: Number(rawId),
      adminId: admin.id,
      approve,
      reason: reason || 'Authorship confirmed.',
    });
    if (!result.ok) {
      if (result.reason === 'no_claim') throw NotFound('There is no such claim.');
      if (result.reason === 'already_decided')
        throw Conflict(`This claim was already ${result.status === 'approved' ? 'approved' : 'rejected'}.`);
      throw Conflict('Another user is already verified as this author of the paper; reject this claim.');
    }
    const status = approve ? 'approved' : 'rejected';
    deps.log.info('authorship claim decided', { claim: rawId, status, admin: admin.username });
    if (wantsJson(c)) return c.json({ status, id: Number(rawId), paperId: result.paperId });
    return c.redirect(`/admin/claims?done=${status}`, 303);
  };
}
