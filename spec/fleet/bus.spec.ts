import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidationBus } from '../../src/fleet/bus.js';
import { decodeBusMessage, encodeBusMessage } from '../../src/fleet/bus-message.js';
import { busSubscriptions } from '../../src/fleet/redis-transport.js';
import { FakeTransport } from '../helpers/fleet-fakes.js';

const tick = () => new Promise((r) => process.nextTick(r));

function started(prefix = 'p_') {
  const transport = new FakeTransport();
  const bus = new InvalidationBus(transport, prefix);
  const heard: string[][] = [];
  bus.start({ invalidate: (m) => heard.push([...m.keys, ...m.prefixes, ...m.patterns]), up: () => {}, down: () => {} });
  transport.state(true);
  return { transport, bus, heard };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('InvalidationBus', () => {
  it('every name announced in one tick goes out in one message', async () => {
    const { transport, bus } = started();
    for (let i = 0; i < 100; i++) bus.announceKeys([`p_${i}`]);
    bus.announceClear('p_x_');
    bus.announcePattern('p_user_*');
    await tick();
    expect(transport.published).toHaveLength(1);
    const [message] = transport.published as unknown as Record<string, unknown>[];
    expect((message!['keys'] as string[]).length).toBe(100);
    expect(message!['clear']).toEqual(['p_x_']);
    expect(message!['patterns']).toEqual(['p_user_*']);
    bus.announceKeys(['p_next']);
    await tick();
    expect(transport.published).toHaveLength(2);
  });

  it('a tier skips its own messages and hears every other', () => {
    const { transport, bus, heard } = started();
    transport.deliver({ keys: ['p_a'] }, bus.id);
    transport.deliver({ keys: ['p_b'] });
    expect(heard).toEqual([['p_b']]);
  });

  it('ignores traffic on its channels that is not a decocache message', () => {
    expect(decodeBusMessage('hello')).toBeUndefined();
    expect(decodeBusMessage('{"keys":["a"]}')).toBeUndefined();
    expect(decodeBusMessage(JSON.stringify({ decocache: 1, from: 'x', at: 1, keys: [1] }))).toBeUndefined();
    const message = { from: 'x', at: 1.5, keys: ['a'], prefixes: [''], patterns: ['b*'] };
    expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message);
  });

  it('a message that failed to go out is retried until it does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { transport, bus } = started();
    transport.failing = true;
    bus.announceKeys(['p_a']);
    await tick();
    await vi.advanceTimersByTimeAsync(50);
    bus.announceKeys(['p_b']);
    await tick();
    await vi.advanceTimersByTimeAsync(5000);
    expect(transport.published).toHaveLength(0);
    transport.failing = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(transport.published).toHaveLength(1);
    expect([...transport.published[0]!.keys].sort()).toEqual(['p_a', 'p_b']);
  });

  it('a retry is sent as soon as the subscription is back', async () => {
    const { transport, bus } = started();
    transport.failing = true;
    bus.announceKeys(['p_a']);
    await tick();
    await tick();
    transport.state(false);
    transport.failing = false;
    transport.state(true);
    await tick();
    expect(transport.published.map((m) => m.keys)).toEqual([['p_a']]);
  });

  it('a retry holding more than 10000 names becomes one clear of the prefix', async () => {
    const { transport, bus } = started('app_');
    transport.failing = true;
    bus.announceKeys(Array.from({ length: 10_001 }, (_, i) => `app_${i}`));
    await tick();
    await tick();
    transport.failing = false;
    transport.state(false);
    transport.state(true);
    await tick();
    const message = transport.published[0] as unknown as Record<string, unknown>;
    expect(message['keys']).toBeUndefined();
    expect(message['clear']).toEqual(['app_']);
  });

  it('close() sends what is pending before closing the wire', async () => {
    const { transport, bus } = started();
    bus.announceKeys(['p_last']);
    await bus.close();
    expect(transport.published.map((m) => m.keys)).toEqual([['p_last']]);
    expect(transport.closed).toBe(true);
  });
});

describe('busSubscriptions(prefix)', () => {
  it('hears the channels of shorter prefixes by name and of longer ones (and its own) by one pattern', () => {
    expect(busSubscriptions('ab_')).toEqual({ channels: ['bus', 'abus', 'abbus'], pattern: 'ab_*bus' });
    expect(busSubscriptions('')).toEqual({ channels: [], pattern: '*bus' });
    expect(busSubscriptions('a*[b]').pattern).toBe('a\\*\\[b\\]*bus');
  });
});

describe('InvalidationBus ordering', () => {
  it('names announced while a message waits for its retry join it, so nothing overtakes it', async () => {
    const { transport, bus } = started();
    transport.failing = true;
    bus.announceKeys(['p_first']);
    await tick();
    await tick();
    transport.failing = false;
    bus.announceKeys(['p_second']);
    await tick();
    expect(transport.published).toHaveLength(0);
    transport.state(false);
    transport.state(true);
    await tick();
    expect(transport.published.map((m) => m.keys)).toEqual([['p_first', 'p_second']]);
  });
});
