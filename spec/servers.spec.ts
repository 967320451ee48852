import { Redis, Cluster } from 'ioredis';
import memjs from 'memjs';
import { describe, expect, inject, it } from 'vitest';
import { cli } from './helpers/servers/process.js';

const quiet = { log: (): void => {} };

describe('shared test servers', () => {
  it('standalone redis answers PING', async () => {
    const { host, port } = inject('redis');
    const r = new Redis({ host, port, lazyConnect: true });
    r.on('error', () => {});
    try {
      expect(await r.ping()).toBe('PONG');
    } finally {
      r.disconnect();
    }
  });

  it('sentinel resolves the master and accepts writes', async () => {
    const { name, sentinels } = inject('sentinel');
    const r = new Redis({ sentinels, name });
    r.on('error', () => {});
    try {
      expect(await r.set('servers_spec_sentinel', 'v')).toBe('OK');
      expect(await r.get('servers_spec_sentinel')).toBe('v');
      expect(await r.del('servers_spec_sentinel')).toBe(1);
    } finally {
      r.disconnect();
    }
  });

  it('cluster reports cluster_state:ok on every node and serves keys in every slot range', async () => {
    const nodes = inject('cluster');
    expect(nodes).toHaveLength(3);
    for (const n of nodes) expect(await cli(n.port, 'cluster', 'info')).toMatch(/cluster_state:ok/);
    const c = new Cluster(nodes);
    c.on('error', () => {});
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `servers_spec_${i}`);
      await Promise.all(keys.map((k) => c.set(k, k)));
      expect(await Promise.all(keys.map((k) => c.get(k)))).toEqual(keys);
      await Promise.all(keys.map((k) => c.del(k)));
    } finally {
      c.disconnect();
    }
  });

  it('plain memcached stores and returns a value through memjs', async () => {
    const m = memjs.Client.create(inject('memcached'), { logger: quiet, retries: 1, timeout: 0.5 });
    try {
      expect(await m.set('servers_spec_mc', 'v', {})).toBe(true);
      expect((await m.get('servers_spec_mc')).value?.toString()).toBe('v');
    } finally {
      m.close();
    }
  });

  it('SASL memcached accepts the right password', async () => {
    const { servers, username, password } = inject('memcachedSasl');
    const m = memjs.Client.create(servers, { username, password, logger: quiet, retries: 1, timeout: 0.5 });
    try {
      expect(await m.set('servers_spec_sasl', 'sv', {})).toBe(true);
      expect((await m.get('servers_spec_sasl')).value?.toString()).toBe('sv');
    } finally {
      m.close();
    }
  });

  it('SASL memcached rejects a wrong password', async () => {
    const { servers, username } = inject('memcachedSasl');
    const m = memjs.Client.create(servers, { username, password: 'wrong', logger: quiet, retries: 1, timeout: 0.5 });
    try {
      // memjs rejects with a bare string here, not an Error.
      await expect(m.get('servers_spec_sasl')).rejects.toMatch(/authentication failed/);
    } finally {
      m.close();
    }
  });
});
