// One process of the fleet consistency run: its own Cache with a local tier and bus over the
// run's redis-server, random operations on a small key space until told time is up, every
// operation logged with its start and end on the shared clock (busClock). Talks to the parent
// through JSON lines: it prints {ready}, waits for {until}, runs, writes its log, prints {done}.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { Cache, deleteMemoized } from '../../src/index.js';
import { failFastOptions } from '../../src/backends/redis/index.js';
import { busClock } from '../../src/fleet/bus-message.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import type { FleetOp } from './fleet-history.js';

/** What a fleet worker does. */
export type FleetRole = 'mixed' | 'reader' | 'writer' | 'listener';

/** What the parent passes in DECOCACHE_FLEET_WORKER. */
export interface FleetWorkerConfig {
  cachePort: number;
  truthPort: number;
  host: string;
  prefix: string;
  truthKey: string;
  keys: string[];
  concurrency: number;
  logPath: string;
  /**
   * Readers only read, so a stale copy in their tier is never dropped by a write of their own;
   * writers only set (for measuring the bus on quiet processes); listeners do nothing but hear.
   */
  role: FleetRole;
  /** Ms between two operations of one loop, at most (a random pause, so processes leave the cores to Redis too). */
  pauseMs: number;
  /** Replies to reads are held up to this many ms, as on a real network, so invalidations overtake reads. */
  replyDelayMs: number;
}

/** One sample of the tier's counters. */
export interface TierSample {
  t: number;
  trusted: boolean;
  localHits: number;
  sharedReads: number;
  bypassedReads: number;
}

/** The client with every read reply held back by up to `maxMs` (a network between the process and Redis). */
function slowReplies(redis: Redis, maxMs: number): Redis {
  if (maxMs <= 0) return redis;
  const delayed = new Set(['get', 'mget', 'pttl']);
  return new Proxy(redis, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !delayed.has(property) || typeof original !== 'function') return original;
      return async (...args: unknown[]) => {
        const reply = await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await new Promise((r) => setTimeout(r, Math.random() * maxMs));
        return reply;
      };
    },
  });
}

const config = JSON.parse(process.env['DECOCACHE_FLEET_WORKER']!) as FleetWorkerConfig;
const truth = new Redis({ host: config.host, port: config.truthPort });
const client = slowReplies(new Redis({ host: config.host, port: config.cachePort, ...failFastOptions(500) }), config.replyDelayMs);
client.on('error', () => {});
const cache = new Cache({
  type: 'RedisCache',
  client,
  keyPrefix: config.prefix,
  local: { maxEntries: 1000 },
  operationTimeout: 500,
  circuitBreaker: false,
  logger: { warn: () => {}, error: () => {} },
});
const tier = (await cache.backend()) as TwoTierBackend;
const lags: number[] = [];
/** Every message heard: sender's bus id, when it was sent, when it arrived. */
const heard: [string, number, number][] = [];
tier.bus!.onReceive = (message, lag) => {
  lags.push(lag);
  heard.push([message.from, message.at, busClock()]);
};

let seq = 0;
/** A memoized function over truth counters in `hash`, tagging each value with the computation that made it. */
const memoizedOver = (hash: string, name: string) =>
  cache.memoize({ timeout: 300, namespace: name })(async function computed(key: string) {
    const readAt = busClock();
    const n = Number((await truth.hget(hash, key)) ?? 0);
    return { n, id: `${process.pid}:${++seq}`, readAt };
  });
// `value` is invalidated one key at a time, `group` all at once (a new version): separate, so a
// stale copy of a `value` entry is not hidden by the next version bump.
const value = memoizedOver(`${config.truthKey}:value`, 'fleetValue');
const group = memoizedOver(`${config.truthKey}:group`, 'fleetGroup');
const ops: FleetOp[] = [];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** An operation as logged, before its times are added. */
type OpBody = FleetOp extends infer O ? (O extends FleetOp ? Omit<O, 'start' | 'end' | 'ok'> : never) : never;

