import { describe, expect, it } from 'vitest';
import { InvalidationBus } from '../../src/fleet/bus.js';
import { LocalTier } from '../../src/fleet/local-tier.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import { FakeTransport, WireBackend } from '../helpers/fleet-fakes.js';

// Every ordering of a read or write of K on the wire against an invalidation of K, on a fake
// bus and a backend whose replies the spec releases by hand. The invariant under test: once an
// invalidation has been applied, the local tier never holds a value from before it.

function setup() {
  const wire = new WireBackend();
  const transport = new FakeTransport();
  const bus = new InvalidationBus(transport, 'p_');
  const tier = new TwoTierBackend({ shared: wire, ownsShared: true, local: new LocalTier({ maxEntries: 100, maxBytes: Infinity, ttlMs: 60_000 }), bus });
  transport.state(true);
  const local = (key: string) => tier.local.peek(key, Date.now())?.value;
  /** Another process writes K on the server and its message arrives. */
  const remoteWrite = async (key: string, value: string) => {
    await wire.server.set(key, value, 0);
    transport.deliver({ keys: [key] });
  };
  return { wire, transport, bus, tier, local, remoteWrite };
}

describe('a read of K on the wire', () => {
  it('reply after the invalidation of K: the old value it brings is returned but not kept', async () => {
    const { wire, tier, local, remoteWrite } = setup();
    await wire.server.set('p_k', 'old', 0);
    wire.holding = true;
    const read = tier.get('p_k');
    await remoteWrite('p_k', 'new');
    await wire.release();
    expect(await read).toBe('old');
    expect(local('p_k')).toBeUndefined();
    wire.holding = false;
    expect(await tier.get('p_k')).toBe('new');
  });

  it('reply before the invalidation: kept, then dropped by the message', async () => {
    const { wire, tier, local, remoteWrite } = setup();
    await wire.server.set('p_k', 'old', 0);
    expect(await tier.get('p_k')).toBe('old');
    expect(local('p_k')).toBe('old');
    await remoteWrite('p_k', 'new');
    expect(local('p_k')).toBeUndefined();
    expect(await tier.get('p_k')).toBe('new');
  });

  it('an invalidation of another key does not stop the fill', async () => {
    const { wire, tier, local, remoteWrite } = setup();
    await wire.server.set('p_k', 'v', 0);
    wire.holding = true;
    const read = tier.getMany(['p_k']);
    await remoteWrite('p_other', 'x');
    await wire.release();
    expect(await read).toEqual(['v']);
    expect(local('p_k')).toBe('v');
  });

  it('a clear of a prefix covering K stops the fill; one not covering K does not', async () => {
    const { wire, transport, tier, local } = setup();
    await wire.server.set('p_a', '1', 0);
    await wire.server.set('q_b', '2', 0);
    wire.holding = true;
    const read = tier.getMany(['p_a', 'q_b']);
    transport.deliver({ prefixes: ['p_'] });
    await wire.release();
    expect(await read).toEqual(['1', '2']);
    expect(local('p_a')).toBeUndefined();
    expect(local('q_b')).toBe('2');
  });

  it('a deletePattern matching K stops the fill', async () => {
    const { wire, transport, tier, local } = setup();
    await wire.server.set('p_user_1', '1', 0);
    await wire.server.set('p_order_1', '2', 0);
    wire.holding = true;
    const read = tier.getMany(['p_user_1', 'p_order_1']);
    transport.deliver({ patterns: ['p_user_*'] });
    await wire.release();
    await read;
    expect(local('p_user_1')).toBeUndefined();
    expect(local('p_order_1')).toBe('2');
  });

  it('the bus going down and up again while it is on the wire stops every fill and empties the tier', async () => {
    const { wire, transport, tier, local } = setup();
    await wire.server.set('p_held', 'h', 0);
    await wire.server.set('p_k', 'v', 0);
    await tier.get('p_held');
    wire.holding = true;
    const read = tier.get('p_k');
    transport.state(false);
    transport.state(true);
    await wire.release();
    expect(await read).toBe('v');
    expect(local('p_k')).toBeUndefined();
    expect(local('p_held')).toBeUndefined();
  });

  it('a local set of K that completes first wins over the older value the read brings', async () => {
    const { wire, tier, local } = setup();
    await wire.server.set('p_k', 'old', 0);
    wire.holding = true;
    const read = tier.get('p_k');
    const write = tier.set('p_k', 'new', 0);
    await wire.release(1);
    expect(await write).toBe(true);
    expect(local('p_k')).toBe('new');
    await wire.release(0);
    expect(await read).toBe('old');
    expect(local('p_k')).toBe('new');
  });

  it('a local delete of K overtaking the read leaves nothing behind', async () => {
    const { wire, tier, local } = setup();
    await wire.server.set('p_k', 'old', 0);
    wire.holding = true;
    const read = tier.get('p_k');
    const removal = tier.delete('p_k');
    await wire.release(1);
    await removal;
    await wire.release(0);
    await read;
    expect(local('p_k')).toBeUndefined();
  });
});

