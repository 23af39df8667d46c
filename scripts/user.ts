/**
 * Accounts from the command line, for operators and scripts (the app's People page does the same for admins):
 *   npm run user -- create --email E --name N --role admin|manager|agent [--manager EMAIL] [--invite]
 * The password is read from standard input (all of it, less the final newline; typed without echo at a
 * terminal), so it never appears in the shell history or the process list. With --invite no password is
 * set: an invitation link is printed instead (shown once, valid 7 days). Plain SQL through the operator
 * runner, like db:seed, so it works on the embedded PGlite as well as PostgreSQL; nothing personal is printed.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '../lib/platform/auth/password';
import { hashToken, newToken, TOKEN_LIFETIME_MS } from '../lib/users/token-rules';
import { targetFromEnv } from '../lib/platform/db/adapter';
import type { SqlRunner } from '../lib/platform/db/sql';
import { EnvError, parseEnv } from '../lib/platform/env';
import { Email, PersonName } from '../lib/users/account-schema';
import { passwordProblem } from '../lib/users/password-schema';
import { openDatabase } from './database';

const ROLES = { admin: 'ADMIN', manager: 'MANAGER', agent: 'AGENT' } as const;
const USAGE =
  'usage: npm run user -- create --email E --name N --role admin|manager|agent [--manager EMAIL] [--invite]  (password on standard input)';

class UsageError extends Error {}

interface Person {
  email: string;
  name: string;
  role: (typeof ROLES)[keyof typeof ROLES];
  managerEmail?: string;
  invite: boolean;
}

function parsePerson(argv: string[]): Person {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      manager: { type: 'string' },
      invite: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'create' || positionals.length > 1) throw new UsageError(USAGE);
  const email = Email.safeParse(values.email ?? '');
  if (!email.success) throw new UsageError(`--email ${email.error.issues[0].message}`);
  const name = PersonName.safeParse(values.name ?? '');
  if (!name.success) throw new UsageError(`--name ${name.error.issues[0].message}`);
  const role = ROLES[(values.role ?? '').toLowerCase() as keyof typeof ROLES];
  if (!role) throw new UsageError('--role must be admin, manager or agent');
  if (values.manager !== undefined && role !== 'AGENT')
    throw new UsageError('--manager is for agents only (an agent’s team is their manager)');
  return { email: email.data, name: name.data, role, managerEmail: values.manager?.trim().toLowerCase(), invite: values.invite ?? false };
}

/** All of standard input less one final newline; at a terminal, one line typed without echo. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  try {
    for await (const chunk of stdin) {
      for (const char of (chunk as Buffer).toString('utf8')) {
        if (char === '\u0003') throw new UsageError('cancelled');
        if (char === '\r' || char === '\n' || char === '\u0004') return typed;
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

async function managerId(sql: SqlRunner, email: string | undefined): Promise<string | null> {
  if (email === undefined) return null;
  const [manager] = await sql.query<{ id: string }>(`SELECT id FROM users WHERE email = $1 AND role = 'MANAGER' AND active`, [email]);
  if (!manager) throw new UsageError('--manager must be the email of an active manager');
  return manager.id;
}

/**
 * The user, their credential (or their invitation) and the audit row in one statement, so a failure leaves
 * nothing. The audit actor is the new account itself (no one is signed in at a terminal); detail says how.
 */
async function insertPerson(
  sql: SqlRunner,
  person: Person,
  manager: string | null,
  passwordHash: string | null,
  tokenHash: string | null,
): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `WITH u AS (
       INSERT INTO users (id, email, name, role, manager_id, timezone, email_verified, updated_at)
       VALUES (gen_random_uuid(), $1::text, $2::text, $3::text::"Role", $4::uuid,
               COALESCE((SELECT timezone FROM users WHERE id = $4::uuid), 'UTC'), $5::text IS NOT NULL, now())
       RETURNING id
     ), credential AS (
       INSERT INTO accounts (id, account_id, provider_id, user_id, password, updated_at)
       SELECT gen_random_uuid(), u.id::text, 'credential', u.id, $5::text, now() FROM u WHERE $5::text IS NOT NULL
     ), invitation AS (
       INSERT INTO user_tokens (id, kind, token_hash, user_id, expires_at)
       SELECT gen_random_uuid(), 'INVITE'::"UserTokenKind", $6::text, u.id, $7::timestamptz FROM u WHERE $6::text IS NOT NULL
     )
     INSERT INTO audit_events (id, actor_id, action, subject_id, team_id, detail, lead_count)
     SELECT gen_random_uuid(), u.id, $8::text, u.id, CASE $3::text WHEN 'AGENT' THEN $4::uuid WHEN 'MANAGER' THEN u.id END,
            jsonb_build_object('via', 'command line', 'role', $3::text), 0
       FROM u
     RETURNING subject_id AS id`,
    [
      person.email,
      person.name,
      person.role,
      manager,
      passwordHash,
      tokenHash,
      new Date(Date.now() + TOKEN_LIFETIME_MS.INVITE),
      tokenHash ? 'user.invite' : 'user.create',
    ],
  );
  return row.id;
}

async function main() {
  const person = parsePerson(process.argv.slice(2));
  const env = parseEnv(process.env);
  const password = person.invite ? null : await readPassword();
  if (password !== null) {
    const problem = passwordProblem(password, person.email);
    if (problem) throw new UsageError(`${problem} (the password is read from standard input)`);
  }

  const db = await openDatabase(targetFromEnv(env));
  try {
    const [taken] = await db.sql.query('SELECT 1 FROM users WHERE email = $1', [person.email]);
    if (taken) throw new UsageError('an account with this email already exists');
    const manager = await managerId(db.sql, person.managerEmail);
    const token = person.invite ? newToken() : null;
    const id = await insertPerson(
      db.sql,
      person,
      manager,
      password === null ? null : await hashPassword(password),
      token && hashToken(token),
    );
    const origin = env.APP_URL ? new URL(env.APP_URL).origin : `http://localhost:${env.PORT}`;
    const role = person.role.toLowerCase();
    if (token) console.log(`Invited a new ${role} (${id}). Send them this link (valid 7 days, shown only now):\n${origin}/invite/${token}`);
    else console.log(`Created ${role === 'manager' ? 'a' : 'an'} ${role} (${id}). They can sign in at ${origin}/login`);
  } catch (error) {
    // Two commands creating the same email at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw new UsageError('an account with this email already exists');
    throw error;
  } finally {
    await db.close();
  }
}

main().catch((error: Error) => {
  console.error(error instanceof EnvError ? error.message : `user: ${error.message}`);
  process.exit(1);
});
