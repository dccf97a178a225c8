// The whole page a form answers with once it has queued a confirmation mail (sign-up, digest subscription):
// its title follows the outcome, its body is views/mail-outcome.tsx.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { DeliveryOutcome } from '../mail/outbox.ts';
import type { AppDeps } from './deps.ts';
import { renderPage } from './render-page.tsx';
import { MailOutcome } from './views/mail-outcome.tsx';

export function mailOutcomePage(
  c: Context,
  deps: AppDeps,
  p: { outcome: DeliveryOutcome; email: string; openIt: string; refused: Child; after?: Child },
): Promise<Response> {
  return renderPage(
    c,
    deps,
    { title: p.outcome === 'failed' ? 'Mail refused' : 'Check your inbox' },
    <section class="form-page">
      <MailOutcome outcome={p.outcome} email={p.email} openIt={p.openIt} refused={p.refused} />
      {p.after}
    </section>,
  );
}
