import { SimpleBackend, type Backend } from '../../src/index.js';
import type { BusTransport } from '../../src/fleet/bus.js';
import { busClock, encodeBusMessage, type BusMessage } from '../../src/fleet/bus-message.js';

/**
 * A bus wire in memory: the spec decides when the subscription is up, delivers other tiers'
 * messages by hand, and sees (or fails) what the tier publishes.
 */
export class FakeTransport implements BusTransport {
  readonly published: BusMessage[] = [];
  /** While set, publish rejects (a dead Redis). */
  failing = false;
  closed = false;
  #received: ((payload: string) => void) | undefined;
  #state: ((up: boolean) => void) | undefined;

  async publish(payload: string): Promise<unknown> {
    if (this.failing) throw new Error('fake bus: publish failed');
    this.published.push(JSON.parse(payload) as BusMessage);
    return 1;
  }

  listen(received: (payload: string) => void, state: (up: boolean) => void): void {
    this.#received = received;
    this.#state = state;
  }

  /** Reports the subscription up or down. */
  state(up: boolean): void {
    this.#state!(up);
  }

  /** Delivers a message from another tier. */
  deliver(names: Partial<Pick<BusMessage, 'keys' | 'prefixes' | 'patterns'>>, from = 'another-tier'): void {
    this.#received!(encodeBusMessage({ from, at: busClock(), keys: [], prefixes: [], patterns: [], ...names }));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A call whose server side already happened and whose reply is held back. */
interface HeldReply {
  operation: string;
  release(): void;
}

/**
 * A shared backend whose server side runs at once (on an in-memory store) but whose replies the
 * spec releases by hand, as if still on the wire: the orderings of reads, writes and bus messages
 * are then the spec's to choose. With `holding` off, replies come at once.
 */
export class WireBackend implements Backend {
  readonly name = 'WireCache';
  readonly shared = true;
  readonly server = new SimpleBackend({ threshold: 100_000 });
  readonly held: HeldReply[] = [];
  holding = false;
  /** Operations reject after running on the server (a reply lost after the write landed). */
  failing = false;

  #wire<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const result = run();
    const failing = this.failing;
    const reply = (): Promise<T> => (failing ? result.then(() => Promise.reject(new Error(`wire: ${operation} reply lost`))) : result);
    if (!this.holding) return reply();
    return new Promise<T>((resolve, reject) => {
      this.held.push({ operation, release: () => reply().then(resolve, reject) });
    });
  }

  /** Releases the held reply of the `index`-th held call (in call order) and lets its continuation run. */
  async release(index = 0): Promise<void> {
    const [call] = this.held.splice(index, 1);
    if (!call) throw new Error(`no held reply at ${index}`);
    call.release();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }

  get(key: string) {
    return this.#wire('get', () => this.server.get(key));
  }
  getMany(keys: readonly string[]) {
    return this.#wire('getMany', () => this.server.getMany(keys));
  }
  set(key: string, value: string, ttl: number) {
    return this.#wire('set', () => this.server.set(key, value, ttl));
  }
  setMany(entries: readonly (readonly [string, string])[], ttl: number) {
    return this.#wire('setMany', () => this.server.setMany(entries, ttl));
  }
  add(key: string, value: string, ttl: number) {
    return this.#wire('add', () => this.server.add(key, value, ttl));
  }
  delete(key: string) {
    return this.#wire('delete', () => this.server.delete(key));
  }
  deleteMany(keys: readonly string[]) {
    return this.#wire('deleteMany', () => this.server.deleteMany(keys));
  }
  has(key: string) {
    return this.#wire('has', () => this.server.has(key));
  }
  inc(key: string, delta: number) {
    return this.#wire('inc', () => this.server.inc(key, delta));
  }
  touch(key: string, ttl: number) {
    return this.#wire('touch', () => this.server.touch(key, ttl));
  }
  clear(prefix: string) {
    return this.#wire('clear', () => this.server.clear(prefix));
  }
  deletePattern(pattern: string) {
    return this.#wire('deletePattern', () => this.server.deletePattern(pattern));
  }
  async close(): Promise<void> {}
}
