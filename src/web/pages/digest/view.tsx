// GET /digest/preview (the logged-in user's next digest) and GET /digest/view?run=&t= ("view in browser").
import type { Context } from 'hono';
import { formatDay, isoWeekOf } from '../../../core/dates.ts';
import { digestSections } from '../../../digest/content.ts';
import { renderDigest } from '../../../digest/render.ts';
import { linksFor, loadCandidates, periodRange } from '../../../digest/sender.ts';
import { DEFAULT_PREFERENCES } from '../../../digest/preferences.ts';
import { verifySubscriptionToken } from '../../../digest/tokens.ts';
import { BadRequest, NotFound } from '../../../errors.ts';
import { getRun } from '../../../store/digests.ts';
import { latestFeedDay } from '../../../store/papers.ts';
import { findSubscriptionForUser, getSubscription } from '../../../store/subscriptions.ts';
import { siteSecret } from '../../http/csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { loginUrlFor } from '../../http/guards.ts';

function emptyDigest(c: Context, label: string) {
  return c.html(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Digest</title></head><body style="font-family:sans-serif;max-width:640px;margin:2rem auto"><h1>Nothing for ${label.replace(/[<&>]/g, '')} yet</h1><p>No paper of the period matches these preferences. <a href="/settings/digest">Change them</a>.</p></body></html>`,
  );
}

export async function digestPreviewPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = c.get('viewer').user;
  if (!user) return c.redirect(loginUrlFor(c), 303);
  const sub = await findSubscriptionForUser(deps.sql, user.id, user.email);
  const prefs = sub ?? DEFAULT_PREFERENCES;
  const today = formatDay(new Date());
  const period = prefs.frequency === 'weekly' ? isoWeekOf(today) : ((await latestFeedDay(deps.sql, today)) ?? today);
  const range = periodRange(prefs.frequency, period);
  const sections = digestSections(await loadCandidates(deps.sql, range), prefs);
  if (sections.length === 0) return emptyDigest(c, range.label);
  const secret = await siteSecret(deps);
  const links = linksFor({ siteName: deps.config.siteName, baseUrl: deps.config.baseUrl, secret }, sub?.id ?? 0, null, range.label);
  c.header('Cache-Control', 'no-store');
  return c.html(renderDigest(sections, links).html);
}

export async function digestViewPage(c: Context, deps: AppDeps): Promise<Response> {
  const runId = Number(c.req.query('run'));
  if (!Number.isSafeInteger(runId) || runId <= 0) throw BadRequest('Which digest? The link lacks its run number.');
  const secret = await siteSecret(deps);
  const id = verifySubscriptionToken(secret, 'view', c.req.query('t') ?? '');
  const [run, sub] = await Promise.all([getRun(deps.sql, runId), id === null ? null : getSubscription(deps.sql, id)]);
  if (!run || !sub) throw NotFound('This digest link is not valid.');
  const range = periodRange(run.frequency, run.period);
  const sections = digestSections(await loadCandidates(deps.sql, range), sub);
  if (sections.length === 0) return emptyDigest(c, range.label);
  return c.html(
    renderDigest(sections, linksFor({ siteName: deps.config.siteName, baseUrl: deps.config.baseUrl, secret }, sub.id, run.id, range.label))
      .html,
  );
}
