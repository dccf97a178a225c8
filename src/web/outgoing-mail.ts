// What is web's own in sending mail: the sentence a page shows when its mail could not be sent yet. The queue and
// the delivery are src/mail/mail-queue.ts.

/** The sentence every page shows when its mail could not be sent yet. */
export const MAIL_QUEUED_TEXT = 'We could not send the mail yet; we will keep trying, it will arrive as soon as our mail server answers.';
