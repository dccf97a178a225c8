// GET /moderation (the public log), GET /moderate?paper=|comment=|user= (the form), POST /moderate.
// Moderators hide and restore papers and comments and suspend users; only admins act on moderators.
import type { Context } from 'hono';
import { BadRequest, Forbidden, NotFound } from '../../errors.ts';
import { commentForModeration, listLog, setCommentHidden, setPaperHidden, setUserSuspended } from '../../store/moderation.ts';
import { getPaper } from '../../store/papers.ts';
import { findUserByUsername } from '../../store/users.ts';
import { plainTextOf } from '../../core/math.ts';
import type { AppDeps } from '../deps.ts';
import { formFields } from '../http/form.ts';
import { requireModerator } from '../http/guards.ts';
import { intParam } from '../http/query.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { ModerateForm, ModerationLog, type ModerateFormProps } from '../views/moderation-view.tsx';

const LOG_PAGE_SIZE = 50;

export async function moderationLogPage(c: Context, deps: AppDeps): Promise<Response> {
  const page = intParam('page', c.req.query('page'), 1, 1, 100_000);
  const { entries, total } = await listLog(deps.sql, LOG_PAGE_SIZE, (page - 1) * LOG_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
  return renderPage(c, deps, { title: 'Moderation log', description: "Every moderator action on this site, with its reason" }, <ModerationLog entries={entries} page={page} pages={pages} />);
}

type Target = Omit<ModerateFormProps, 'csrf' | 'error' | 'reason'> & { back: string };

async function loadTarget(deps: AppDeps, type: string, id: string): Promise<Target> {
  if (type === 'paper') {
    const paper = await getPaper(deps.sql, id);
    if (!paper) throw NotFound(`No paper ${id}.`);
    return {
      targetType: 'paper', targetId: paper.id, label: plainTextOf(paper.title), back: `/papers/${paper.id}`,
      actions: paper.hidden ? [{ value: 'unhide', label: 'Restore the paper' }] : [{ value: 'hide', label: 'Hide the paper', danger: true }],
    };
  }
  if (type === 'comment') {
    const comment = /^\d{1,18}$/.test(id) ? await commentForModeration(deps.sql, Number(id)) : null;
    if (!comment) throw NotFound(`No comment ${id}.`);
    return {
      targetType: 'comment', targetId: String(comment.id), label: `${comment.author ?? '[deleted]'}: ${comment.excerpt}`, back: `/papers/${comment.paperId}#comment-${comment.id}`,
      actions: comment.hidden ? [{ value: 'unhide', label: 'Restore the comment' }] : [{ value: 'hide', label: 'Remove the comment', danger: true }],
    };
  }
  if (type === 'user') {
    const user = await findUserByUsername(deps.sql, id);
    if (!user) throw NotFound(`No user ${id}.`);
    return {
      targetType: 'user', targetId: user.username, label: `${user.displayName} (@${user.username}, ${user.role})`, back: `/users/${user.username}`,
      actions: user.suspended ? [{ value: 'unsuspend', label: 'Reinstate the user' }] : [{ value: 'suspend', label: 'Suspend the user', danger: true }],
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

export async function moderatePost(c: Context, deps: AppDeps): Promise<Response> {
  const moderator = requireModerator(c);
  const field = await formFields(c);
  const target = await loadTarget(deps, field('target_type'), field('target_id'));
  const action = field('action');
  if (!target.actions.some((a) => a.value === action)) throw BadRequest(`"${action}" does not apply to this ${target.targetType} now (it may have changed meanwhile).`);
  const reason = field('reason').replace(/\s+/g, ' ').trim();
  if (reason.length < 3) {
    return renderPage(c, deps, { title: 'Moderate', status: 422 }, <ModerateForm {...target} csrf={await csrfToken(c, deps)} error="Give a reason: it is shown in the public log." />);
  }
  const hide = action === 'hide' || action === 'suspend';
  if (target.targetType === 'paper') await setPaperHidden(deps.sql, target.targetId, hide, moderator.id, reason);
  else if (target.targetType === 'comment') await setCommentHidden(deps.sql, Number(target.targetId), hide, moderator.id, reason);
  else {
    const user = await findUserByUsername(deps.sql, target.targetId);
    if (!user) throw NotFound(`No user ${target.targetId}.`);
    if (user.id === moderator.id) throw Forbidden('You cannot suspend yourself.');
    if (user.role !== 'user' && moderator.role !== 'admin') throw Forbidden('Only administrators can suspend moderators and administrators.');
    await setUserSuspended(deps.sql, user.id, moderator.id, reason, hide);
  }
  return c.redirect(target.back, 303);
}

