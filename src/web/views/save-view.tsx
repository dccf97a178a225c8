// /papers/:id/save without JavaScript: the viewer's collections, each with an add or remove button,
// and a field that starts a new list holding the paper. (With JavaScript the same choices open in a menu on the card.)
import { raw } from 'hono/html';
import { COLLECTION_TITLE_MAX } from '../../core/collection-input.ts';
import { renderRichText } from '../../core/math.ts';
import type { SaveChoice } from '../../store/collections.ts';
import { plural } from './format.ts';
import { CsrfField, Field, Notice } from './forms.tsx';
import { VisibilityBadge } from './collection-views.tsx';

export interface SaveViewProps {
  paper: { id: string; title: string };
  choices: SaveChoice[];
  csrf: string;
  /** Where "Done" goes: the page the visitor came from. */
  next: string;
  notice: string | null;
  /** What went wrong with the last add (a full collection). */
  problem?: string | undefined;
  newTitle?: string;
  error?: string | undefined;
}

/** Renders the body of the save page. */
export function SaveView(p: SaveViewProps) {
  const action = `/papers/${p.paper.id}/save`;
  return (
    <section class="save-page">
      <p class="muted">Save to a collection</p>
      <h1>
        <a href={`/papers/${p.paper.id}`}>{raw(renderRichText(p.paper.title))}</a>
      </h1>
      {p.notice ? <Notice kind="ok">{p.notice}</Notice> : null}
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      {p.choices.length === 0 ? (
        <p>You have no collections yet: name your first one below and the paper goes in it.</p>
      ) : (
        <ul class="save-choices">
          {p.choices.map((choice) => (
            <li class={choice.holds ? 'save-choice holds' : 'save-choice'}>
              <form method="post" action={action} class="inline-form">
                <CsrfField token={p.csrf} />
                <input type="hidden" name="collection_id" value={String(choice.id)} />
                <input type="hidden" name="action" value={choice.holds ? 'remove' : 'add'} />
                <input type="hidden" name="next" value={p.next} />
                <button type="submit" aria-pressed={choice.holds ? 'true' : 'false'}>
                  {choice.holds ? '✓ Saved · remove' : 'Add'}
                </button>
              </form>{' '}
              <a href={`/collections/${choice.id}`}>{choice.title}</a> <VisibilityBadge isPublic={choice.public} />{' '}
              <span class="muted">{plural(choice.paperCount, 'paper')}</span>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={action} class="save-new">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="action" value="create" />
        <input type="hidden" name="next" value={p.next} />
        <Field
          name="new_title"
          label="New private collection"
          value={p.newTitle ?? ''}
          error={p.error}
          required
          maxlength={COLLECTION_TITLE_MAX}
        />
        <button type="submit">Create and save</button>
      </form>
      <p>
        <a class="button primary" href={p.next}>
          Done
        </a>{' '}
        <a href="/collections">All your collections</a>
      </p>
    </section>
  );
}
