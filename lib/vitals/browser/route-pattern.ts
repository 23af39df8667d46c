const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /leads/3f1c… → /leads/[id]: ids never leave the device, and metrics group by route, not by URL. */
export function routePattern(pathname: string): string {
  return (
    pathname
      .split('/')
      .map((segment) => (UUID.test(segment) || /^\d+$/.test(segment) ? '[id]' : segment))
      .join('/') || '/'
  );
}
