import { randomBytes } from 'node:crypto';
import { busClock, decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-message.js';

/** The wire under the bus: Redis pub/sub in production, a fake in the ordering specs. */
export interface BusTransport {
  /** Publishes one payload on this cache's channel; rejects when it could not. */
  publish(payload: string): Promise<unknown>;
  /**
   * Starts listening: `received` for each payload on the channels this cache hears, `state(true)`
   * once the subscription is in force (again), `state(false)` as soon as it may have missed one.
   */
  listen(received: (payload: string) => void, state: (up: boolean) => void): void;
  /** Closes the connections the transport opened. */
  close(): Promise<void>;
}

/** What the bus tells the tier it serves. */
export interface BusListener {
  /** Another tier changed what `message` names. */
  invalidate(message: BusMessage): void;
  /** The subscription is in force again after a gap (or for the first time): anything may have changed. */
  up(): void;
  /** The subscription is down: messages may be missed from now on. */
  down(): void;
}

/** Names pending in one outgoing message. */
interface Batch {
  at: number;
  keys: Set<string>;
  prefixes: Set<string>;
  patterns: Set<string>;
}

/** Names a message that failed to go out may hold before it becomes a clear of the whole prefix. */
const MAX_RETRY_NAMES = 10_000;
const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 2000;

/**
 * The invalidation bus of one local tier. Names announced in one tick go out as one message
 * (one PUBLISH, however many keys), tagged with this tier's id so it skips its own. A message
 * that fails to go out is merged into a retry batch, sent again with backoff and as soon as the
 * subscription is back, until it goes out (FusionCache's auto-recovery); a retry batch that grows
 * past 10000 names becomes a clear of this cache's prefix, so an outage cannot grow it without bound.
 */
export class InvalidationBus {
  /** This tier's id on the bus. */
  readonly id = randomBytes(9).toString('base64url');
  readonly #transport: BusTransport;
  readonly #prefix: string;
  #up = false;
  #pending: Batch | undefined;
  #retry: Batch | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelay = RETRY_FIRST_MS;
  #sending: Promise<unknown> | undefined;
  #closed = false;
  /** Observer of every message received from another tier, with its lag in ms (metrics, the fleet specs). */
  onReceive: ((message: BusMessage, lagMs: number) => void) | undefined;
  /** Observer of publish failures (the first of each outage is logged by the tier). */
  onPublishError: ((error: unknown) => void) | undefined;

  constructor(transport: BusTransport, prefix: string) {
    this.#transport = transport;
    this.#prefix = prefix;
  }

  /** Whether the subscription is in force, so no message for this tier can be missed. */
  get up(): boolean {
    return this.#up;
  }

  /** Starts listening; `listener` hears every message from other tiers and every change of state. */
  start(listener: BusListener): void {
    this.#transport.listen(
      (payload) => {
        const message = decodeBusMessage(payload);
        if (message === undefined || message.from === this.id) return;
        listener.invalidate(message);
        this.onReceive?.(message, busClock() - message.at);
      },
      (up) => {
        if (up === this.#up) return;
        this.#up = up;
        if (!up) return listener.down();
        listener.up();
        if (this.#retry !== undefined) this.#resend();
      },
    );
  }

  /** Names keys written or deleted; they go out with the rest of this tick's names. */
  announceKeys(keys: Iterable<string>): void {
    const batch = this.#batch();
    for (const key of keys) batch.keys.add(key);
  }

  /** Names a cleared prefix. */
  announceClear(prefix: string): void {
    this.#batch().prefixes.add(prefix);
  }

  /** Names a deleted glob pattern. */
  announcePattern(pattern: string): void {
    this.#batch().patterns.add(pattern);
  }

  /** Sends what is pending (a last retry included), then closes the transport. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#pending !== undefined) this.#flush(this.#pending);
    await this.#sending?.catch(() => {});
    if (this.#retry !== undefined) await this.#send(this.#takeRetry()).catch(() => {});
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    await this.#transport.close();
  }

  #batch(): Batch {
    let batch = this.#pending;
    if (batch === undefined) {
      const fresh: Batch = { at: busClock(), keys: new Set(), prefixes: new Set(), patterns: new Set() };
      this.#pending = batch = fresh;
      process.nextTick(() => this.#flush(fresh));
    }
    return batch;
  }

  #flush(batch: Batch): void {
    if (this.#pending !== batch) return;
    this.#pending = undefined;
    if (this.#closed) return;
    const sending = this.#send(batch).catch((error: unknown) => {
      this.onPublishError?.(error);
      this.#keepForRetry(batch);
    });
    this.#sending = sending;
  }

  #send(batch: Batch): Promise<unknown> {
    const message: BusMessage = { from: this.id, at: batch.at, keys: [...batch.keys], prefixes: [...batch.prefixes], patterns: [...batch.patterns] };
    return this.#transport.publish(encodeBusMessage(message));
  }

  #keepForRetry(batch: Batch): void {
    const retry = (this.#retry ??= { at: batch.at, keys: new Set(), prefixes: new Set(), patterns: new Set() });
    retry.at = Math.min(retry.at, batch.at);
    for (const key of batch.keys) retry.keys.add(key);
    for (const prefix of batch.prefixes) retry.prefixes.add(prefix);
    for (const pattern of batch.patterns) retry.patterns.add(pattern);
    if (retry.keys.size + retry.prefixes.size + retry.patterns.size > MAX_RETRY_NAMES) {
      // One clear of this cache's prefix covers every key and pattern this cache can name.
      retry.keys.clear();
      retry.patterns.clear();
      retry.prefixes.clear();
      retry.prefixes.add(this.#prefix);
    }
    if (this.#retryTimer === undefined && !this.#closed) {
      this.#retryTimer = setTimeout(() => this.#resend(), this.#retryDelay);
      this.#retryTimer.unref();
      this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
    }
  }

  #takeRetry(): Batch {
    const retry = this.#retry!;
    this.#retry = undefined;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    return retry;
  }

  #resend(): void {
    if (this.#retry === undefined || this.#closed) return;
    const batch = this.#takeRetry();
    this.#send(batch).then(
      () => {
        this.#retryDelay = RETRY_FIRST_MS;
      },
      () => this.#keepForRetry(batch),
    );
  }
}
