// dailypapers admin create EMAIL [--username NAME]: bootstraps an administrator (or promotes an
// existing account), printing a one-time password for a new one. dailypapers admin role EMAIL ROLE.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { checkEmail, checkUsername } from '../core/account-input.ts';
import { hashPassword } from '../auth/password.ts';
import { openDatabase } from '../db/connect.ts';
import { UsageError } from '../errors.ts';
import { log } from '../log.ts';
import { setUserRole } from '../store/moderation.ts';
import { createUser, findUserByEmail, isUsernameTaken, type Role } from '../store/users.ts';

const USAGE = `Usage: dailypapers admin create EMAIL [--username NAME]   create an administrator, or make an account one
       dailypapers admin role EMAIL user|moderator|admin     change an account's role`;

/** A username from an address's local part, made valid and unique. */
async function usernameFor(sql: Parameters<typeof isUsernameTaken>[0], email: string): Promise<string> {
  const base =
    (email.split('@')[0] ?? 'admin')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 24) || 'admin';
  let name = checkUsername(base).ok ? base : `${base}-admin`.replace(/^-/, '');
  if (!checkUsername(name).ok) name = 'site-admin';
  for (let i = 2; await isUsernameTaken(sql, name); i++) name = `${name.replace(/-\d+$/, '')}-${i}`;
  return name;
}

export async function runAdmin(config: Config, args: string[]): Promise<number> {
  const [sub, emailArg, ...rest] = args;
  if ((sub !== 'create' && sub !== 'role') || !emailArg) throw new UsageError(USAGE);
  const email = checkEmail(emailArg);
  if (!email.ok) throw new UsageError(`${emailArg}: ${email.error}`);
  const db = await openDatabase(config, log, { max: 2 });
  try {
    const existing = await findUserByEmail(db.sql, email.value);
    if (sub === 'role') {
      const role = rest[0] as Role | undefined;
      if (!role || !['user', 'moderator', 'admin'].includes(role)) throw new UsageError(USAGE);
      if (!existing) throw new UsageError(`No account uses ${email.value}.`, 1);
      await setUserRole(db.sql, existing.id, role, null, 'set from the command line');
      process.stdout.write(`${existing.username} is now ${role}.\n`);
      return 0;
    }
    if (existing) {
      if (existing.role !== 'admin') await setUserRole(db.sql, existing.id, 'admin', null, 'made administrator from the command line');
      process.stdout.write(
        `${existing.username} (${existing.email}) is an administrator. Log in with its password (or reset it at /forgot).\n`,
      );
      return 0;
    }
    const nameFlag = rest[0] === '--username' ? rest[1] : undefined;
    if (rest.length > 0 && !nameFlag) throw new UsageError(USAGE);
    let username: string;
    if (nameFlag) {
      const checked = checkUsername(nameFlag);
      if (!checked.ok) throw new UsageError(`--username ${nameFlag}: ${checked.error}`);
      if (await isUsernameTaken(db.sql, checked.value)) throw new UsageError(`The username ${checked.value} is taken.`, 1);
      username = checked.value;
    } else {
      username = await usernameFor(db.sql, email.value);
    }
    const password = randomBytes(12).toString('base64url');
    const user = await createUser(db.sql, {
      email: email.value,
      username,
      displayName: username,
      passwordHash: await hashPassword(password),
      role: 'admin',
      verified: true,
    });
    if (!user) throw new UsageError(`Could not create ${email.value}: the address or username was taken meanwhile.`, 1);
    process.stdout.write(
      `Created administrator ${username} (${email.value}).\nPassword: ${password}\nLog in at ${config.baseUrl}/login and change it in Settings.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