async function timed(run: () => Promise<OpBody>, failed: OpBody): Promise<void> {
  const start = busClock();
  try {
    const done = await run();
    ops.push({ ...done, start, end: busClock(), ok: true } as FleetOp);
  } catch {
    ops.push({ ...failed, start, end: busClock(), ok: false } as FleetOp);
  }
}

type Operation = (key: string) => Promise<void>;

/**
 * Calls that share one computation (memoize's in-process single-flight) get the very same
 * object; every other call gets its own copy. So the first call to get an object started the
 * flight, and a later one joined it: it is logged with the flight's start.
 */
const flightStart = new WeakMap<object, number>();

const readOf = (fn: typeof value, tag: string): Operation => (key) => {
  const start = busClock();
  return timed(async () => {
    const v = await fn(key);
    const joined = flightStart.get(v);
    if (joined === undefined) flightStart.set(v, start);
    return { op: 'read', key: `${tag}:${key}`, n: v.n, id: v.id, readAt: v.readAt, ...(joined === undefined ? {} : { joinedAt: joined }) };
  }, { op: 'read', key: `${tag}:${key}` });
};

const invalidateOne: Operation = (key) =>
  timed(async () => {
    const counters = { [`v:${key}`]: await truth.hincrby(`${config.truthKey}:value`, key, 1) };
    await deleteMemoized(value, key);
    return { op: 'invalidate', counters };
  }, { op: 'invalidate', counters: {} });

const invalidateAll: Operation = () =>
  timed(async () => {
    const bumped = await Promise.all(config.keys.map((k) => truth.hincrby(`${config.truthKey}:group`, k, 1)));
    const counters = Object.fromEntries(config.keys.map((k, i) => [`g:${k}`, bumped[i]!]));
    await deleteMemoized(group);
    return { op: 'invalidate', counters };
  }, { op: 'invalidate', counters: {} });

const setPlain: Operation = async (key) => {
  const n = await truth.hincrby(`${config.truthKey}:plain`, key, 1);
  await timed(async () => {
    await cache.set(`plain_${key}`, n);
    return { op: 'set', key, n };
  }, { op: 'set', key, n });
};

const getPlain: Operation = (key) =>
  timed(async () => ({ op: 'get', key, n: await cache.get<number>(`plain_${key}`) }), { op: 'get', key });

/** Operations and their weights per role: readers never write, so only the bus can drop their copies. */
const MIX: Record<FleetWorkerConfig['role'], [Operation, number][]> = {
  mixed: [[readOf(value, 'v'), 40], [readOf(group, 'g'), 15], [invalidateOne, 4], [invalidateAll, 0.5], [setPlain, 10], [getPlain, 30.5]],
  reader: [[readOf(value, 'v'), 50], [readOf(group, 'g'), 20], [getPlain, 30]],
  writer: [[setPlain, 1]],
  listener: [],
};

function oneOperation(): Promise<void> {
  const mix = MIX[config.role];
  if (mix.length === 0) return Promise.resolve();
  let roll = Math.random() * mix.reduce((sum, [, w]) => sum + w, 0);
  for (const [operation, weight] of mix) {
    if ((roll -= weight) < 0) return operation(pick(config.keys));
  }
  return mix[0]![0](pick(config.keys));
}

async function runUntil(until: number): Promise<TierSample[]> {
  const samples: TierSample[] = [];
  const sample = () => samples.push({ t: busClock(), trusted: tier.trusted, ...tier.counters });
  const timer = setInterval(sample, 100);
  const loop = async () => {
    while (busClock() < until) {
      await oneOperation();
      await new Promise((r) => setTimeout(r, Math.random() * config.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, loop));
  clearInterval(timer);
  sample();
  return samples;
}

const waitTrusted = async () => {
  while (!tier.trusted) await new Promise((r) => setTimeout(r, 10));
};
await waitTrusted();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const { until } = JSON.parse(line) as { until: number };
  const samples = await runUntil(until);
  writeFileSync(config.logPath, JSON.stringify({ pid: process.pid, busId: tier.bus!.id, ops, lags, heard, samples }));
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
  break;
}
await cache.close();
client.disconnect();
truth.disconnect();
process.exit(0);
