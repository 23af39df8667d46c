/**
 * Cross-instance events over Redis pub/sub: one dedicated subscriber
 * connection per process (a subscribed connection can run no other command)
 * and one publisher connection, both from REDIS_URL. Without REDIS_URL there
 * is a single instance and events are delivered in-process only.
 *
 * A subscriber that reconnects may have missed events, so listeners are told
 * (`onReset`) and drop whatever they derived from them.
 */
import 'server-only';
import IORedis from 'ioredis';
import { getEnv } from '../env';
import { logger } from '../runtime/logger';
import { onShutdown } from '../runtime/shutdown';
import { singleton } from '../runtime/singleton';

export interface ChannelListener {
  onMessage(message: string): void;
  /** Events may have been lost (reconnect): forget everything derived from them. */
  onReset(): void;
}

interface PubSub {
  publisher: IORedis | null;
  subscriber: IORedis | null;
  listeners: Map<string, Set<ChannelListener>>;
}

export function createPubSub(redisUrl: string | undefined): PubSub {
  const listeners = new Map<string, Set<ChannelListener>>();
  if (!redisUrl) return { publisher: null, subscriber: null, listeners };
  const options = { maxRetriesPerRequest: 1, lazyConnect: false, connectionName: 'callpace-pubsub' } as const;
  const publisher = new IORedis(redisUrl, { ...options, enableOfflineQueue: false });
  const subscriber = new IORedis(redisUrl, options);
  let connectedOnce = false;
  publisher.on('error', (error) => logger.warn('pubsub publisher error', { error: String(error) }));
  subscriber.on('error', (error) => logger.warn('pubsub subscriber error', { error: String(error) }));
  subscriber.on('ready', () => {
    // ioredis re-subscribes on reconnect; what was published meanwhile is gone.
    if (connectedOnce) for (const set of listeners.values()) for (const listener of set) listener.onReset();
    connectedOnce = true;
  });
  subscriber.on('close', () => {
    for (const set of listeners.values()) for (const listener of set) listener.onReset();
  });
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener.onMessage(message);
  });
  return { publisher, subscriber, listeners };
}

// One per process: each route bundle has its own copy of this module, the process one connection.
function getPubSub(): PubSub {
  return singleton('pubsub', () => {
    const pubsub = createPubSub(getEnv().REDIS_URL);
    onShutdown('pubsub', async () => {
      pubsub.subscriber?.disconnect();
      pubsub.publisher?.disconnect();
    });
    return pubsub;
  });
}

/** Listens on `channel` (subscribing this process once). */
export function subscribe(channel: string, listener: ChannelListener, pubsub: PubSub = getPubSub()): () => void {
  let set = pubsub.listeners.get(channel);
  if (!set) {
    set = new Set();
    pubsub.listeners.set(channel, set);
    pubsub.subscriber?.subscribe(channel).catch((error) => logger.warn('pubsub subscribe failed', { channel, error: String(error) }));
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Publishes to every instance, this one included (delivered locally at once, whatever Redis does). */
export async function publish(channel: string, message: string, pubsub: PubSub = getPubSub()): Promise<void> {
  for (const listener of pubsub.listeners.get(channel) ?? []) listener.onMessage(message);
  if (!pubsub.publisher) return;
  try {
    await pubsub.publisher.publish(channel, message);
  } catch (error) {
    logger.error('pubsub publish failed', { channel, error: String(error) });
  }
}
