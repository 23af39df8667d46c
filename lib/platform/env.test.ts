import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to the embedded database, no Redis, port 3000', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe('.data/pglite');
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('accepts a PostgreSQL URL and a Redis URL', () => {
    const env = parseEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/callpace', REDIS_URL: 'redis://cache:6379', PORT: '8080' });
    expect(env.DATABASE_URL).toBe('postgresql://u:p@db:5432/callpace');
    expect(env.PORT).toBe(8080);
  });

  it.each([
    { name: 'malformed DATABASE_URL', source: { DATABASE_URL: 'localhost:5432' }, message: /DATABASE_URL: must look like postgresql:\/\// },
    { name: 'wrong scheme', source: { DATABASE_URL: 'mysql://db/x' }, message: /DATABASE_URL/ },
    { name: 'no database name', source: { DATABASE_URL: 'postgresql://db:5432' }, message: /DATABASE_URL/ },
    { name: 'malformed REDIS_URL', source: { REDIS_URL: 'http://cache' }, message: /REDIS_URL: must look like redis:\/\// },
    {
      name: 'half the Upstash pair',
      source: { UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' },
      message: /set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/,
    },
    { name: 'port out of range', source: { PORT: '70000' }, message: /PORT/ },
    {
      name: 'mail without a public origin',
      source: { SMTP_URL: 'smtp://mail.example.com:587' },
      message: /APP_URL: set APP_URL .* when SMTP_URL is set/,
    },
  ])('rejects $name with a message naming the variable', ({ source, message }) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });
});
