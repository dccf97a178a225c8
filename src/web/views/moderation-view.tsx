// Moderation pieces: the public log, the form a moderator acts through, and the notices on hidden things.
import type { LogEntry } from '../../store/moderation.ts';
import { CsrfField, Field } from './forms.tsx';
import { NEWER_OLDER, Pager } from './pager.tsx';

const ACTION_LABELS: Record<string, string> = {
  hide_paper: 'hid a paper',
  unhide_paper: 'restored a paper',
  hide_comment: 'removed a comment',
  unhide_comment: 'restored a comment',
  suspend_user: 'suspended a user',
  unsuspend_user: 'reinstated a user',
  set_role: 'changed a role',
  approve_claim: 'approved an authorship claim',
  reject_claim: 'rejected an authorship claim',
};

export function ModerationNotice({ kind, id }: { kind: 'paper'; id: string }) {
  return (
    <div class="notice notice-error" role="status">
      This {kind} is hidden from everyone but moderators. <a href={`/moderate?${kind}=${encodeURIComponent(id)}`}>Restore it</a>
    </div>
  );
}

export function ModerateLink({ target }: { target: string }) {
  return (
    <p class="moderate-link">
      <a href={`/moderate?${target}`}>Moderate…</a>
    </p>
  );
}

function targetHref(e: LogEntry): string | null {
  if (e.targetType === 'comment' && e.targetPaperId) return `/papers/${e.targetPaperId}#comment-${e.targetId}`;
  if (e.targetPaperId) return `/papers/${e.targetPaperId}`;
  if (e.targetType === 'user' && e.targetLabel) return `/users/${e.targetLabel}`;
  return null;
}

export function ModerationLog({ entries, page, total, pageSize }: { entries: LogEntry[]; page: number; total: number; pageSize: number }) {
  return (
    <section class="moderation-log">
      <h1>Moderation log</h1>
      <p class="muted">Every action of this site's moderators, with the reason given. Public, as on Lobsters.</p>
      {entries.length === 0 ? (
        <p class="empty">Nothing yet: no moderator has had to act.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Moderator</th>
              <th scope="col">Action</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const href = targetHref(e);
              return (
                <tr id={`log-${e.id}`}>
                  <td>
                    <time datetime={e.createdAt.toISOString()}>{e.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</time>
                  </td>
                  <td>{e.moderator ?? 'system'}</td>
                  <td>
                    {ACTION_LABELS[e.action] ?? e.action}
                    {e.targetLabel ? <>: {href ? <a href={href}>{e.targetLabel}</a> : e.targetLabel}</> : null}
                  </td>
                  <td>{e.reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager page={page} total={total} pageSize={pageSize} hrefFor={(n) => `/moderation?page=${n}`} labels={NEWER_OLDER} />
    </section>
  );
}

export interface ModerateFormProps {
  csrf: string;
  targetType: 'paper' | 'comment' | 'user';
  targetId: string;
  label: string;
  /** The actions that apply now (hide or unhide, suspend or reinstate). */
  actions: { value: string; label: string; danger?: boolean }[];
  error?: string | undefined;
  reason?: string;
}

export function ModerateForm(p: ModerateFormProps) {
  return (
    <section class="form-page">
      <h1>Moderate</h1>
      <p>
        {p.targetType}: <strong>{p.label}</strong>
      </p>
      <form method="post" action="/moderate">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="target_type" value={p.targetType} />
        <input type="hidden" name="target_id" value={p.targetId} />
        <Field
          name="reason"
          label="Reason (shown in the public moderation log)"
          value={p.reason ?? ''}
          error={p.error}
          required
          maxlength={500}
        />
        {p.actions.map((a) => (
          <button type="submit" name="action" value={a.value} class={a.danger ? 'danger' : ''}>
            {a.label}
          </button>
        ))}
      </form>
    </section>
  );
}
