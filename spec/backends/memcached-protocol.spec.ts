import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Op, encodeQuietGets, encodeRequest } from '../../src/backends/memcached/protocol.js';

describe('memcached binary requests', () => {
  it('encodeQuietGets writes the very bytes of one GETKQ request per key and a NOOP, under one opaque', () => {
    const keys = ['decocache_a', 'decocache_ümlaut', 'x'.repeat(250)];
    const opaque = 0xfffffff0;
    const expected = Buffer.concat([
      ...keys.map((k) => encodeRequest(Op.GetKQ, k, Buffer.alloc(0), '', opaque)),
      encodeRequest(Op.Noop, '', Buffer.alloc(0), '', opaque),
    ]);
    expect(encodeQuietGets(keys, opaque).equals(expected)).toBe(true);
    expect(encodeQuietGets([], 7).equals(encodeRequest(Op.Noop, '', Buffer.alloc(0), '', 7))).toBe(true);
  });
});
