// "← Previous · Page 2 of 5 · Next →" under a paginated list; nothing when everything fits on one page.

/** For lists newest first (accounts, the moderation log), where "previous" reads as "newer". */
export const NEWER_OLDER = { previous: 'Newer', next: 'Older' } as const;

/** Renders page links; `hrefFor(n)` gives the URL of page n. */
export function Pager({
  page,
  total,
  pageSize,
  hrefFor,
  labels = { previous: 'Previous', next: 'Next' },
}: {
  page: number;
  total: number;
  pageSize: number;
  hrefFor: (page: number) => string;
  labels?: { previous: string; next: string };
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={hrefFor(Math.min(page - 1, pages))}>
          ← {labels.previous}
        </a>
      ) : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a rel="next" href={hrefFor(page + 1)}>
          {labels.next} →
        </a>
      ) : null}
    </nav>
  );
}
