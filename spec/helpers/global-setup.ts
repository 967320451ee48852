import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { HOST, removeDir, stop, tempDir, type Server } from './servers/process.js';
import { startCluster, startRedis, startSentinelSet } from './servers/redis.js';
import { makeSaslConf, startMemcached, startSaslMemcached } from './servers/memcached.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared standalone redis. */
    redis: { host: string; port: number };
    /** The shared sentinel set: master name and sentinel addresses. */
    sentinel: { name: string; sentinels: { host: string; port: number }[] };
    /** Start-up nodes of the shared 3-master cluster. */
    cluster: { host: string; port: number }[];
    /** The shared plain memcached as `host:port`. */
    memcached: string;
    /** The shared SASL memcached and its credentials. */
    memcachedSasl: { servers: string; username: string; password: string };
  }
}

const BINARIES = ['setpriv', 'redis-server', 'redis-sentinel', 'redis-cli', 'memcached', 'saslpasswd2'];
const PACKAGES = ['redis-server', 'redis-sentinel', 'redis-tools', 'memcached', 'sasl2-bin', 'util-linux'];

const missing = (): string[] =>
  BINARIES.filter((bin) => {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });

// `npm ci && npm test` is the whole set-up on a fresh Debian machine: as root, install what is missing.
function ensureBinaries(): void {
  if (missing().length > 0 && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
  }
  const still = missing();
  if (still.length > 0) throw new Error(`${still.join(', ')} not found: apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`);
}

/** Starts every shared backend server once per run, provides their addresses, and returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBinaries();
  const t0 = Date.now();
  const dir = tempDir('decocache-test-');
  const all: Server[] = [];
  const keep = <T extends Server>(s: T): T => {
    all.push(s);
    return s;
  };
  try {
    const conf = makeSaslConf(dir, 'alice', 's3cret');
    const [redis, sentinel, cluster, mc, mcSasl] = await Promise.all([
      startRedis(dir).then(keep),
      startSentinelSet(dir, 1).then((s) => {
        [s.master, s.replica, ...s.sentinels].forEach(keep);
        return s;
      }),
      startCluster(dir).then((c) => {
        c.nodes.forEach(keep);
        return c;
      }),
      startMemcached(dir).then(keep),
      startSaslMemcached(dir, conf).then(keep),
    ]);
    project.provide('redis', { host: HOST, port: redis.port });
    project.provide('sentinel', { name: sentinel.name, sentinels: sentinel.sentinels.map((s) => ({ host: HOST, port: s.port })) });
    project.provide('cluster', cluster.nodes.map((n) => ({ host: HOST, port: n.port })));
    project.provide('memcached', `${HOST}:${mc.port}`);
    project.provide('memcachedSasl', { servers: `${HOST}:${mcSasl.port}`, username: 'alice', password: 's3cret' });
    console.log(`[global-setup] ${all.length} servers ready in ${Date.now() - t0} ms (logs in ${dir})`);
  } catch (e) {
    await Promise.all(all.map((s) => stop(s, 'SIGKILL')));
    throw e;
  }
  return async () => {
    // memcached takes ~1 s to exit on SIGTERM and persists nothing, so it gets SIGKILL.
    await Promise.all(all.map((s) => stop(s, s.cmd === 'memcached' ? 'SIGKILL' : 'SIGTERM')));
    removeDir(dir);
  };
}
