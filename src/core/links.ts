// Code and project-page links that authors mention in abstracts and arXiv comments.

/** A link found in paper text: code repositories are 'code', everything else 'project'. */
export interface PaperLink {
  url: string;
  kind: 'code' | 'project';
}

// Enough for any real abstract; more means a link list we should not be mirroring.
const MAX_LINKS = 10;
// Longer "URLs" are garbage, and would make the trailing-punctuation scan slow.
const MAX_URL_LENGTH = 2000;

// \url{...}/\href{...} first, then scheme or www. URLs, then scheme-less links to the big code hosts.
const CANDIDATE =
  /\\(?:url|href)\{([^{}\s]+)\}|((?:https?:\/\/|www\.)[^\s<>"{}\\|^`]+)|(?<![\w./@-])((?:github|gitlab)\.com\/[^\s<>"{}\\|^`]+)/gi;
const TRAILING_PUNCTUATION = '.,;:!?\'"*';
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };

const CODE_HOSTS = new Set(['github.com', 'gist.github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);
// Pages that cite other papers rather than this paper's own code or site.
const CITATION_HOSTS = new Set(['arxiv.org', 'export.arxiv.org', 'doi.org', 'dx.doi.org']);
const HF_NON_REPO = new Set(['papers', 'docs', 'blog', 'learn', 'join', 'login', 'pricing']);

/** Returns up to 10 distinct code and project links in the order they appear in text. */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    if (raw.length > MAX_URL_LENGTH) continue;
    const link = classify(stripTrailing(raw));
    if (!link) continue;
    const key = link.url.toLowerCase().replace(/\/$/, '');
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(link);
    if (links.length === MAX_LINKS) break;
  }
  return links;
}

// Sentence punctuation after a URL is not part of it, but "wiki/Foo_(bar)" keeps its balanced parenthesis.
function stripTrailing(url: string): string {
  let s = url;
  for (;;) {
    const last = s.at(-1);
    if (last === undefined) return s;
    const opener = CLOSERS[last];
    if (TRAILING_PUNCTUATION.includes(last)) s = s.slice(0, -1);
    else if (opener !== undefined && count(s, opener) < count(s, last)) s = s.slice(0, -1);
    else return s;
  }
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

function classify(raw: string): PaperLink | null {
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^www\./, '');
  if (!/\.[a-z]{2,}$/.test(host) || CITATION_HOSTS.has(host)) return null;
  const segments = u.pathname.split('/').filter((p) => p !== '');
  if (host === 'huggingface.co' && segments[0] === 'papers') return null;
  const isCode =
    CODE_HOSTS.has(host) ||
    host === 'sourceforge.net' ||
    host.endsWith('.sourceforge.net') ||
    host.endsWith('.sourceforge.io') ||
    (host === 'huggingface.co' && segments.length >= 2 && !HF_NON_REPO.has(segments[0]!));
  if (!isCode) return { url: withScheme, kind: 'project' };
  // One spelling per repository so the same repo cited as http://, www., .git or with a slash is listed once.
  const path = u.pathname.replace(/\/+$/, '').replace(/\.git$/i, '');
  return { url: `https://${host}${path}${u.search}${u.hash}`, kind: 'code' };
}
