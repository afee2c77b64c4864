import { Redis } from 'ioredis';
import { RedisUnreachableError } from './errors.ts';

/** The BullMQ queue every sweep uses; a point's job id tells sweeps apart. */
export const QUEUE_NAME = 'tickflow-sweep';

/** How long a first connection may take before the URL counts as unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * Check that `url` is a Redis that answers PING, once, without retries: an
 * unreachable one is a {@link RedisUnreachableError} within a few seconds, not a
 * hang (ioredis alone retries forever).
 *
 * @example
 * await checkRedis('redis://127.0.0.1:6379');
 */
export async function checkRedis(url: string): Promise<void> {
  if (!/^rediss?:\/\//.test(url)) throw new RedisUnreachableError(url, 'not a Redis URL: write redis://host:port');
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The first socket error (ECONNREFUSED, ENOTFOUND) says more than connect()'s "Connection is closed".
  let first: Error | undefined;
  probe.on('error', (err: Error) => void (first ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnreachableError(url, (first ?? (err as Error)).message || String(err));
  } finally {
    probe.disconnect();
  }
}

/**
 * A connection for a BullMQ object (they need `maxRetriesPerRequest: null`).
 * Once connected, a lost Redis is retried with backoff; `onError` hears each
 * failure (the commands say so on stderr instead of hanging silently).
 */
export function redisConnection(url: string, onError: (err: Error) => void): Redis {
  const conn = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS });
  conn.on('error', onError);
  return conn;
}
