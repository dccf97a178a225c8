// Collections (reading lists): a list of them, the form that creates or edits one, and one collection's page.
import { COLLECTION_DESCRIPTION_MAX, COLLECTION_TITLE_MAX } from '../../core/collection-input.ts';
import type { Collection, CollectionPaper } from '../../store/collections.ts';
import { plural, shortDate } from './format.ts';
import { CsrfField, Field, Notice } from './forms.tsx';
import { PaperCard } from './paper-card.tsx';
import { Pager } from './pager.tsx';

export interface CollectionFormValues {
  title: string;
  description: string;
  public: boolean;
}

export type CollectionFormErrors = Partial<Record<'title' | 'description' | 'form', string>>;

/** The private/public mark of a collection. */
export function VisibilityBadge({ isPublic }: { isPublic: boolean }) {
  return isPublic ? <span class="badge badge-public">public</span> : <span class="badge badge-private">private</span>;
}

/** One collection in a list: title, visibility, count, last change, start of the description. */
export function CollectionRow({ collection, showVisibility }: { collection: Collection; showVisibility: boolean }) {
  return (
    <li class="collection-row">
      <a class="collection-title" href={`/collections/${collection.id}`}>
        {collection.title}
      </a>{' '}
      {showVisibility ? <VisibilityBadge isPublic={collection.public} /> : null}
      <span class="muted">
        {' '}
        · {plural(collection.paperCount, 'paper')} · updated {shortDate(collection.updatedAt)}
      </span>
      {collection.description ? <p class="collection-description clamp">{collection.description}</p> : null}
    </li>
  );
}

/** The title, description and visibility fields shared by the create and edit forms. */
export function CollectionFields({
  values,
  errors,
  idPrefix = '',
}: {
  values: CollectionFormValues;
  errors: CollectionFormErrors;
  idPrefix?: string;
}) {
  const descId = `f-${idPrefix}description`;
  return (
    <>
      <Field name="title" label="Title" value={values.title} error={errors.title} required maxlength={COLLECTION_TITLE_MAX} />
      <div class={errors.description ? 'field invalid' : 'field'}>
        <label for={descId}>Description (optional)</label>
        <textarea
          id={descId}
          name="description"
          rows={3}
          maxlength={COLLECTION_DESCRIPTION_MAX}
          aria-invalid={errors.description ? 'true' : undefined}
        >
          {values.description}
        </textarea>
        {errors.description ? <p class="field-error">{errors.description}</p> : null}
      </div>
      <label class="check">
        <input type="checkbox" name="public" value="on" checked={values.public} /> Public: anyone with the link can see it, and it shows on
        your profile
      </label>
    </>
  );
}

export interface CollectionsIndexProps {
  username: string;
  collections: Collection[];
  total: number;
  page: number;
  pageSize: number;
  csrf: string;
  values: CollectionFormValues;
  errors: CollectionFormErrors;
  notice: string | null;
}

/** /collections: the viewer's collections and a form to start one. */
export function CollectionsIndexView(p: CollectionsIndexProps) {
  return (
    <section class="collections">
      <h1>Your collections</h1>
      {p.notice ? <Notice kind="ok">{p.notice}</Notice> : null}
      {p.total === 0 ? (
        <section class="empty">
          <h2>No collections yet</h2>
          <p>
            Collections are reading lists: keep papers to read later, or share a list with others. Start one below, or use “Save” on any
            paper.
          </p>
        </section>
      ) : (
        <>
          <p class="muted">
            {plural(p.total, 'collection')} · public ones also show on <a href={`/users/${p.username}?tab=collections`}>your profile</a>
          </p>
          <ul class="collection-list">
            {p.collections.map((c) => (
              <CollectionRow collection={c} showVisibility />
            ))}
          </ul>
          <Pager page={p.page} total={p.total} pageSize={p.pageSize} hrefFor={(n) => (n > 1 ? `/collections?page=${n}` : '/collections')} />
        </>
      )}
      <section class="settings-block" aria-labelledby="new-collection-h">
        <h2 id="new-collection-h">New collection</h2>
        {p.errors.form ? <Notice kind="error">{p.errors.form}</Notice> : null}
        <form method="post" action="/collections">
          <CsrfField token={p.csrf} />
          <CollectionFields values={p.values} errors={p.errors} />
          <button type="submit" class="primary">
            Create collection
          </button>
        </form>
      </section>
    </section>
  );
}

