// Typed errors that carry an HTTP status and a short message a person can act on.
// They are rendered in one place, web/render-error.tsx: JSON for /api/* (and clients asking for JSON), a page elsewhere.

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503,
    message: string,
    readonly code: string,
    /** For 429 and 503: sent as Retry-After. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** A request whose input is malformed (bad date, bad id, bad number). */
export const BadRequest = (message: string) => new AppError(400, message, 'bad_request');

/** Something the URL names does not exist. */
export const NotFound = (message = 'Not found') => new AppError(404, message, 'not_found');

/** The database (or another dependency) cannot be reached right now. */
export const Unavailable = (message: string) => new AppError(503, message, 'unavailable');

/** Somebody must log in first (pages redirect to the login form instead when they can). */
export const Unauthorized = (message = 'Log in to do this.') => new AppError(401, message, 'unauthorized');

/** Logged in, but not allowed: another user's comment, a suspended account, a moderator-only action. */
export const Forbidden = (message: string) => new AppError(403, message, 'forbidden');

/** The request clashes with what is already there (a second claim, a decision already taken). */
export const Conflict = (message: string) => new AppError(409, message, 'conflict');

/** Well-formed input that a rule refuses (a paper too old to submit, an author position the paper lacks). */
export const Unprocessable = (message: string) => new AppError(422, message, 'unprocessable');

/** A request body larger than its route accepts, refused before it is read. */
export const PayloadTooLarge = (message: string) => new AppError(413, message, 'payload_too_large');

/** Too many attempts; try again after `retryAfterSeconds`. */
export const TooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, message, 'rate_limited', retryAfterSeconds);

/** An error from the command line: printed as its message, never as a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