describe('a local write of K on the wire', () => {
  it('an invalidation arriving before its reply means it keeps nothing', async () => {
    const { wire, tier, local, remoteWrite } = setup();
    wire.holding = true;
    const write = tier.set('p_k', 'mine', 0);
    await remoteWrite('p_k', 'theirs');
    await wire.release();
    await write;
    expect(local('p_k')).toBeUndefined();
    wire.holding = false;
    expect(await tier.get('p_k')).toBe('theirs');
  });

  it('an invalidation arriving after its reply drops what it kept', async () => {
    const { tier, local, remoteWrite } = setup();
    await tier.set('p_k', 'mine', 0);
    expect(local('p_k')).toBe('mine');
    await remoteWrite('p_k', 'theirs');
    expect(local('p_k')).toBeUndefined();
  });

  it('two concurrent writes of K answered out of order: the earlier value is never left behind', async () => {
    const { wire, tier, local } = setup();
    wire.holding = true;
    const first = tier.set('p_k', 'one', 0);
    const second = tier.set('p_k', 'two', 0);
    await wire.release(1);
    await wire.release(0);
    await Promise.all([first, second]);
    expect(local('p_k')).not.toBe('one');
    wire.holding = false;
    expect(await tier.get('p_k')).toBe('two');
  });

  it('a write whose reply is lost still drops the local entry and is announced', async () => {
    const { wire, transport, tier, local } = setup();
    await tier.set('p_k', 'old', 0);
    wire.failing = true;
    await expect(tier.set('p_k', 'new', 0)).rejects.toThrow(/reply lost/);
    expect(local('p_k')).toBeUndefined();
    await new Promise((r) => process.nextTick(r));
    expect(transport.published.at(-1)?.keys).toEqual(['p_k']);
  });
});

describe('while the bus is down', () => {
  it('reads bypass the local tier and fill nothing; the tier is emptied when the bus is back', async () => {
    const { wire, transport, tier, local } = setup();
    await tier.set('p_k', 'old', 0);
    transport.state(false);
    await wire.server.set('p_k', 'new', 0); // its message is lost
    expect(tier.peek('p_k', Date.now())).toBeUndefined();
    expect(await tier.get('p_k')).toBe('new');
    expect(tier.counters.bypassedReads).toBe(1);
    transport.state(true);
    expect(local('p_k')).toBeUndefined();
    expect(await tier.get('p_k')).toBe('new');
    expect(local('p_k')).toBe('new');
  });

  it('before the first subscription the tier is not used', async () => {
    const wire = new WireBackend();
    const transport = new FakeTransport();
    const tier = new TwoTierBackend({ shared: wire, ownsShared: true, local: new LocalTier({ maxEntries: 10, maxBytes: Infinity, ttlMs: 60_000 }), bus: new InvalidationBus(transport, '') });
    await tier.set('k', 'v', 0);
    expect(tier.trusted).toBe(false);
    expect(tier.local.size).toBe(0);
  });
});

describe('what the decorators get from the tier', () => {
  it('getManyFresh reads Redis past a local copy; invalidations counts every invalidation', async () => {
    const { wire, tier, remoteWrite } = setup();
    await tier.set('p_v', 'v1', 0);
    await wire.server.set('p_v', 'v2', 0); // its message not yet here
    expect(await tier.getMany(['p_v'])).toEqual(['v1']);
    expect(await tier.getManyFresh(['p_v'])).toEqual(['v2']);
    const before = tier.invalidations;
    await remoteWrite('p_other', 'x');
    expect(tier.invalidations).toBeGreaterThan(before);
  });

  it('peekStale still sees a local copy while the bus is down; peek does not', async () => {
    const { transport, tier } = setup();
    await tier.set('p_k', 'kept', 0);
    transport.state(false);
    expect(tier.peek('p_k', Date.now())).toBeUndefined();
    expect(tier.peekStale('p_k', Date.now())?.value).toBe('kept');
  });
});
