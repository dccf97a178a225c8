// A page rendered once for every viewer (and cached once), with the parts that are each viewer's own left as slots:
// the account menu, the CSRF meta tag and the vote buttons of its cards. An anonymous visitor gets the slots filled
// for nobody (stored so, the bytes the page cache sends); a logged-in one gets them filled with their session's CSRF
// token and which cards they upvoted (from memory, viewer-caches.ts; the counts are the page's, which the page cache
// renews within a second of any vote). So a logged-in feed costs a cache lookup and byte copies, where rendering it
// costs the feed's queries and 50 cards of math. A viewer who voted since the page was rendered gets the counts from
// one indexed query, so their own vote always shows at once.
// Other parts of a page that are the viewer's own (a paper page's comment forms and actions, its claim box) are
// rendered per viewer at fill time by a function the shared render left in their slot (viewerPart); a user the
// page is not for at all (a collection's owner) gets their own render (notForUser).
// Only routes whose page differs between viewers in nothing else are rendered so (routes.ts: `personal: true`).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { claimsOfUser, type OwnClaim } from '../store/author-claims.ts';
import type { User } from '../store/users.ts';
import { upvotedPaperIds, voteStatesOf } from '../store/votes.ts';
import type { AppDeps } from './deps.ts';
import { csrfToken } from './http/csrf.ts';
import { AccountNav, CsrfMeta } from './views/layout.tsx';
import { VoteButton, type VoteState } from './views/vote-button.tsx';
import { monotonic } from './viewer-caches.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The page is being rendered for every viewer: per-viewer parts become slots. */
    renderSlots: boolean;
    /** The renders of that page's viewer parts, by slot number (viewerPart). */
    viewerParts: ViewerPartRender[];
    /** The one user the page rendered for every viewer is not for (notForUser). */
    notForUser: number;
  }
}

/** What a viewer part is rendered for: who is looking, their page's CSRF token, and their authorship claims. */
export interface PartViewer {
  user: User | null;
  csrf: string | null;
  /** Their claims by paper id (only for parts registered with `claims`); null for anonymous visitors. */
  claims: ReadonlyMap<string, OwnClaim> | null;
}

interface ViewerPartRender {
  render: (viewer: PartViewer) => Child;
  claims: boolean;
  /** What of the viewer the render depends on besides their token (see viewerPart's `shape`). */
  shape?: ((viewer: PartViewer) => string) | undefined;
  /** Renders by shape, split where the token goes. */
  byShape?: Map<string, string[]>;
}

/**
 * In the page rendered for every viewer (rendersSlots), a slot whose filling `render` gives for each viewer; it must
 * render synchronously and from its arguments only (it runs again at every fill). `claims`: it reads the viewer's
 * claims. `shape`: everything of the viewer the render depends on but their CSRF token, as a string (e.g. "logged
 * in, may post, not the author"): the part is then rendered once per shape and filled with each viewer's token,
 * rather than rendered per request. Outside such a render, the part rendered for `viewer`.
 */
export function viewerPart(
  c: Context,
  viewer: PartViewer,
  render: (viewer: PartViewer) => Child,
  opts: { claims?: boolean; shape?: (viewer: PartViewer) => string } = {},
): Child {
  if (!rendersSlots(c)) return render(viewer);
  let renders = c.get('viewerParts');
  if (!renders) {
    renders = [];
    c.set('viewerParts', renders);
  }
  renders.push({ render, claims: opts.claims ?? false, shape: opts.shape });
  return raw(`<!--dp:part ${renders.length - 1}-->`);
}

/**
 * In the page rendered for every viewer: says that `userId` gets a page of their own instead (the owner of a
 * collection, who gets its forms). Elsewhere, nothing.
 */
export function notForUser(c: Context, userId: number): void {
  if (rendersSlots(c)) c.set('notForUser', userId);
}

// Where a viewer's token goes in a part rendered once per shape; tokens are base64url, which HTML never escapes.
const TOKEN_MARK = 'DPPARTCSRFTOKEN';
const PLAIN_TOKEN = /^[A-Za-z0-9_-]+$/;

function renderOnce(part: ViewerPartRender, viewer: PartViewer): string {
  const html = (part.render(viewer) ?? '').toString();
  if (typeof html !== 'string') throw new Error('a viewer part rendered asynchronously');
  return html;
}

