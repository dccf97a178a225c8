// The digest preferences form, shared by the subscribe page, the signed manage link and account settings.
import type { Preferences } from '../../store/subscriptions.ts';
import { CsrfField } from './forms.tsx';

export interface PreferencesFormProps {
  action: string;
  csrf: string;
  prefs: Preferences;
  /** The site's harvested categories, offered as checkboxes. */
  siteCategories: string[];
  errors?: Record<string, string>;
  /** Shown on the subscribe page, where the address is typed. */
  email?: string | null;
  submitLabel: string;
}

export function PreferencesForm(p: PreferencesFormProps) {
  const e = p.errors ?? {};
  const other = p.prefs.categories.filter((c) => !p.siteCategories.includes(c));
  const err = (name: string) => (e[name] ? <p class="field-error">{e[name]}</p> : null);
  return (
    <form method="post" action={p.action} class="digest-form">
      <CsrfField token={p.csrf} />
      {p.email !== undefined ? (
        <div class={e.email ? 'field invalid' : 'field'}>
          <label for="f-email">Email</label>
          <input id="f-email" name="email" type="email" value={p.email ?? ''} required autocomplete="email" />
          {err('email')}
        </div>
      ) : null}
      <fieldset>
        <legend>How often</legend>
        <label class="check">
          <input type="radio" name="frequency" value="daily" checked={p.prefs.frequency === 'daily'} /> Daily, on arXiv announcement days
        </label>
        <label class="check">
          <input type="radio" name="frequency" value="weekly" checked={p.prefs.frequency === 'weekly'} /> Weekly, on Mondays
        </label>
      </fieldset>
      <fieldset>
        <legend>What to include</legend>
        <label class="check">
          <input type="checkbox" name="for_you" value="on" checked={p.prefs.forYou} /> For you: the period's papers picked from what you
          upvote and save (needs an account with this address)
        </label>
        <label class="check">
          <input type="checkbox" name="trending" value="on" checked={p.prefs.includeTrending} /> Trending papers of the period
        </label>
        {err('trending')}
        {p.siteCategories.map((c) => (
          <label class="check">
            <input type="checkbox" name="category" value={c} checked={p.prefs.categories.includes(c)} /> New papers in {c}
          </label>
        ))}
        <div class="field">
          <label for="f-other">Other categories (comma-separated)</label>
          <input id="f-other" name="other_categories" value={other.join(', ')} placeholder="astro-ph.GA, quant-ph" />
          {err('categories')}
        </div>
        <div class="field">
          <label for="f-keywords">Keywords in titles and abstracts (comma-separated)</label>
          <input id="f-keywords" name="keywords" value={p.prefs.keywords.join(', ')} placeholder="speculative decoding, diffusion" />
          {err('keywords')}
        </div>
        <div class="field">
          <label for="f-authors">Authors to follow (separated by ;)</label>
          <input id="f-authors" name="authors" value={p.prefs.authors.join('; ')} placeholder="Yoshua Bengio; Fei-Fei Li" />
          {err('authors')}
        </div>
      </fieldset>
      <button type="submit" class="primary">
        {p.submitLabel}
      </button>
    </form>
  );
}
