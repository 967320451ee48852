import type { Cluster, Redis } from 'ioredis';

/** Delay before a client that ended is connected again, in ms: a failing server is retried, not hammered. */
const REVIVE_DELAY_MS = 100;

/**
 * Connects a client again whenever it reaches status `end` although nobody closed it, and returns
 * the function that stops doing so (call it before closing). ioredis treats `end` as final, and a
 * Sentinel client reaches it when its failover detector disconnects it while it is still asking
 * the sentinels for the master (`Connection is closed` from the connector): about half the time a
 * master is SIGKILLed under load. Without this, every later call would run uncached until the
 * process restarts; with it, the client asks the sentinels again 100 ms later.
 */
export function keepConnected(client: Redis | Cluster): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const revive = (): void => {
    timer = undefined;
    if (!stopped && client.status === 'end') client.connect().catch(() => {});
  };
  const onEnd = (): void => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(revive, REVIVE_DELAY_MS);
    timer.unref();
  };
  client.on('end', onEnd);
  return () => {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
    client.off('end', onEnd);
  };
}
