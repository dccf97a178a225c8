// Password hashing with argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane), via @node-rs/argon2.
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
// Hashing megabytes of "password" is a cheap denial of service: nothing longer is ever hashed. Every password
// the site ever accepted is within it, so a longer one cannot match and fails without being hashed.
export const MAX_PASSWORD_LENGTH = 256;

/** The argon2id PHC string of `password`; refuses one over MAX_PASSWORD_LENGTH (callers check passwordProblem first). */
export function hashPassword(password: string): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH)
    return Promise.reject(new Error(`refusing to hash a password of ${password.length} characters`));
  return hash(password, OPTIONS);
}

/** Whether `password` matches the stored hash; false at once, unhashed, for one over MAX_PASSWORD_LENGTH. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

// Verifying against this when the email is unknown makes a failed login take as long either way,
// so timing does not tell which addresses have accounts.
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not the password of anyone');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}
