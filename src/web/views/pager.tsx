// "← Newer · Page 2 of 5 · More →" under a paginated list; nothing when everything fits on one page.

/** Renders page links; `hrefFor(n)` gives the URL of page n. */
export function Pager({
  page,
  total,
  pageSize,
  hrefFor,
}: {
  page: number;
  total: number;
  pageSize: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={hrefFor(Math.min(page - 1, pages))}>
          ← Previous
        </a>
      ) : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a rel="next" href={hrefFor(page + 1)}>
          Next →
        </a>
      ) : null}
    </nav>
  );
}
