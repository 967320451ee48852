import type { Backend } from '../backends/backend.js';
import type { BackendSuiteOptions, BackendTraits } from './backend-suite.js';

let suiteCounter = 0;

/** A run id no earlier run and no parallel process uses, so suites can share a server. */
function runId(): string {
  return `bs${process.pid}_${++suiteCounter}_${Date.now().toString(36)}`;
}

/**
 * What every case of one suite run shares: the backend under test and a second one for another
 * prefix (both built on first use), key names under each prefix, the clock, and the clean-up.
 */
export class SuiteContext {
  /** Every key the cases use starts with this prefix. */
  readonly prefix: string;
  /** The prefix of the second backend, whose keys the first one's clear and deletePattern must leave. */
  readonly otherPrefix: string;
  /** The capabilities the backend declared. */
  readonly traits: BackendTraits;
  readonly #options: BackendSuiteOptions;
  readonly #built = new Map<string, Promise<Backend>>();
  #released: Promise<void> | undefined;
  #clockMoved = false;

  constructor(options: BackendSuiteOptions) {
    const run = runId();
    this.prefix = `${run}_a_`;
    this.otherPrefix = `${run}_b_`;
    this.traits = options.traits ?? {};
    this.#options = options;
  }

  /** The backend under test, built for {@link prefix}. */
  backend(): Promise<Backend> {
    return this.#build(this.prefix);
  }

  /** A backend built for {@link otherPrefix} (the same instance when the factory shares one). */
  other(): Promise<Backend> {
    return this.#build(this.otherPrefix);
  }

  /** `name` under the suite's prefix. */
  key(name: string): string {
    return this.prefix + name;
  }

  /** `name` under the other backend's prefix. */
  otherKey(name: string): string {
    return this.otherPrefix + name;
  }

  /** Lets `ms` pass: the injected clock moves, or the suite really waits. */
  async elapse(ms: number): Promise<void> {
    const clock = this.#options.clock;
    if (clock === undefined) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return;
    }
    this.#clockMoved = true;
    await clock.advance(ms);
  }

  /** Puts the injected clock back, if the suite moved it. */
  async restoreClock(): Promise<void> {
    if (!this.#clockMoved) return;
    this.#clockMoved = false;
    await this.#options.clock?.restore();
  }

  /** Clears both prefixes and closes every backend built, each instance once; later calls return the first outcome. */
  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<void> {
    await this.restoreClock();
    const instances = new Set<Backend>();
    for (const [prefix, built] of this.#built) {
      const backend = await built;
      await backend.clear(prefix);
      instances.add(backend);
    }
    for (const backend of instances) await backend.close();
  }

  #build(prefix: string): Promise<Backend> {
    let built = this.#built.get(prefix);
    if (built === undefined) {
      built = Promise.resolve(this.#options.create(prefix));
      this.#built.set(prefix, built);
    }
    return built;
  }
}

/** A function that runs `fn` the first time it is called and hands every caller that first promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
