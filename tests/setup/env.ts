import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/15';
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
process.env.METRICS_TOKEN ??= 'test-metrics-token-0123456789';
process.env.CALLPACE_CLIENT_ADDRESS = 'server'; // route handlers are called as if behind scripts/serve.ts, which sets x-callpace-client-address
