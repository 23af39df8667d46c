/**
 * Lets the @upstash/redis client speak to an ordinary Redis over TCP. The
 * client builds Upstash REST requests (a command array, or a list of them for
 * /pipeline and /multi-exec) and hands them to a requester; this one runs them
 * with ioredis and answers in the REST protocol's shape ({ result } / { error }).
 */
import Redis from 'ioredis';
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { REDIS_WAIT_MS } from './breaker';

type Command = [string, ...unknown[]];

function toArgs(command: Command): [string, ...(string | number | Buffer)[]] {
  const [name, ...args] = command;
  return [
    String(name),
    ...args.map((a) => (typeof a === 'number' || Buffer.isBuffer(a) ? a : typeof a === 'string' ? a : JSON.stringify(a))),
  ];
}

/** ioredis turns HGETALL into an object; the REST protocol (and the client's parser) wants the flat reply. */
function restReply(command: Command, reply: unknown): unknown {
  if (String(command[0]).toLowerCase() === 'hgetall' && reply && typeof reply === 'object' && !Array.isArray(reply)) {
    return Object.entries(reply).flat();
  }
  return reply;
}

/** The transport only; lib/platform/redis/breaker.ts puts the circuit breaker in front of it. */
export class TcpRequester implements Requester {
  constructor(
    readonly connection: Redis,
    private readonly readyTimeoutMs = REDIS_WAIT_MS,
  ) {}

  /**
   * Commands are not queued while disconnected (a request should fail fast
   * and let the caller fall back), so wait briefly for the connection instead.
   */
  private ready(): Promise<void> {
    if (this.connection.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connection.off('ready', onReady);
        reject(new Error(`Redis is not reachable (connection ${this.connection.status} after ${this.readyTimeoutMs} ms)`));
      }, this.readyTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.connection.once('ready', onReady);
    });
  }

  async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    await this.ready();
    const kind = req.path?.[0];
    if (kind === 'pipeline' || kind === 'multi-exec') {
      const commands = req.body as Command[];
      const batch = kind === 'pipeline' ? this.connection.pipeline() : this.connection.multi();
      for (const command of commands) batch.call(...toArgs(command));
      const replies = (await batch.exec()) ?? [];
      return replies.map(([error, result], i) =>
        error ? { error: error.message } : { result: restReply(commands[i], result) },
      ) as UpstashResponse<TResult>;
    }
    try {
      const command = req.body as Command;
      return { result: restReply(command, await this.connection.call(...toArgs(command))) as TResult };
    } catch (error) {
      // Redis command errors (wrong type, bad arguments) are answers, not transport failures.
      if (error instanceof Error && error.name === 'ReplyError') return { error: error.message } as UpstashResponse<TResult>;
      throw error;
    }
  }
}
