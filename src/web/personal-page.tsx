// A page rendered once for every viewer (and cached once), with the parts that are each viewer's own left as slots:
// the account menu, the CSRF meta tag and the vote buttons of its cards. An anonymous visitor gets the slots filled
// for nobody (stored so, the bytes the page cache sends); a logged-in one gets them filled from one indexed query
// (the cards' counts now and which of them they upvoted) and their session's CSRF token. So a logged-in feed costs
// a cache lookup, that query and string joins, where rendering it costs the feed's queries and 50 cards of math.
// Only routes whose page differs between viewers in nothing else are rendered so (routes.ts: `personal: true`).
import type { Context } from 'hono';
import { voteStatesOf } from '../store/votes.ts';
import type { AppDeps } from './deps.ts';
import { csrfToken } from './http/csrf.ts';
import { AccountNav, CsrfMeta, type PageViewer } from './views/layout.tsx';
import { VoteButton, type VoteState } from './views/vote-button.tsx';

declare module 'hono' {
  interface ContextVariableMap {
    /** The page is being rendered for every viewer: per-viewer parts become slots. */
    renderSlots: boolean;
  }
}

/** Whether the page now rendered is the shared one with slots (renderPage and voteStateFor ask). */
export function rendersSlots(c: Context): boolean {
  return c.get('renderSlots') === true;
}

type Slot = { kind: 'vote'; id: string; upvotes: number } | { kind: 'csrf-meta' } | { kind: 'account-nav' };

/** A page split at its slots: parts[0], slot 0, parts[1], …, parts[n]. */
export interface PersonalTemplate {
  parts: string[];
  /** The parts UTF-8 encoded, once: encoding a whole page per viewer cost more than all the rest of the fill. */
  encoded: Buffer[];
  slots: Slot[];
  /** The papers whose vote buttons it shows. */
  paperIds: string[];
}

// The markers views/layout.tsx (VIEWER_SLOTS) and views/vote-button.tsx (voteSlot) write.
const SLOT = /<!--dp:(?:vote ([^ ]+) (\d+)|(csrf-meta)|(account-nav))-->/g;

/** Splits a page rendered with slots; null when it has none (nothing of it is per viewer). */
export function parseTemplate(html: string): PersonalTemplate | null {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let at = 0;
  for (const m of html.matchAll(SLOT)) {
    parts.push(html.slice(at, m.index));
    slots.push(
      m[1] !== undefined ? { kind: 'vote', id: m[1], upvotes: Number(m[2]) } : m[3] ? { kind: 'csrf-meta' } : { kind: 'account-nav' },
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
  };
}

interface Fills {
  csrfMeta: string;
  accountNav: string;
  vote: (id: string, upvotes: number) => string;
}

function fill(t: PersonalTemplate, f: Fills): string {
  let out = t.parts[0]!;
  for (let i = 0; i < t.slots.length; i++) {
    const s = t.slots[i]!;
    out += s.kind === 'vote' ? f.vote(s.id, s.upvotes) : s.kind === 'csrf-meta' ? f.csrfMeta : f.accountNav;
    out += t.parts[i + 1]!;
  }
  return out;
}

// A logged-in page has up to 50 vote buttons, each a small form: rendered through JSX each time they cost more than
// the rest of the fill. So each kind (upvoted or not) is rendered once with markers where the paper id, the count
// and the token go, and filled by joining strings: the same bytes, as a test checks, for every id and token that
// HTML does not escape (arXiv ids and our base64url tokens; anything else goes through JSX).
const MARK = { id: 'DPSLOTPAPERID', csrf: 'DPSLOTCSRFTOKEN', upvotes: 987654321 } as const;
const PLAIN = /^[A-Za-z0-9._/-]+$/;
type Piece = string | 'id' | 'csrf' | 'upvotes';
let votePatterns: { voted: Piece[]; notVoted: Piece[] } | null = null;

function patternOf(voted: boolean): Piece[] {
  const html = String(
    <VoteButton
      paperId={MARK.id}
      upvotes={MARK.upvotes}
      state={{ csrf: MARK.csrf, voted: new Set(voted ? [MARK.id] : []), loginNext: '/' }}
    />,
  );
  return html
    .split(new RegExp(`(${MARK.id}|${MARK.csrf}|${MARK.upvotes})`))
    .map((part) => (part === MARK.id ? 'id' : part === MARK.csrf ? 'csrf' : part === String(MARK.upvotes) ? 'upvotes' : part));
}

function loggedInVote(id: string, upvotes: number, csrf: string, voted: boolean): string {
  if (!PLAIN.test(id) || !PLAIN.test(csrf)) {
    return String(<VoteButton paperId={id} upvotes={upvotes} state={{ csrf, voted: new Set(voted ? [id] : []), loginNext: '/' }} />);
  }
  votePatterns ??= { voted: patternOf(true), notVoted: patternOf(false) };
  let out = '';
  for (const piece of voted ? votePatterns.voted : votePatterns.notVoted) {
    out += piece === 'id' ? id : piece === 'csrf' ? csrf : piece === 'upvotes' ? String(upvotes) : piece;
  }
  return out;
}

function fillsFor(viewer: PageViewer | undefined, state: VoteState, counts?: Map<string, { upvotes: number }>): Fills {
  const csrf = state.csrf;
  return {
    csrfMeta: String(<CsrfMeta csrf={viewer?.csrf ?? null} />),
    accountNav: String(<AccountNav viewer={viewer} />),
    vote:
      csrf === null
        ? (id, upvotes) => String(<VoteButton paperId={id} upvotes={upvotes} state={state} />)
        : (id, upvotes) => loggedInVote(id, counts?.get(id)?.upvotes ?? upvotes, csrf, state.voted.has(id)),
  };
}

/** The page as an anonymous visitor sees it (`loginNext`: where the vote links' log-in returns, this page). */
export function fillAnonymously(t: PersonalTemplate, loginNext: string): string {
  return fill(t, fillsFor(undefined, { csrf: null, voted: new Set(), loginNext }));
}

/** The page's bytes with the slots filled by `f` (the fillings are small, and ASCII but for names). */
function fillBytes(t: PersonalTemplate, f: Fills): Buffer {
  const pieces: Buffer[] = [t.encoded[0]!];
  for (let i = 0; i < t.slots.length; i++) {
    const s = t.slots[i]!;
    pieces.push(
      Buffer.from(s.kind === 'vote' ? f.vote(s.id, s.upvotes) : s.kind === 'csrf-meta' ? f.csrfMeta : f.accountNav),
      t.encoded[i + 1]!,
    );
  }
  return Buffer.concat(pieces);
}

/** The page as the logged-in viewer of `c` sees it: their menu, token, votes, and the counts as they are now. */
export async function fillForViewer(c: Context, deps: AppDeps, t: PersonalTemplate): Promise<Buffer> {
  const user = c.get('viewer').user!;
  const [csrf, states] = await Promise.all([csrfToken(c, deps), voteStatesOf(deps.sql, user.id, t.paperIds)]);
  const voted = new Set([...states].flatMap(([id, s]) => (s.voted ? [id] : [])));
  const loginNext = c.req.path + (new URL(c.req.url).search || '');
  return fillBytes(t, fillsFor({ user, csrf }, { csrf, voted, loginNext }, states));
}