function renderPart(part: ViewerPartRender | undefined, viewer: PartViewer): string {
  if (!part) throw new Error('a page slot names a viewer part its render did not register');
  if (!part.shape || (viewer.csrf !== null && !PLAIN_TOKEN.test(viewer.csrf))) return renderOnce(part, viewer);
  const shape = `${viewer.csrf === null ? 'no token' : 'token'}|${part.shape(viewer)}`;
  part.byShape ??= new Map();
  let pieces = part.byShape.get(shape);
  if (!pieces) {
    pieces = renderOnce(part, { ...viewer, csrf: viewer.csrf === null ? null : TOKEN_MARK }).split(TOKEN_MARK);
    part.byShape.set(shape, pieces);
  }
  return viewer.csrf === null ? pieces[0]! : pieces.join(viewer.csrf);
}

/** Whether the page now rendered is the shared one with slots (renderPage and voteStateFor ask). */
export function rendersSlots(c: Context): boolean {
  return c.get('renderSlots') === true;
}

type Slot =
  | { kind: 'vote'; id: string; upvotes: number }
  | { kind: 'csrf-meta' }
  | { kind: 'account-nav' }
  | { kind: 'part'; part: ViewerPartRender };

/** A page split at its slots: parts[0], slot 0, parts[1], …, parts[n]. */
export interface PersonalTemplate {
  parts: string[];
  /** The parts UTF-8 encoded, once: encoding a whole page per viewer cost more than all the rest of the fill. */
  encoded: Buffer[];
  slots: Slot[];
  /** The papers whose vote buttons it shows. */
  paperIds: string[];
  /** When it was rendered (viewer-caches.ts's clock): a viewer who voted since gets the counts from the database. */
  renderedAt: number;
  /** Whether a viewer part reads the viewer's claims. */
  needsClaims: boolean;
  /** A user who gets their own render rather than this page filled (notForUser), or null. */
  notFor: number | null;
}

// The markers views/layout.tsx (VIEWER_SLOTS) and views/vote-button.tsx (voteSlot) write.
const SLOT = /<!--dp:(?:vote ([^ ]+) (\d+)|(csrf-meta)|(account-nav)|part (\d+))-->/g;

/**
 * Splits a page rendered with slots (`renders`: its viewer parts, as viewerPart registered them); null when it has
 * none (nothing of it is per viewer).
 */
export function parseTemplate(
  html: string,
  renders: readonly ViewerPartRender[] = [],
  notFor: number | null = null,
  renderedAt = monotonic(),
): PersonalTemplate | null {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let at = 0;
  for (const m of html.matchAll(SLOT)) {
    parts.push(html.slice(at, m.index));
    const part = m[5] !== undefined ? renders[Number(m[5])] : undefined;
    if (m[5] !== undefined && !part) throw new Error(`a page slot names viewer part ${m[5]}, which its render did not register`);
    slots.push(
      m[1] !== undefined
        ? { kind: 'vote', id: m[1], upvotes: Number(m[2]) }
        : m[3]
          ? { kind: 'csrf-meta' }
          : m[4]
            ? { kind: 'account-nav' }
            : { kind: 'part', part: part! },
    );
    at = m.index + m[0].length;
  }
  if (slots.length === 0) return null;
  parts.push(html.slice(at));
  return {
    parts,
    encoded: parts.map((p) => Buffer.from(p)),
    slots,
    paperIds: [...new Set(slots.flatMap((s) => (s.kind === 'vote' ? [s.id] : [])))],
    renderedAt,
    needsClaims: renders.some((r) => r.claims),
    notFor,
  };
}

interface Fills {
  csrfMeta: string;
  accountNav: string;
  vote: (id: string, upvotes: number) => string;
  part: (part: ViewerPartRender) => string;
}

function fill(t: PersonalTemplate, f: Fills): string {
  let out = t.parts[0]!;
  for (let i = 0; i < t.slots.length; i++) {
    const s = t.slots[i]!;
    out +=
      s.kind === 'vote'
        ? f.vote(s.id, s.upvotes)
        : s.kind === 'csrf-meta'
          ? f.csrfMeta
          : s.kind === 'account-nav'
            ? f.accountNav
            : f.part(s.part);
    out += t.parts[i + 1]!;
  }
  return out;
}

