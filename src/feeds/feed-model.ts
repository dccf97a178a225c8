// What every syndication feed holds, whatever its format, and how papers become feed items.
import { plainTextOf, truncateWords } from '../core/math.ts';
import { escapeHtml } from '../core/math.ts';
import type { FeedPaper } from '../store/papers.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedItem {
  /** Stable forever: the paper's URL on this site (also what RSS readers dedupe on). */
  id: string;
  url: string;
  title: string; // plain text (math as its TeX source)
  summary: string; // plain text
  contentHtml: string; // small, self-contained HTML: no scripts, no site CSS needed
  authors: string[];
  categories: string[];
  published: Date;
  updated: Date;
}

export interface Feed {
  title: string;
  description: string;
  /** The HTML page this feed follows. */
  homeUrl: string;
  /** This feed's own URL. */
  feedUrl: string;
  updated: Date;
  items: FeedItem[];
}

const SUMMARY_CHARS = 500;

/** When a paper entered this listing: the day it was featured (or submitted), else its publication. */
function itemDate(p: FeedPaper): Date {
  if (p.submittedAt) return p.submittedAt;
  if (p.dailyDate) return new Date(`${p.dailyDate}T00:00:00Z`);
  return p.publishedAt ?? new Date(0);
}

export function paperItem(p: FeedPaper, baseUrl: string): FeedItem {
  const url = `${baseUrl}/papers/${p.id}`;
  const abstract = plainTextOf(p.abstract);
  const links = [
    `<a href="${escapeHtml(url)}">Discuss on the site</a>`,
    `<a href="https://arxiv.org/abs/${escapeHtml(p.id)}">arXiv</a>`,
    `<a href="https://arxiv.org/pdf/${escapeHtml(p.id)}">PDF</a>`,
    ...(p.githubRepo && /^https?:\/\//.test(p.githubRepo) ? [`<a href="${escapeHtml(p.githubRepo)}">Code</a>`] : []),
  ];
  const published = itemDate(p);
  return {
    id: url,
    url,
    title: plainTextOf(p.title),
    summary: truncateWords(abstract, SUMMARY_CHARS),
    contentHtml:
      `<p>${escapeHtml(p.authors.join(', '))}</p>` +
      `<p>${escapeHtml(abstract)}</p>` +
      `<p>${p.upvotes} upvote${p.upvotes === 1 ? '' : 's'} · ${links.join(' · ')}</p>`,
    authors: p.authors,
    categories: p.categories,
    published,
    updated: published,
  };
}

export function feedOfPapers(meta: Omit<Feed, 'items' | 'updated'>, papers: FeedPaper[], baseUrl: string): Feed {
  const items = papers.map((p) => paperItem(p, baseUrl));
  const updated = new Date(items.reduce((max, i) => Math.max(max, i.updated.getTime()), 0));
  return { ...meta, items, updated: items.length > 0 ? updated : new Date(0) };
}
