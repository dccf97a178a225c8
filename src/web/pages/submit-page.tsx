// GET/POST /submit: a user puts a recent arXiv paper on today's daily page, by id or any arXiv URL.
// A paper new to the site is fetched from arXiv first; a paper already featured is never moved.
import type { Context } from 'hono';
import * as v from 'valibot';
import { parseArxivId, type ArxivId } from '../../core/arxiv-id.ts';
import { formatDay, parseLooseDate } from '../../core/dates.ts';
import { submissionWindowProblem } from '../../core/submission-window.ts';
import { AppError, Unavailable, Unprocessable } from '../../errors.ts';
import { lookupIds } from '../../arxiv/api-client.ts';
import { HarvestFailed } from '../../http/polite-fetch.ts';
import type { PaperRecord } from '../../model/paper-record.ts';
import { featureSubmission, submissionCandidate } from '../../store/submissions.ts';
import type { User } from '../../store/users.ts';
import type { AppDeps } from '../deps.ts';
import { wantsJson } from '../http/form.ts';
import { checked, readForm, type Checked } from '../http/schema.ts';
import { loginUrlFor, requireActiveUser } from '../http/guards.ts';
import { enforceLimit } from '../http/rate-limit.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { longDay } from '../views/format.ts';
import { CsrfField, Field, Notice } from '../views/forms.tsx';
import { submittedPaperPath } from '../views/submission-notice.tsx';

interface FormState {
  value?: string;
  error?: string;
  status?: 200 | 422;
}

/** Why `user` may not submit (unverified, suspended), or null. */
function inactiveReason(c: Context): string | null {
  try {
    requireActiveUser(c);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

async function submitForm(c: Context, deps: AppDeps, user: User | null, state: FormState = {}): Promise<Response> {
  const days = deps.config.submissionWindowDays;
  const blocked = user ? inactiveReason(c) : null;
  const csrf = user && !blocked ? await csrfToken(c, deps) : null;
  return renderPage(
    c,
    deps,
    { title: 'Submit a paper', status: state.status ?? 200 },
    <section class="form-page submit-page">
      <h1>Submit a paper</h1>
      <p>
        Put a recent arXiv paper on today's daily page, with your name on it. Papers published on arXiv in the last{' '}
        {days === 1 ? 'day' : `${days} days`} can be submitted; a paper arXiv announced becomes a pick on its own day, and one already
        picked stays as it is.
      </p>
      {!user ? (
        <Notice kind="info">
          <a href={loginUrlFor(c)}>Log in</a> or <a href="/signup">create an account</a> to submit a paper.
        </Notice>
      ) : blocked ? (
        <Notice kind="error">{blocked}</Notice>
      ) : (
        <form method="post" action="/submit" class="submit-form" data-submit-form>
          <CsrfField token={csrf!} />
          <p class="notice notice-error form-error" role="alert" hidden={!state.error} data-form-error>
            {state.error ?? ''}
          </p>
          <Field
            name="paper"
            label="arXiv id or URL"
            value={state.value ?? c.req.query('paper') ?? ''}
            required
            maxlength={300}
            hint={<>For example 2405.15738, arXiv:2405.15738, https://arxiv.org/abs/2405.15738v2 or a PDF link.</>}
          />
          <button type="submit" class="primary" data-busy-label="Fetching from arXiv…">
            Submit
          </button>
        </form>
      )}
    </section>,
  );
}

/** GET /submit: the form, or what stands between the visitor and it. */
export function submitPage(c: Context, deps: AppDeps): Promise<Response> {
  return submitForm(c, deps, c.get('viewer').user);
}

/** Fetches paper `id` from arXiv: its record, a 422 when arXiv has none, a 503 when arXiv cannot be asked. */
async function fetchFromArxiv(deps: AppDeps, id: string): Promise<PaperRecord> {
  let found: PaperRecord | undefined;
  try {
    const result = await lookupIds(deps.arxiv, deps.config.arxivApiUrl, [id]);
    found = result.records.find((r) => r.id === id);
  } catch (err) {
    if (!(err instanceof HarvestFailed)) throw err;
    deps.log.warn('submission lookup failed', { id, error: err.message });
    throw Unavailable(
      'arXiv cannot be reached right now, so the paper could not be fetched. Nothing was saved; try again in a few minutes.',
    );
  }
  if (!found) throw Unprocessable(`arXiv has no paper arXiv:${id}. Check the id or URL.`);
  return found;
}

/** What the submit box takes: an arXiv id or link, trimmed. */
function checkSubmission(raw: string): Checked<ArxivId> {
  const input = raw.trim();
  const parsed = parseArxivId(input);
  if (parsed) return { ok: true, value: parsed };
  return {
    ok: false,
    error: input
      ? `"${input.slice(0, 100)}" is not an arXiv id or arXiv URL (expected e.g. 2405.15738 or https://arxiv.org/abs/2405.15738).`
      : 'Enter an arXiv id or URL.',
  };
}

const SUBMIT_FORM = v.object({ paper: checked(checkSubmission) });

/** POST /submit. */
export async function submitPaper(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const form = await readForm(c, SUBMIT_FORM);
  const input = form.raw('paper').trim();
  try {
    if (!form.ok) throw Unprocessable(form.errors.paper ?? 'Enter an arXiv id or URL.');
    const parsed = form.value.paper;
    // Counted before arXiv is asked: the limit also keeps one account from making us hammer arXiv.
    await enforceLimit(deps, 'submitPerUser', String(user.id), user);
    const id = parsed.id;
    const today = formatDay(new Date());
    const known = await submissionCandidate(deps.sql, id);
    if (known?.hidden) throw Unprocessable(`arXiv:${id} was removed from this site by the moderators; see the moderation log.`);
    if (known?.dailyDate) return alreadyFeatured(c, id, known.dailyDate);
    const record = known ? null : await fetchFromArxiv(deps, id);
    const publishedAt = known ? known.publishedAt : record!.publishedAt ? parseLooseDate(record!.publishedAt) : null;
    const problem = submissionWindowProblem(publishedAt, today, deps.config.submissionWindowDays);
    if (problem) throw Unprocessable(problem);
    if (known ? known.withdrawn : record!.withdrawn)
      throw Unprocessable(`arXiv:${id} has been withdrawn by its authors, so it cannot be featured.`);
    const outcome = await featureSubmission(deps.sql, { paperId: id, record, user, day: today });
    if (!outcome.featured) return alreadyFeatured(c, id, outcome.day);
    deps.log.info('paper submitted', { id, user: user.username, fetched: record !== null });
    const url = submittedPaperPath(id, 'new');
    if (wantsJson(c))
      return c.json({ status: 'submitted', id, dailyDate: outcome.day, url, message: `arXiv:${id} is on today's daily page.` }, 201);
    return c.redirect(url, 303);
  } catch (err) {
    // A refusal re-shows the form with what was typed; everything else is rendered in the one place.
    if (err instanceof AppError && err.status === 422 && !wantsJson(c))
      return submitForm(c, deps, user, { value: input, error: err.message, status: 422 });
    throw err;
  }
}

function alreadyFeatured(c: Context, id: string, day: string): Response {
  const url = submittedPaperPath(id, 'already');
  if (wantsJson(c))
    return c.json(
      { status: 'already_featured', id, dailyDate: day, url, message: `arXiv:${id} was already featured on ${longDay(day)}.` },
      200,
    );
  return c.redirect(url, 303);
}
