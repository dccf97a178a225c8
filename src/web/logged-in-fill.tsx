// A shared page (personal-page.tsx) filled for one logged-in viewer: their account menu and token, their upvotes
// pressed, their viewer parts. From memory when the process holds what it needs (viewer-caches.ts), else from the
// database; written as bytes into one buffer.
import type { Context } from 'hono';
import { claimsOfUser, type OwnClaim } from '../store/author-claims.ts';
import type { User } from '../store/users.ts';
import { upvotedPaperIds, voteStatesOf } from '../store/votes.ts';
import type { AppDeps } from './deps.ts';
import { csrfToken } from './http/csrf.ts';
import { type PersonalTemplate, renderPart } from './personal-page.tsx';
import { AccountNav, CsrfMeta } from './views/layout.tsx';
import { VoteButton } from './views/vote-button.tsx';

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
const menusAndTags = new WeakMap<object, { csrf: string; csrfMeta: Buffer; accountNav: Buffer }>();

function menuAndTagOf(viewer: LoggedInViewer): { csrfMeta: Buffer; accountNav: Buffer } {
  const known = menusAndTags.get(viewer.user);
  if (known && known.csrf === viewer.csrf) return known;
  const parts = {
    csrf: viewer.csrf,
    csrfMeta: Buffer.from(String(<CsrfMeta csrf={viewer.csrf} />)),
    accountNav: Buffer.from(String(<AccountNav viewer={viewer} />)),
  };
  if (Object.isFrozen(viewer.user)) menusAndTags.set(viewer.user, parts);
  return parts;
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
  const { csrfMeta, accountNav } = menuAndTagOf(viewer);
  const csrf = viewer.csrf;
  const plainCsrf = PLAIN.test(csrf);
  // First pass: each slot's filling (a buffer, or a pattern with its count) and the page's length.
  const fillings: (Buffer | { pattern: VotePattern; id: string; upvotes: string })[] = [];
  let length = 0;
  for (const part of t.encoded) length += part.length;
  const add = (b: Buffer) => {
    fillings.push(b);
    length += b.length;
  };
  for (const s of t.slots) {
    if (s.kind === 'part') add(Buffer.from(renderPart(s.part, { user: viewer.user, csrf, claims: viewer.claims ?? null })));
    if (s.kind === 'csrf-meta') add(csrfMeta);
    if (s.kind === 'account-nav') add(accountNav);
    if (s.kind !== 'vote') continue;
    const upvotes = counts?.get(s.id)?.upvotes ?? s.upvotes;
    const isVoted = voted.has(s.id);
    if (!plainCsrf || !PLAIN.test(s.id)) {
      add(
        Buffer.from(
          String(<VoteButton paperId={s.id} upvotes={upvotes} state={{ csrf, voted: new Set(isVoted ? [s.id] : []), loginNext: '/' }} />),
        ),
      );
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
  const claims = t.needsClaims ? claimsOf(deps, user.id) : Promise.resolve(null);
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

/** `userId`'s claims by paper id: from the process's memory of them when it keeps one. */
function claimsOf(deps: AppDeps, userId: number): Promise<ReadonlyMap<string, OwnClaim>> {
  const load = () => claimsOfUser(deps.sql, userId);
  return deps.viewerCaches ? deps.viewerCaches.claims.of(userId, load) : load();
}
