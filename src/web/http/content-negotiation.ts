// The one negotiated variant of a page: Markdown for clients that ask for it (agents, scripts) instead of HTML. The
// page caches key pages by URL alone, so they ask here first and leave such requests to the handler.

/** True when an Accept header prefers Markdown to HTML (`text/markdown` named, and before any `text/html`). */
export function wantsMarkdown(accept: string | undefined): boolean {
  if (!accept?.includes('text/markdown')) return false;
  const html = accept.indexOf('text/html');
  return html < 0 || accept.indexOf('text/markdown') < html;
}
