// The edge of every request: its address, query and form body are checked once, before sessions, CSRF and
// handlers read them. PostgreSQL refuses NUL in text (a 500 deep inside some query) and broken percent-encoding
// decodes to lone surrogates or not at all, so such input is a 400 here, naming the field. Bodies have a size limit
// per kind of route (413 from Content-Length before any byte is read, or counted as a chunked body streams in).
// A body the client cut off, or a form that cannot be parsed, is the client's 400 too, never a 5xx.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_COMMENT_CHARS } from '../../core/comment-markdown.ts';
import { AppError, BadRequest, PayloadTooLarge } from '../../errors.ts';

const KB = 1024;

/** The largest request body each kind of route accepts, in bytes. */
export const BODY_LIMITS = {
  // A comment is up to MAX_COMMENT_CHARS UTF-16 units, at most 3 bytes each in UTF-8 and each byte 3 characters
  // once percent-encoded (~90 KB for the longest CJK comment), plus room for the form's other fields.
  comment: MAX_COMMENT_CHARS * 9 + 32 * KB,
  // Every other form is a few short fields (the longest, a collection's description, is 1,000 characters).
  form: 64 * KB,
  // The JSON API answers only GETs: nothing there reads a body.
  api: 8 * KB,
} as const;

type BodyKind = keyof typeof BODY_LIMITS;

// The routes whose forms carry a comment (see routes.ts): a new comment or reply, an edit, a preview.
const COMMENT_PATHS = /^\/(?:papers\/.+\/comments|comments\/(?:preview|[0-9]+\/edit))\/?$/;

function bodyKindOf(path: string): BodyKind {
  if (path.startsWith('/api/')) return 'api';
  return COMMENT_PATHS.test(path) ? 'comment' : 'form';
}

// NUL (PostgreSQL cannot store it in text) and lone surrogates (not text at all; they come from broken encoding).
const INVALID_TEXT = /[\0\p{Cs}]/u;
const NOT_TEXT = 'is not valid text (it has a NUL byte or broken percent-encoding)';

/** Decodes one percent-encoded component strictly: null when the encoding is broken or the text is not valid. */
function decodeStrictly(raw: string, plusIsSpace: boolean): string | null {
  let text: string;
  try {
    text = decodeURIComponent(plusIsSpace ? raw.replaceAll('+', ' ') : raw);
  } catch {
    return null;
  }
  return INVALID_TEXT.test(text) ? null : text;
}

/** How a field is named in a message: decoded when that works, else as sent, and never long. */
function shownName(raw: string): string {
  const name = decodeStrictly(raw, true) ?? raw;
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** Throws a 400 naming the first `name=value` pair of `encoded` (a query string or a url-encoded form) that is not valid text. */
function checkPairs(encoded: string, what: string): void {
  for (const pair of encoded.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (decodeStrictly(name, true) === null || (eq >= 0 && decodeStrictly(pair.slice(eq + 1), true) === null)) {
      throw BadRequest(`The ${what} "${shownName(name)}" ${NOT_TEXT}.`);
    }
  }
}

/** Throws a 400 when the path or the query of `url` is not valid text. */
function checkAddress(url: string): void {
  // Node's HTTP parser refuses raw NUL bytes in the request line, so only percent-encoding can smuggle them in.
  if (!url.includes('%')) return;
  const { pathname, search } = new URL(url);
  if (pathname.split('/').some((segment) => decodeStrictly(segment, false) === null)) throw BadRequest(`This address ${NOT_TEXT}.`);
  checkPairs(search.slice(1), 'query parameter');
}

/** Reads the whole body within the route's limit (cached by Hono for CSRF and the handler); a broken upload is a 400. */
async function readBody(c: Context, limit: MiddlewareHandler): Promise<void> {
  try {
    await limit(c, async () => {
      await c.req.arrayBuffer();
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The connection closed (or the chunked framing broke) before the body's end: the client went away, nothing
    // here failed. Logged as an ordinary 4xx request, at debug level.
    throw new AppError(400, 'The request ended before its body was complete.', 'incomplete_body');
  }
}

/** Throws a 400 when a form body cannot be parsed or one of its fields is not valid text. */
async function checkForm(c: Context): Promise<void> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const urlencoded = type.startsWith('application/x-www-form-urlencoded');
  if (!urlencoded && !type.startsWith('multipart/form-data')) return;
  if (urlencoded) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      throw BadRequest('The form could not be read: it is not UTF-8.');
    }
    checkPairs(text, 'form field');
  }
  let fields: Record<string, unknown>;
  try {
    fields = await c.req.parseBody({ all: true }); // cached: CSRF and the handler read it again for free
  } catch {
    throw BadRequest('The form could not be read: its body is not valid multipart/form-data.');
  }
  for (const [name, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [value];
    if (INVALID_TEXT.test(name) || values.some((v) => typeof v === 'string' && INVALID_TEXT.test(v))) {
      throw BadRequest(`The form field "${shownName(name)}" ${NOT_TEXT}.`);
    }
  }
}

/** Refuses a request whose address, query or form is not valid text (400) or whose body is too large (413). */
export function requestInputMiddleware(): MiddlewareHandler {
  const limits = {} as Record<BodyKind, MiddlewareHandler>;
  for (const kind of Object.keys(BODY_LIMITS) as BodyKind[]) {
    const max = BODY_LIMITS[kind];
    limits[kind] = bodyLimit({
      maxSize: max,
      onError: () => {
        throw PayloadTooLarge(`This request is too large: at most ${Math.floor(max / KB)} KB can be sent here.`);
      },
    });
  }
  return async (c, next) => {
    checkAddress(c.req.url);
    // GET and HEAD have no body; asking for one would build a full Request object on every page view.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.raw.body) {
      await readBody(c, limits[bodyKindOf(c.req.path)]);
      await checkForm(c);
    }
    await next();
  };
}
