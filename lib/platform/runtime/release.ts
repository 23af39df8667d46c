/** The release id: RELEASE_ID when set, otherwise the id of the build being served. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

export function releaseId(): string {
  cached ??= process.env.RELEASE_ID || readBuildId() || 'development';
  return cached;
}

function readBuildId(): string | undefined {
  try {
    return readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return undefined;
  }
}
