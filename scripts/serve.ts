/**
 * The production HTTP server: Next's request handler behind a node:http
 * server that first establishes who the client is (lib/platform/http/client-address:
 * the socket, or a proxy named by TRUSTED_PROXIES) and drops forwarding
 * headers nobody trusted. Started by `npm start` (scripts/start.ts), the
 * bench, the load test and the two-instance test, in place of `next start`.
 */
import { createServer } from 'node:http';
import next from 'next';
import { establishClient, markClientAddressTrusted, parseTrustedProxies } from '../lib/platform/http/client-address';

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? '0.0.0.0';
  const trust = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  markClientAddressTrusted();
  const app = next({ dev: false, dir: process.cwd(), port, hostname: 'localhost' });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((request, response) => {
    establishClient(request, trust);
    void handle(request, response);
  });
  // Longer than a load balancer's idle timeout, so it never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () =>
    console.log(`[callpace] serving on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`),
  );
}

main().catch((error: Error) => {
  console.error(`[callpace] cannot serve: ${error.message}`);
  process.exit(1);
});
