// Only http(s) URLs from imported data become links: a `javascript:` or `data:` URL in a
// "githubRepo" field must never reach an href.

/** Returns `url` when it is an absolute http(s) URL, else null. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
