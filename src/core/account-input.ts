// Checks of what people type into account forms. Each returns the cleaned value or the message to show.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function checkEmail(raw: string): Checked<string> {
  const v = raw.trim();
  if (v === '') return { ok: false, error: 'Enter your email address.' };
  if (v.length > 254 || !EMAIL.test(v)) return { ok: false, error: 'Enter an email address like ada@example.org.' };
  return { ok: true, value: v };
}

const USERNAME = /^[a-z0-9](?:[a-z0-9_-]{1,28}[a-z0-9])$/;
// Names that would read as the site speaking, or collide with routes.
const RESERVED = new Set([
  'admin',
  'administrator',
  'moderator',
  'mod',
  'root',
  'system',
  'support',
  'api',
  'papers',
  'settings',
  'login',
  'logout',
  'signup',
  'deleted',
  'anonymous',
  'null',
  'undefined',
]);

export function checkUsername(raw: string): Checked<string> {
  const v = raw.trim().toLowerCase();
  if (!USERNAME.test(v))
    return { ok: false, error: 'Use 3 to 30 lowercase letters, digits, - or _, starting and ending with a letter or digit.' };
  if (RESERVED.has(v)) return { ok: false, error: 'That name is reserved; choose another.' };
  return { ok: true, value: v };
}

/** Display names are shown everywhere: no control or invisible characters, no line breaks. */
export function checkDisplayName(raw: string, fallback: string): Checked<string> {
  const v = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (v === '') return { ok: true, value: fallback };
  if (v.length > 50) return { ok: false, error: 'Use at most 50 characters.' };
  return { ok: true, value: v };
}
