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

const emptyBatch = (at: number): Batch => ({ at, keys: new Set(), prefixes: new Set(), patterns: new Set() });

/**
 * The invalidation bus of one local tier. Names announced in one tick go out as one message
 * (one PUBLISH, however many keys), tagged with this tier's id so it skips its own. One message
 * is on the wire at a time; what is announced meanwhile joins the next, so messages never
 * overtake one another. A message that fails to go out is sent again, with what was announced
 * since, after a backoff or as soon as the subscription is back, until it goes out (FusionCache's
 * auto-recovery); one that grows past 10000 names becomes a clear of this cache's prefix, so an
 * outage cannot grow it without bound.
 */
export class InvalidationBus {
  /** This tier's id on the bus. */
  readonly id = randomBytes(9).toString('base64url');
  readonly #transport: BusTransport;
  readonly #prefix: string;
  #up = false;
  /** Names of this tick, sent on the next. */
  #pending: Batch | undefined;
  /** Names waiting for the wire (behind the message in flight, or for a retry). */
  #outbox: Batch | undefined;
  #sending: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelay = RETRY_FIRST_MS;
  #closed = false;
  /** Observer of every message received from another tier, with its lag in ms (metrics, the fleet specs). */
  onReceive: ((message: BusMessage, lagMs: number) => void) | undefined;
  /** Observer of publish failures. */
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
        if (this.#retryTimer !== undefined) this.#retryNow();
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

  /** Sends what is pending (one more try for a message waiting to be retried), then closes the transport. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#pending !== undefined) this.#flush(this.#pending);
    if (this.#retryTimer !== undefined) this.#retryNow();
    while (this.#sending !== undefined) await this.#sending;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    await this.#transport.close();
  }

  #batch(): Batch {
    let batch = this.#pending;
    if (batch === undefined) {
      const fresh = emptyBatch(busClock());
      this.#pending = batch = fresh;
      process.nextTick(() => this.#flush(fresh));
    }
    return batch;
  }

  #flush(batch: Batch): void {
    if (this.#pending !== batch) return;
    this.#pending = undefined;
    if (this.#closed) return;
    this.#queue(batch);
    this.#pump();
  }

  #queue(batch: Batch): void {
    const out = (this.#outbox ??= emptyBatch(batch.at));
    out.at = Math.min(out.at, batch.at);
    for (const key of batch.keys) out.keys.add(key);
    for (const prefix of batch.prefixes) out.prefixes.add(prefix);
    for (const pattern of batch.patterns) out.patterns.add(pattern);
    if (out.keys.size + out.prefixes.size + out.patterns.size > MAX_RETRY_NAMES) {
      // One clear of this cache's prefix covers every key and pattern this cache can name.
      out.keys.clear();
      out.patterns.clear();
      out.prefixes.clear();
      out.prefixes.add(this.#prefix);
    }
  }

  /** Sends the outbox unless a message is on the wire or waiting for its retry. */
  #pump(): void {
    const batch = this.#outbox;
    if (batch === undefined || this.#sending !== undefined || this.#retryTimer !== undefined) return;
    this.#outbox = undefined;
    const message: BusMessage = { from: this.id, at: batch.at, keys: [...batch.keys], prefixes: [...batch.prefixes], patterns: [...batch.patterns] };
    this.#sending = this.#transport.publish(encodeBusMessage(message)).then(
      () => {
        this.#sending = undefined;
        this.#retryDelay = RETRY_FIRST_MS;
        this.#pump();
      },
      (error: unknown) => {
        this.#sending = undefined;
        this.onPublishError?.(error);
        // Back in front of what was announced since (a union: every message only drops names).
        this.#queue(batch);
        if (this.#closed) return;
        this.#retryTimer = setTimeout(() => this.#retryNow(), this.#retryDelay);
        this.#retryTimer.unref();
        this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
      },
    );
  }

  #retryNow(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#pump();
  }
}
