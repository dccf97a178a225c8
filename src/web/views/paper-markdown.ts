// GET /papers/{id}.md: the paper page as Markdown, what Hugging Face's `read_paper()` / `hf papers read` fetch and what
// people paste into a chat with a language model. Text stays as arXiv sent it (LaTeX included): a reader or a model
// reads $x^2$ better than a rendering of it.
import { arxivAbsUrl, arxivPdfUrl } from '../../core/arxiv-id.ts';
import { safeHttpUrl } from '../../core/urls.ts';
import type { ThreadComment } from '../../store/comments.ts';
import type { PaperDetail } from '../../store/papers.ts';

export interface PaperMarkdownInput {
  paper: PaperDetail;
  bibtex: string;
  /** The thread in reading order (depth-first), and how many top-level comments it has beyond those given. */
  comments: ThreadComment[];
  moreComments: number;
  /** The site's absolute base URL, for the link back to the page. */
  baseUrl: string;
}

// Markdown reads `*`, `_`, `[`, `<` and a leading `#` in a line as syntax; in a title or a name they are text.
const INLINE_SYNTAX = /([\\`*_[\]<>#])/g;

function inline(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(INLINE_SYNTAX, '\\$1');
}

function day(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

function linkLines(p: PaperDetail): string[] {
  const lines = [`- arXiv: ${arxivAbsUrl(p.id)}`, `- PDF: ${arxivPdfUrl(p.id)}`];
  const code = p.links.filter((l) => l.kind === 'code').map((l) => safeHttpUrl(l.url));
  const project = p.links.filter((l) => l.kind === 'project').map((l) => safeHttpUrl(l.url));
  for (const url of new Set([safeHttpUrl(p.githubRepo ?? ''), ...code])) if (url) lines.push(`- Code: ${url}`);
  for (const url of new Set([safeHttpUrl(p.projectPage ?? ''), ...project])) if (url) lines.push(`- Project page: ${url}`);
  if (p.doi) lines.push(`- DOI: https://doi.org/${p.doi}`);
  return lines;
}

function commentBlock(c: ThreadComment): string {
  const who = c.author ? `${inline(c.author.displayName)} (@${c.author.username})` : 'a deleted account';
  const head = `**${who}** · ${c.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${c.editedAt ? ' (edited)' : ''}`;
  const body =
    c.state === 'visible' ? c.body.trim() : c.state === 'deleted' ? '_[deleted by its author]_' : '_[removed by the moderators]_';
  // Replies are quoted one level deeper per depth, so the thread's shape survives as plain text.
  const quote = '> '.repeat(c.depth);
  return `${head}\n\n${body}`
    .split('\n')
    .map((line) => (quote + line).trimEnd())
    .join('\n');
}

/** Returns the Markdown document of one paper. */
export function paperMarkdown({ paper: p, bibtex, comments, moreComments, baseUrl }: PaperMarkdownInput): string {
  const out: string[] = [`# ${inline(p.title)}`, ''];
  if (p.withdrawn) out.push('> This paper has been withdrawn by its authors.', '');
  out.push(`**Authors:** ${p.authors.map(inline).join(', ') || 'unknown'}`, '');
  const facts = [
    `arXiv:${p.id}${p.version > 1 ? `v${p.version}` : ''}`,
    day(p.publishedAt) && `published ${day(p.publishedAt)}`,
    p.dailyDate && `featured on ${p.dailyDate}`,
    p.categories.length > 0 && p.categories.join(', '),
    `${p.upvotes} upvote${p.upvotes === 1 ? '' : 's'}`,
    p.organization && `organization: ${inline(p.organization.fullname ?? p.organization.name)}`,
  ].filter(Boolean);
  out.push(facts.join(' · '), '', ...linkLines(p), `- On this site: ${baseUrl}/papers/${p.id}`, '');
  out.push('## Abstract', '', p.abstract.trim() || '_No abstract._', '');
  if (p.aiSummary) out.push('## AI summary', '', p.aiSummary.trim(), '');
  if (p.aiKeywords && p.aiKeywords.length > 0) out.push(`**Keywords:** ${p.aiKeywords.map(inline).join(', ')}`, '');
  if (p.comments) out.push(`**arXiv comments:** ${inline(p.comments)}`, '');
  if (p.journalRef) out.push(`**Journal reference:** ${inline(p.journalRef)}`, '');
  out.push('## BibTeX', '', '```bibtex', bibtex.trimEnd(), '```', '');
  out.push(`## Discussion (${p.numComments} comment${p.numComments === 1 ? '' : 's'})`, '');
  if (comments.length === 0) out.push('No comments yet.', '');
  for (const c of comments) out.push(commentBlock(c), '');
  if (moreComments > 0) out.push(`${moreComments} more threads on ${baseUrl}/papers/${p.id}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
