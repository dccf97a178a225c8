// What a page says after it queued a confirmation mail: sent, still trying (the mail server is down), or refused.
// One wording for every such page, so "we sent you a mail" is only ever said when it is true.
import type { Child } from 'hono/jsx';
import type { DeliveryOutcome } from '../../mail/outbox.ts';
import { MAIL_QUEUED_TEXT } from '../outgoing-mail.ts';

export function MailOutcome(p: { outcome: DeliveryOutcome; email: string; openIt: string; refused: Child }) {
  if (p.outcome === 'sent') {
    return (
      <>
        <h1>Check your inbox</h1>
        <p>
          We sent a mail to <strong>{p.email}</strong>. {p.openIt}
        </p>
      </>
    );
  }
  if (p.outcome === 'queued') {
    return (
      <>
        <h1>Check your inbox soon</h1>
        <p>{MAIL_QUEUED_TEXT}</p>
        <p>
          It goes to <strong>{p.email}</strong>. {p.openIt}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>We could not send you a mail</h1>
      <p>
        Our mail server refused to deliver a mail to <strong>{p.email}</strong>
        {p.refused}
      </p>
    </>
  );
}
