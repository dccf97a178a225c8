// The texts of comment notifications: a reply to your comment, a comment on a paper you submitted.
// Plain text only: the comment is quoted as its author wrote it (Markdown), never as HTML.
import type { MailMessage } from './mailer.ts';

/** How much of the new comment a notification quotes. */
const QUOTE_CHARS = 1000;

export interface CommentMailInput {
  siteName: string;
  baseUrl: string;
  to: string;
  recipientName: string;
  commenterName: string;
  paperTitle: string;
  body: string;
  permalink: string;
}

// Subjects are one line (the mailer refuses line breaks) and short enough to read in a list.
function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function quote(body: string): string {
  const cut = body.length > QUOTE_CHARS ? `${body.slice(0, QUOTE_CHARS)}…` : body;
  return cut
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

function footer(m: CommentMailInput, setting: string): string {
  return `\n\n--\nYou get this mail because "${setting}" is on in your settings. Turn it off at ${m.baseUrl}/settings\n`;
}

/** The mail to someone whose comment got a reply. */
export function replyMail(m: CommentMailInput): MailMessage {
  return {
    to: m.to,
    subject: oneLine(`${m.commenterName} replied to your comment on "${m.paperTitle}"`, 150),
    text: `Hello ${m.recipientName},\n\n${m.commenterName} replied to your comment on "${oneLine(m.paperTitle, 300)}":\n\n${quote(m.body)}\n\nRead and answer it here:\n${m.permalink}${footer(m, 'Email me when someone replies to my comments')}`,
  };
}

/** The mail to whoever submitted a paper, when someone comments on it. */
export function paperActivityMail(m: CommentMailInput): MailMessage {
  return {
    to: m.to,
    subject: oneLine(`${m.commenterName} commented on "${m.paperTitle}", which you submitted`, 150),
    text: `Hello ${m.recipientName},\n\n${m.commenterName} commented on "${oneLine(m.paperTitle, 300)}", a paper you submitted to ${m.siteName}:\n\n${quote(m.body)}\n\nRead and answer it here:\n${m.permalink}${footer(m, 'Email me about comments on papers I submitted')}`,
  };
}
