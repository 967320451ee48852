import type * as IORedis from 'ioredis';
import type Keyv from 'keyv';
import type memjs from 'memjs';

/** The optional peer packages the backends build clients with, as their modules. */
export interface Peers {
  /** The ioredis module (its named exports `Redis` and `Cluster`). */
  ioredis: typeof IORedis;
  /** memjs's CommonJS exports (its `Client`). */
  memjs: typeof memjs;
  /** The Keyv class, keyv's default export. */
  keyv: typeof Keyv;
}

/** The name of an optional peer package. */
export type PeerName = keyof Peers;

// No module here imports a peer by value: the subpath entries (`decocache/redis`, ...) import it
// statically and provide it, while a backend named in the config loads it on first use. So a
// bundle of an app that imports only `decocache` never needs ioredis, memjs or keyv to build.
const provided: Partial<Peers> = {};

/** Makes a peer module available to the backends; the first one provided wins. */
export function providePeer<N extends PeerName>(name: N, module: Peers[N]): void {
  provided[name] ??= module;
}

/** The peer module a backend needs now; throws a TypeError that says what to install when it was never loaded. */
export function peer<N extends PeerName>(name: N, backend: string): Peers[N] {
  const module = provided[name];
  if (module === undefined) {
    throw new TypeError(`${backend} needs the ${name} package, which was not loaded: npm install ${name}, then import the backend from its decocache subpath or name it in the Cache config`);
  }
  return module;
}

/**
 * Loads a peer for a backend named in the Cache config. Each `import()` sits in its own `try`
 * with a literal specifier: bundlers then include the peer when it is installed and leave a
 * run-time import when it is not, instead of failing the build.
 */
export async function loadPeer(name: PeerName, backend: string): Promise<void> {
  if (provided[name] !== undefined) return;
  try {
    if (name === 'ioredis') providePeer(name, await import('ioredis'));
    else if (name === 'memjs') providePeer(name, (await import('memjs')).default);
    else providePeer(name, (await import('keyv')).default);
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new TypeError(`type '${backend}' needs the ${name} package, which is not installed: npm install ${name}`, { cause: error });
  }
}

function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && typeof message === 'string' && message.includes(`'${name}'`);
}