// A logged-in page has up to 50 vote buttons, each a small form: rendered through JSX each time they cost more than
// the rest of the fill. So each kind (upvoted or not) is rendered once with markers where the paper id, the count
// and the token go, encoded once, and filled by copying bytes: the same bytes, as a test checks, for every id and
// token that HTML does not escape (arXiv ids and our base64url tokens, ASCII; anything else goes through JSX).
const MARK = { id: 'DPSLOTPAPERID', csrf: 'DPSLOTCSRFTOKEN', upvotes: 987654321 } as const;
const PLAIN = /^[A-Za-z0-9._/-]+$/;
type Piece = Buffer | 'id' | 'csrf' | 'upvotes';
interface VotePattern {
  pieces: Piece[];
  /** Bytes of the fixed pieces, and how often each marker occurs: a filled button's length without building it. */
  fixed: number;
  ids: number;
  csrfs: number;
  counts: number;
}
let votePatterns: { voted: VotePattern; notVoted: VotePattern } | null = null;

function patternOf(voted: boolean): VotePattern {
  const html = String(
    <VoteButton
      paperId={MARK.id}
      upvotes={MARK.upvotes}
      state={{ csrf: MARK.csrf, voted: new Set(voted ? [MARK.id] : []), loginNext: '/' }}
    />,
  );
  const pieces = html
    .split(new RegExp(`(${MARK.id}|${MARK.csrf}|${MARK.upvotes})`))
    .filter((part) => part !== '')
    .map(
      (part): Piece =>
        part === MARK.id ? 'id' : part === MARK.csrf ? 'csrf' : part === String(MARK.upvotes) ? 'upvotes' : Buffer.from(part),
    );
  const count = (kind: Piece) => pieces.filter((p) => p === kind).length;
  return {
    pieces,
    fixed: pieces.reduce((n, p) => n + (typeof p === 'string' ? 0 : p.length), 0),
    ids: count('id'),
    csrfs: count('csrf'),
    counts: count('upvotes'),
  };
}

// A logged-in viewer's menu and token tag, rendered and encoded once per session: the user object is the session
// cache's own (frozen, replaced when the user changes), so a changed name or role is a new key.
const viewerParts = new WeakMap<object, { csrf: string; csrfMeta: Buffer; accountNav: Buffer }>();

function viewerPartsOf(viewer: LoggedInViewer): { csrfMeta: Buffer; accountNav: Buffer } {
  const known = viewerParts.get(viewer.user);
  if (known && known.csrf === viewer.csrf) return known;
  const parts = {
    csrf: viewer.csrf,
    csrfMeta: Buffer.from(String(<CsrfMeta csrf={viewer.csrf} />)),
    accountNav: Buffer.from(String(<AccountNav viewer={viewer} />)),
  };
  if (Object.isFrozen(viewer.user)) viewerParts.set(viewer.user, parts);
  return parts;
}

/** The page as an anonymous visitor sees it (`loginNext`: where the vote links' log-in returns, this page). */
export function fillAnonymously(t: PersonalTemplate, loginNext: string): string {
  const state: VoteState = { csrf: null, voted: new Set(), loginNext };
  return fill(t, {
    csrfMeta: String(<CsrfMeta csrf={null} />),
    accountNav: String(<AccountNav viewer={undefined} />),
    vote: (id, upvotes) => String(<VoteButton paperId={id} upvotes={upvotes} state={state} />),
    part: (part) => renderPart(part, { user: null, csrf: null, claims: null }),
  });
}

export interface LoggedInViewer {
  user: User;
  csrf: string;
  /** Their claims by paper id: required when the template's parts read them (needsClaims). */
  claims?: ReadonlyMap<string, OwnClaim> | null;
}

/**
 * `t` as `viewer` sees it: their menu and token, their upvotes pressed, and each card's count from `counts` (the
 * counts now) or, absent, as rendered. The parts are copied as encoded once and each filling written straight into
 * one buffer of the right size (a Buffer per filling and a concat cost more than everything else of the fill).
 */
