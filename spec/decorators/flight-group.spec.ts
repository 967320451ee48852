import { describe, expect, it } from 'vitest';
import { FlightGroup, type Flight } from '../../src/decorators/single-flight.js';

const flight = (name: string) => ({ name }) as unknown as Flight;

describe('FlightGroup: the computations in progress of one function', () => {
  it('get finds what set registered, one flight per key, whichever place holds it', () => {
    const group = new FlightGroup();
    const [a, b, c] = [flight('a'), flight('b'), flight('c')];
    group.set('k1', a);
    group.set('k2', b);
    group.set('k3', c);
    expect([group.get('k1'), group.get('k2'), group.get('k3'), group.get('k4')]).toEqual([a, b, c, undefined]);
    group.delete('k2');
    expect([group.get('k1'), group.get('k2'), group.get('k3')]).toEqual([a, undefined, c]);
  });

  it('a newer flight of a key replaces the older one, and deleting it never brings the older one back', () => {
    const group = new FlightGroup();
    const [first, older, newer] = [flight('first'), flight('older'), flight('newer')];
    group.set('k1', first);
    group.set('k2', older);
    group.delete('k1');
    // The slot is free now, but k2 already has a flight elsewhere: the newer one must replace it there.
    group.set('k2', newer);
    expect(group.get('k2')).toBe(newer);
    group.delete('k2');
    expect(group.get('k2')).toBeUndefined();
  });
});
