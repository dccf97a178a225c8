// A page rendered once for every viewer (and cached once), with the parts that are each viewer's own left as slots:
// the account menu, the CSRF meta tag and the vote buttons of its cards. An anonymous visitor gets the slots filled
// for nobody (stored so, the bytes the page cache sends); a logged-in one gets them filled with their session's CSRF
// token and which cards they upvoted (from memory, viewer-caches.ts; the counts are the page's, which the page cache
// renews within a second of any vote). So a logged-in feed costs a cache lookup and byte copies, where rendering it
// costs the feed's queries and 50 cards of math. A viewer who voted since the page was rendered gets the counts from
// one indexed query, so their own vote always shows at once.
// Filling a page for a logged-in viewer is logged-in-fill.tsx.
// Other parts of a page that are the viewer's own (a paper page's comment forms and actions, its claim box) are
// rendered per viewer at fill time by a function the shared render left in their slot (viewerPart); a user the
// page is not for at all (a collection's owner) gets their own render (notForUser).
// Only routes whose page differs between viewers in nothing else are rendered so (routes.ts: `personal: true`).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { OwnClaim } from '../store/author-claims.ts';
import type { User } from '../store/users.ts';
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

export interface ViewerPartRender {
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

/** A viewer part's filling for `viewer`: rendered once per shape and given their token, or rendered for them. */
export function renderPart(part: ViewerPartRender | undefined, viewer: PartViewer): string {
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

export type Slot =
  | { kind: 'vote'; id: string; upvotes: number }
  | { kind: 'csrf-meta' }
  | { kind: 'account-nav' }
  | { kind: 'part'; part: ViewerPartRender };

/** A page split at its slots: encoded[0], slot 0, encoded[1], …, encoded[n]. */
export interface PersonalTemplate {
  /** The parts between slots, UTF-8 encoded once: encoding a whole page per viewer cost more than all the rest of the fill. */
  encoded: Buffer[];
  /** Bytes held by `encoded` (what the page cache counts). */
  bytes: number;
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
  const encoded = parts.map((p) => Buffer.from(p));
  return {
    encoded,
    bytes: encoded.reduce((n, b) => n + b.length, 0),
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
  let out = t.encoded[0]!.toString();
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
    out += t.encoded[i + 1]!.toString();
  }
  return out;
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