export interface CollectionPageProps {
  collection: Collection;
  papers: CollectionPaper[];
  total: number;
  page: number;
  pageSize: number;
  isOwner: boolean;
  /** The absolute URL to share (its own address). */
  shareUrl: string;
  csrf: string | null;
  /** The edit form's values and problems, when it was just sent with mistakes. */
  edit?: { values: CollectionFormValues; errors: CollectionFormErrors };
  addError?: string | undefined;
  notice: string | null;
}

/** /collections/:id: the list's papers, newest added first; for its owner, the forms that change it. */
export function CollectionPageView(p: CollectionPageProps) {
  const c = p.collection;
  const base = `/collections/${c.id}`;
  const csrf = p.csrf ?? '';
  return (
    <section class="collection-page">
      <p class="muted">
        Collection by <a href={`/users/${c.ownerUsername}`}>{c.ownerDisplayName}</a> · {plural(p.total, 'paper')} · updated{' '}
        {shortDate(c.updatedAt)}
      </p>
      <h1>
        {c.title} <VisibilityBadge isPublic={c.public} />
      </h1>
      {c.description ? <p class="collection-description">{c.description}</p> : null}
      {p.notice ? <Notice kind="ok">{p.notice}</Notice> : null}
      {c.public ? (
        <p class="share">
          <label for="share-url">Share this collection:</label>{' '}
          <input id="share-url" class="share-url" type="text" readonly value={p.shareUrl} size={Math.min(60, p.shareUrl.length)} />{' '}
          <button type="button" class="copy" data-copy-target="share-url" hidden>
            Copy link
          </button>
        </p>
      ) : p.isOwner ? (
        <p class="muted">Only you can see this collection. Make it public to share its link.</p>
      ) : null}
      {p.papers.length === 0 ? (
        <section class="empty">
          <h2>{p.page > 1 ? 'No papers on this page' : 'No papers in this collection yet'}</h2>
          <p>
            {p.page > 1 ? (
              <a href={base}>Back to the first page</a>
            ) : p.isOwner ? (
              'Use “Save” on any paper, or add one by its arXiv id below.'
            ) : null}
          </p>
        </section>
      ) : (
        <section class="cards" aria-label="Papers">
          {p.papers.map((paper) => (
            <div class="collection-item">
              <PaperCard paper={paper} />
              <div class="collection-item-meta muted">
                Added {shortDate(paper.addedAt)}
                {p.isOwner ? (
                  <form method="post" action={`${base}/papers/remove`} class="inline-form" data-collection-remove>
                    <CsrfField token={csrf} />
                    <input type="hidden" name="paper_id" value={paper.id} />
                    <button type="submit" class="link-button">
                      Remove from this collection
                    </button>
                  </form>
                ) : null}
              </div>
            </div>
          ))}
        </section>
      )}
      <Pager page={p.page} total={p.total} pageSize={p.pageSize} hrefFor={(n) => (n > 1 ? `${base}?page=${n}` : base)} />
      {p.isOwner ? <OwnerForms {...p} /> : null}
    </section>
  );
}

function OwnerForms(p: CollectionPageProps) {
  const c = p.collection;
  const base = `/collections/${c.id}`;
  const csrf = p.csrf ?? '';
  const edit = p.edit ?? { values: { title: c.title, description: c.description, public: c.public }, errors: {} };
  return (
    <>
      <section class="settings-block" aria-labelledby="add-paper-h">
        <h2 id="add-paper-h">Add a paper</h2>
        <form method="post" action={`${base}/papers`}>
          <CsrfField token={csrf} />
          <Field
            name="paper_id"
            label="arXiv id or URL"
            error={p.addError}
            required
            hint="For example 2405.15738 or https://arxiv.org/abs/2405.15738."
          />
          <button type="submit">Add</button>
        </form>
      </section>
      <section class="settings-block" aria-labelledby="edit-collection-h">
        <h2 id="edit-collection-h">Edit this collection</h2>
        {edit.errors.form ? <Notice kind="error">{edit.errors.form}</Notice> : null}
        <form method="post" action={`${base}/edit`}>
          <CsrfField token={csrf} />
          <CollectionFields values={edit.values} errors={edit.errors} idPrefix="edit-" />
          <button type="submit">Save changes</button>
        </form>
      </section>
      <section class="settings-block danger" aria-labelledby="delete-collection-h">
        <h2 id="delete-collection-h">Delete this collection</h2>
        <p>The papers stay on the site; only this list goes.</p>
        <form method="post" action={`${base}/delete`} data-collection-confirm="Delete this collection? The papers stay on the site.">
          <CsrfField token={csrf} />
          <button type="submit" class="danger">
            Delete collection
          </button>
        </form>
      </section>
    </>
  );
}
