// How pages send mail: the queue and the delivery are src/mail/mail-queue.ts (re-exported here for the pages);
// what is web's own is the sentence a page shows when its mail could not be sent yet.
export { deliverQueued, likelyOutcome, MAIL_WAIT_MS, queueMail } from '../mail/mail-queue.ts';

/** The sentence every page shows when its mail could not be sent yet. */
export const MAIL_QUEUED_TEXT = 'We could not send the mail yet; we will keep trying, it will arrive as soon as our mail server answers.';
