// A logged-in session without the log-in form (no password hashing): the token a `dp_session` cookie carries.
// For tests and benchmarks that need a logged-in viewer many times over.
import { randomToken, sha256 } from '../../src/auth/tokens.ts';
import type { Sql } from '../../src/db/connect.ts';
import { createSession } from '../../src/store/sessions.ts';

export async function sessionToken(sql: Sql, userId: number, days = 1): Promise<string> {
  const token = randomToken();
  await createSession(sql, {
    tokenHash: sha256(token),
    userId,
    expiresAt: new Date(Date.now() + days * 86_400_000),
    userAgent: null,
    ip: null,
  });
  return token;
}
