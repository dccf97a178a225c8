// A new comment and the mails it sends: to the author of the comment it answers and to the paper's submitter,
// when they asked for them (and their address is verified). The comment and its mails commit together.
import type { Config } from '../config.ts';
import { plainTextOf } from '../core/math.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { addCommentIn, locateComment, type AddCommentResult, type NewComment, type Recipient } from '../store/comments.ts';
import { paperActivityMail, replyMail } from './comment-mails.ts';
import { deliverQueued, queueMail } from './mail-queue.ts';
import type { MailMessage } from './mailer.ts';
import type { MailOutbox } from './outbox.ts';

type NotifyDeps = { config: Pick<Config, 'siteName' | 'baseUrl'> };

/** A posted comment, or why it was refused, with the page of its paper's thread it is on and its depth there. */
export type PostedComment = { result: AddCommentResult; page: number; depth: number };

/**
 * Adds the comment `input` by `author` and queues its notification mails in one transaction, then gives the
 * outbox a moment to send them (the commenter is not told how they went: the outbox retries). `pathOf` is the
 * site path of the comment on `page`, for the mails' permalink.
 */
export async function postCommentAndNotify(
  deps: NotifyDeps & { sql: Sql; outbox: MailOutbox },
  author: { displayName: string },
  input: NewComment,
  pathOf: (commentId: number, page: number) => string,
): Promise<PostedComment> {
  const added = await deps.sql.begin(async (tx) => {
    const result = await addCommentIn(tx, input);
    if (!result.ok) return { result, page: 1, depth: 0, mailIds: [] as number[] };
    const { page, depth } = (await locateComment(tx, result.comment.id)) ?? { page: 1, depth: 0 };
    const mailIds = await queueCommentNotifications(tx, deps, author, result, `${deps.config.baseUrl}${pathOf(result.comment.id, page)}`);
    return { result, page, depth, mailIds };
  });
  await deliverQueued(deps, added.mailIds);
  return { result: added.result, page: added.page, depth: added.depth };
}

// In the comment's transaction: queue mail to the people who asked for it; returns the outbox ids.
async function queueCommentNotifications(
  tx: Tx,
  deps: NotifyDeps,
  author: { displayName: string },
  result: Extract<AddCommentResult, { ok: true }>,
  permalink: string,
): Promise<number[]> {
  const mails: MailMessage[] = [];
  const base = {
    siteName: deps.config.siteName,
    baseUrl: deps.config.baseUrl,
    commenterName: author.displayName,
    paperTitle: plainTextOf(result.paperTitle),
    body: result.comment.body,
    permalink,
  };
  const eligible = (r: Recipient | null): r is Recipient => r?.wantsMail === true && r.emailVerified;
  if (eligible(result.parentAuthor)) {
    mails.push(replyMail({ ...base, to: result.parentAuthor.email, recipientName: result.parentAuthor.displayName }));
  }
  // Someone who submitted the paper and wrote the comment answered gets one mail, not two.
  if (eligible(result.submitter) && result.submitter.userId !== result.parentAuthor?.userId) {
    mails.push(paperActivityMail({ ...base, to: result.submitter.email, recipientName: result.submitter.displayName }));
  }
  const ids: number[] = [];
  for (const m of mails) ids.push(await queueMail(tx, deps, 'notification', m));
  return ids;
}