export function fillForLoggedIn(
  t: PersonalTemplate,
  viewer: LoggedInViewer,
  voted: ReadonlySet<string>,
  counts?: ReadonlyMap<string, { upvotes: number }>,
  alloc: (length: number) => Buffer = Buffer.allocUnsafe,
): Buffer {
  votePatterns ??= { voted: patternOf(true), notVoted: patternOf(false) };
  const { csrfMeta, accountNav } = viewerPartsOf(viewer);
  const csrf = viewer.csrf;
  const plainCsrf = PLAIN.test(csrf);
  // First pass: each slot's filling (a buffer, or a pattern with its count) and the page's length.
  const fillings: (Buffer | { pattern: VotePattern; id: string; upvotes: string })[] = [];
  let length = 0;
  for (const part of t.encoded) length += part.length;
  for (const s of t.slots) {
    if (s.kind === 'part') {
      const b = Buffer.from(renderPart(s.part, { user: viewer.user, csrf, claims: viewer.claims ?? null }));
      fillings.push(b);
      length += b.length;
      continue;
    }
    if (s.kind !== 'vote') {
      const b = s.kind === 'csrf-meta' ? csrfMeta : accountNav;
      fillings.push(b);
      length += b.length;
      continue;
    }
    const upvotes = counts?.get(s.id)?.upvotes ?? s.upvotes;
    const isVoted = voted.has(s.id);
    if (!plainCsrf || !PLAIN.test(s.id)) {
      const b = Buffer.from(
        String(<VoteButton paperId={s.id} upvotes={upvotes} state={{ csrf, voted: new Set(isVoted ? [s.id] : []), loginNext: '/' }} />),
      );
      fillings.push(b);
      length += b.length;
      continue;
    }
    const pattern = isVoted ? votePatterns.voted : votePatterns.notVoted;
    const count = String(upvotes);
    fillings.push({ pattern, id: s.id, upvotes: count });
    // ASCII (PLAIN and digits): as many bytes as characters.
    length += pattern.fixed + pattern.ids * s.id.length + pattern.csrfs * csrf.length + pattern.counts * count.length;
  }
  // Second pass: copy and write.
  const out = alloc(length);
  let at = t.encoded[0]!.copy(out, 0);
  for (let i = 0; i < fillings.length; i++) {
    const f = fillings[i]!;
    if (Buffer.isBuffer(f)) at += f.copy(out, at);
    else {
      for (const piece of f.pattern.pieces) {
        if (typeof piece !== 'string') at += piece.copy(out, at);
        else at += out.write(piece === 'id' ? f.id : piece === 'csrf' ? csrf : f.upvotes, at, 'latin1');
      }
    }
    at += t.encoded[i + 1]!.copy(out, at);
  }
  // The buffer may be one a page for someone else was filled in (cached-pages-listener.ts): every byte is written.
  if (at !== length) throw new Error(`a filled page came out ${at} bytes long, not ${length}`);
  return out;
}

/**
 * The page as the logged-in viewer of `c` sees it: their menu, token and votes, with the counts the page was rendered
 * with (what anonymous visitors see too; the page cache drops the page within a second of any vote). A viewer who
 * voted since it was rendered, or on a process that keeps no upvotes in memory, gets the counts from the database:
 * their own vote always shows at once.
 */
export async function fillForViewer(c: Context, deps: AppDeps, t: PersonalTemplate): Promise<Buffer> {
  const user = c.get('viewer').user!;
  const caches = deps.viewerCaches;
  const claims = t.needsClaims
    ? caches
      ? caches.claims.of(user.id, () => claimsOfUser(deps.sql, user.id))
      : claimsOfUser(deps.sql, user.id)
    : Promise.resolve(null);
  if (caches && !caches.upvotes.changedSince(user.id, t.renderedAt)) {
    const [csrf, voted, mine] = await Promise.all([
      csrfToken(c, deps),
      caches.upvotes.of(user.id, () => upvotedPaperIds(deps.sql, user.id)),
      claims,
    ]);
    return fillForLoggedIn(t, { user, csrf, claims: mine }, voted);
  }
  const [csrf, states, mine] = await Promise.all([csrfToken(c, deps), voteStatesOf(deps.sql, user.id, t.paperIds), claims]);
  const voted = new Set([...states].flatMap(([id, s]) => (s.voted ? [id] : [])));
  return fillForLoggedIn(t, { user, csrf, claims: mine }, voted, states);
}
