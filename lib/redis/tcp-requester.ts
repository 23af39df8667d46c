/**
 * Lets the @upstash/redis client speak to an ordinary Redis over TCP. The
 * client builds Upstash REST requests (a command array, or a list of them for
 * /pipeline and /multi-exec) and hands them to a requester; this one runs them
 * with ioredis and answers in the REST protocol's shape ({ result } / { error }).
 */
import Redis from 'ioredis';
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';

type Command = [string, ...unknown[]];

function toArgs(command: Command): [string, ...(string | number | Buffer)[]] {
  const [name, ...args] = command;
  return [String(name), ...args.map((a) => (typeof a === 'number' || Buffer.isBuffer(a) ? a : typeof a === 'string' ? a : JSON.stringify(a)))];
}

export class TcpRequester implements Requester {
  constructor(readonly connection: Redis) {}

  async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const kind = req.path?.[0];
    if (kind === 'pipeline' || kind === 'multi-exec') {
      const commands = req.body as Command[];
      const batch = kind === 'pipeline' ? this.connection.pipeline() : this.connection.multi();
      for (const command of commands) batch.call(...toArgs(command));
      const replies = (await batch.exec()) ?? [];
      return replies.map(([error, result]) => (error ? { error: error.message } : { result })) as UpstashResponse<TResult>;
    }
    try {
      const result = await this.connection.call(...toArgs(req.body as Command));
      return { result: result as TResult };
    } catch (error) {
      // Redis command errors (wrong type, bad arguments) are answers, not transport failures.
      if (error instanceof Error && error.name === 'ReplyError') return { error: error.message } as UpstashResponse<TResult>;
      throw error;
    }
  }
}
