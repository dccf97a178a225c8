// GET /moderation (the public log), GET /moderate?paper=|comment=|user= (the form), POST /moderate.
// Moderators hide and restore papers and comments and suspend users; only admins act on moderators.
import type { Context } from 'hono';
import * as v from 'valibot';
import { BadRequest, Forbidden, NotFound } from '../../errors.ts';
import { commentForModeration, listLog, setCommentHidden, setPaperHidden, setUserSuspended } from '../../store/moderation.ts';
import { getPaper } from '../../store/papers.ts';
import { findUserByUsername } from '../../store/users.ts';
import { plainTextOf } from '../../core/math.ts';
import type { AppDeps } from '../deps.ts';
import { requireModerator } from '../http/guards.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { checked, PAGE_QUERY, queryValues, readForm, text, type Checked } from '../http/schema.ts';
import { ModerateForm, ModerationLog, type ModerateFormProps } from '../views/moderation-view.tsx';

const LOG_PAGE_SIZE = 50;

export async function moderationLogPage(c: Context, deps: AppDeps): Promise<Response> {
  const page = queryValues(c, PAGE_QUERY).page;
  const { entries, total } = await listLog(deps.sql, LOG_PAGE_SIZE, (page - 1) * LOG_PAGE_SIZE);
  return renderPage(
    c,
    deps,
    { title: 'Moderation log', description: 'Every moderator action on this site, with its reason' },
    <ModerationLog entries={entries} page={page} total={total} pageSize={LOG_PAGE_SIZE} />,
  );
}

type Target = Omit<ModerateFormProps, 'csrf' | 'error' | 'reason'> & { back: string };

async function loadTarget(deps: AppDeps, type: string, id: string): Promise<Target> {
  if (type === 'paper') {
    const paper = await getPaper(deps.sql, id);
    if (!paper) throw NotFound(`No paper ${id}.`);
    return {
      targetType: 'paper',
      targetId: paper.id,
      label: plainTextOf(paper.title),
      back: `/papers/${paper.id}`,
      actions: paper.hidden
        ? [{ value: 'unhide', label: 'Restore the paper' }]
        : [{ value: 'hide', label: 'Hide the paper', danger: true }],
    };
  }
  if (type === 'comment') {
    const comment = /^\d{1,18}$/.test(id) ? await commentForModeration(deps.sql, Number(id)) : null;
    if (!comment) throw NotFound(`No comment ${id}.`);
    return {
      targetType: 'comment',
      targetId: String(comment.id),
      label: `${comment.author ?? '[deleted]'}: ${comment.excerpt}`,
      back: `/papers/${comment.paperId}#comment-${comment.id}`,
      actions: comment.hidden
        ? [{ value: 'unhide', label: 'Restore the comment' }]
        : [{ value: 'hide', label: 'Remove the comment', danger: true }],
    };
  }
  if (type === 'user') {
    const user = await findUserByUsername(deps.sql, id);
    if (!user) throw NotFound(`No user ${id}.`);
    return {
      targetType: 'user',
      targetId: user.username,
      label: `${user.displayName} (@${user.username}, ${user.role})`,
      back: `/users/${user.username}`,
      actions: user.suspended
        ? [{ value: 'unsuspend', label: 'Reinstate the user' }]
        : [{ value: 'suspend', label: 'Suspend the user', danger: true }],
    };
  }
  throw BadRequest('Say what to moderate: ?paper=ID, ?comment=N or ?user=NAME.');
}

export async function moderateGet(c: Context, deps: AppDeps): Promise<Response> {
  requireModerator(c);
  const [type, id] = (['paper', 'comment', 'user'] as const).map((k) => [k, c.req.query(k)] as const).find(([, v]) => v) ?? ['', ''];
  const target = await loadTarget(deps, type, id ?? '');
  return renderPage(c, deps, { title: 'Moderate' }, <ModerateForm {...target} csrf={await csrfToken(c, deps)} />);
}

/** A moderator's reason, one line: it is shown in the public log. */
function checkReason(raw: string): Checked<string> {
  const reason = raw.replace(/\s+/g, ' ').trim();
  return reason.length < 3 ? { ok: false, error: 'Give a reason: it is shown in the public log.' } : { ok: true, value: reason };
}

// Which actions apply depends on the target as it is now (loadTarget), so the action is checked against it.
const MODERATE_FORM = v.object({ target_type: text(), target_id: text(), action: text(), reason: checked(checkReason) });

export async function moderatePost(c: Context, deps: AppDeps): Promise<Response> {
  const moderator = requireModerator(c);
  const form = await readForm(c, MODERATE_FORM);
  const target = await loadTarget(deps, form.raw('target_type'), form.raw('target_id'));
  const action = form.raw('action');
  if (!target.actions.some((a) => a.value === action))
    throw BadRequest(`"${action}" does not apply to this ${target.targetType} now (it may have changed meanwhile).`);
  if (!form.ok)
    return renderPage(
      c,
      deps,
      { title: 'Moderate', status: 422 },
      <ModerateForm {...target} csrf={await csrfToken(c, deps)} error={form.errors.reason} />,
    );
  const { reason } = form.value;
  const hide = action === 'hide' || action === 'suspend';
  if (target.targetType === 'paper') await setPaperHidden(deps.sql, target.targetId, hide, moderator.id, reason);
  else if (target.targetType === 'comment') await setCommentHidden(deps.sql, Number(target.targetId), hide, moderator.id, reason);
  else {
    const user = await findUserByUsername(deps.sql, target.targetId);
    if (!user) throw NotFound(`No user ${target.targetId}.`);
    if (user.id === moderator.id) throw Forbidden('You cannot suspend yourself.');
    if (user.role !== 'user' && moderator.role !== 'admin')
      throw Forbidden('Only administrators can suspend moderators and administrators.');
    await setUserSuspended(deps.sql, user.id, moderator.id, reason, hide);
  }
  return c.redirect(target.back, 303);
}
