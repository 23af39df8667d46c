import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function start(env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm start with bad configuration', () => {
  it.each([
    {
      name: 'a malformed DATABASE_URL',
      env: { DATABASE_URL: 'localhost:5432/callpace' },
      message: /DATABASE_URL: must look like postgresql:\/\/user:password@host:5432\/database/,
    },
    {
      name: 'an unreachable database',
      env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5999/callpace' },
      message: /cannot start: cannot reach PostgreSQL at 127\.0\.0\.1:5999\/callpace: .*ECONNREFUSED/,
    },
    { name: 'a malformed REDIS_URL', env: { REDIS_URL: '127.0.0.1:6379' }, message: /REDIS_URL: must look like redis:\/\/host:6379/ },
  ])('refuses $name with a clear message and no stack trace', ({ env, message }) => {
    const { code, output } = start(env);
    expect(code).toBe(1);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
