// The page shown for 4xx and 5xx responses.
const HEADINGS: Record<number, string> = {
  400: 'That request does not look right',
  401: 'Log in first',
  403: 'Not allowed',
  404: 'Not found',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** Renders the body of an error page. */
export function ErrorView({ status, message, loginLink = null }: { status: number; message: string; loginLink?: string | null }) {
  return (
    <section class="error-page">
      <p class="error-status">{status}</p>
      <h1>{HEADINGS[status] ?? 'Error'}</h1>
      <p>{message}</p>
      <p>
        {loginLink ? (
          <>
            <a href={loginLink} class="button primary">
              Log in
            </a>{' '}
            or <a href="/signup">create an account</a> ·{' '}
          </>
        ) : null}
        <a href="/papers">Go to today's papers</a>
      </p>
    </section>
  );
}
