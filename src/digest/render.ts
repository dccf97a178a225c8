// A digest as mail: a plain-text part and a simple HTML part (tables and inline styles, as mail clients
// and phones need; no images, no scripts, nothing remote), both with the links back to the site.
import { escapeHtml, truncateWords } from '../core/math.ts';
import type { DigestSection } from './content.ts';

export interface DigestLinks {
  siteName: string;
  baseUrl: string;
  periodLabel: string; // "Friday, November 27, 2026" or "the week of November 23, 2026"
  viewUrl: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

export const DIGEST_ABSTRACT_CHARS = 280;

function authorLine(authors: string[]): string {
  return authors.length <= 3 ? authors.join(', ') : `${authors.slice(0, 3).join(', ')} et al. (${authors.length} authors)`;
}

export function renderDigest(sections: DigestSection[], l: DigestLinks): RenderedDigest {
  const count = sections.reduce((n, s) => n + s.papers.length, 0);
  const top = sections[0]?.papers[0];
  // One line whatever the title holds: a header with a line break would be a header injection.
  const subject =
    `${l.siteName}: ${count} paper${count === 1 ? '' : 's'} for ${l.periodLabel}${top ? ` · ${truncateWords(top.plainTitle, 60)}` : ''}`.replace(
      /\s+/g,
      ' ',
    );

  const text: string[] = [`${l.siteName} · ${l.periodLabel}`, `View in your browser: ${l.viewUrl}`, ''];
  const html: string[] = [];
  for (const s of sections) {
    text.push(s.title.toUpperCase(), '');
    html.push(`<h2 style="font-size:17px;margin:24px 0 8px;color:#111827">${escapeHtml(s.title)}</h2>`);
    for (const p of s.papers) {
      const url = `${l.baseUrl}/papers/${p.id}`;
      const title = p.plainTitle;
      const abstract = p.plainAbstract;
      const stats = `▲ ${p.upvotes}${p.numComments ? ` · ${p.numComments} comment${p.numComments === 1 ? '' : 's'}` : ''}`;
      text.push(`* ${title}`, `  ${authorLine(p.authors)}`, `  ${stats} · ${url}`, `  ${abstract}`, '');
      html.push(
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px"><tr><td style="padding:12px;border:1px solid #e5e7eb;border-radius:8px">' +
          `<a href="${escapeHtml(url)}" style="font-size:16px;font-weight:600;color:#1d4ed8;text-decoration:none">${escapeHtml(title)}</a>` +
          `<div style="color:#6b7280;font-size:13px;margin:4px 0">${escapeHtml(authorLine(p.authors))}</div>` +
          `<div style="font-size:14px;color:#111827;line-height:1.45">${escapeHtml(abstract)}</div>` +
          `<div style="font-size:13px;color:#6b7280;margin-top:6px">${escapeHtml(stats)} · <a href="${escapeHtml(url)}" style="color:#1d4ed8">Read and discuss</a> · <a href="https://arxiv.org/pdf/${escapeHtml(p.id)}" style="color:#1d4ed8">PDF</a></div>` +
          '</td></tr></table>',
      );
    }
  }
  text.push('--', `Change what you receive: ${l.preferencesUrl}`, `Unsubscribe: ${l.unsubscribeUrl}`);
  const page =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(subject)}</title></head>` +
    '<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-radius:10px"><tr><td style="padding:20px">' +
    `<div style="font-size:13px;color:#6b7280"><a href="${escapeHtml(l.viewUrl)}" style="color:#6b7280">View in your browser</a></div>` +
    `<h1 style="font-size:22px;margin:8px 0 0;color:#111827">${escapeHtml(l.siteName)}</h1>` +
    `<div style="color:#6b7280;font-size:14px">${escapeHtml(l.periodLabel)}</div>` +
    html.join('') +
    `<p style="font-size:12px;color:#6b7280;margin-top:24px">You receive this because you subscribed at ${escapeHtml(l.baseUrl)}. ` +
    `<a href="${escapeHtml(l.preferencesUrl)}" style="color:#6b7280">Change what you receive</a> · <a href="${escapeHtml(l.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a></p>` +
    '</td></tr></table></td></tr></table></body></html>';
  return { subject, text: text.join('\n'), html: page };
}
