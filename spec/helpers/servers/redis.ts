import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { HOST, cli, freePort, freePorts, startProcess, until, waitReady, type Server } from './process.js';

/** A master, its replica and the sentinels watching them. */
export interface SentinelSet {
  /** Master name the sentinels monitor. */
  name: string;
  /** The initial master. */
  master: Server;
  /** A replica of the master, linked before the sentinels start. */
  replica: Server;
  /** The sentinel processes. */
  sentinels: Server[];
}

/** The nodes of a cluster, each a master owning a third of the slots. */
export interface ClusterSet {
  /** The master processes. */
  nodes: Server[];
}

// Without --repl-diskless-sync-delay 0 a replica waits 5 s before its first sync.
const base = (port: number, dir: string): string[] => [
  '--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
  '--dir', dir, '--logfile', '', '--protected-mode', 'no', '--repl-diskless-sync-delay', '0',
];

/** Whether a redis on `port` answers PONG. */
export async function ping(port: number): Promise<boolean> {
  return (await cli(port, 'ping')).trim() === 'PONG';
}

/** Starts a standalone redis-server on `port` (or a free one) and waits for PONG. */
export async function startRedis(dir: string, port?: number, extra: string[] = []): Promise<Server> {
  const p = port ?? (await freePort());
  const s = startProcess('redis-server', [...base(p, dir), ...extra], p, `${dir}/redis-${p}.log`);
  await waitReady(s, `redis ${p}`, () => ping(p));
  return s;
}

function sentinelConf(port: number, dir: string, masterPort: number, quorum: number, downAfterMs: number, failoverTimeoutMs: number): string {
  return [
    `port ${port}`, `bind ${HOST}`, 'daemonize no', 'protected-mode no', `dir ${dir}`, 'logfile ""',
    `sentinel monitor mymaster ${HOST} ${masterPort} ${quorum}`,
    `sentinel down-after-milliseconds mymaster ${downAfterMs}`,
    `sentinel failover-timeout mymaster ${failoverTimeoutMs}`,
    'sentinel parallel-syncs mymaster 1',
    '',
  ].join('\n');
}

/**
 * Starts master + replica, waits for the replication link, then starts `count` sentinels and waits until they agree.
 * `failoverTimeoutMs` also spaces out failovers of one master: a sentinel retries one only after twice as long.
 */
export async function startSentinelSet(dir: string, count = 1, downAfterMs = 1000, failoverTimeoutMs = 10_000): Promise<SentinelSet> {
  const [mport, rport] = await freePorts(2);
  const master = await startRedis(dir, mport);
  const replica = await startRedis(dir, rport, ['--replicaof', HOST, String(mport)]);
  // Sentinels started before the link is up wait for their next INFO poll, up to 10 s.
  await until('replica link up', async () => /master_link_status:up/.test(await cli(rport!, 'info', 'replication')));
  const quorum = count === 1 ? 1 : Math.floor(count / 2) + 1;
  // Picked only now, right before they bind: the replication wait above can take seconds.
  const sports = (await freePorts(count + 2)).filter((p) => p !== mport && p !== rport).slice(0, count);
  const sentinels = sports.map((sp) => {
    const conf = `${dir}/sentinel-${sp}.conf`; // sentinel rewrites its config, so each needs its own file
    writeFileSync(conf, sentinelConf(sp, dir, mport!, quorum, downAfterMs, failoverTimeoutMs));
    return startProcess('redis-sentinel', [conf], sp, `${dir}/sentinel-${sp}.log`);
  });
  for (const s of sentinels) {
    await waitReady(s, `sentinel ${s.port} sees replica and peers`, async () => {
      const kv = (await cli(s.port, 'sentinel', 'master', 'mymaster')).trim().split('\n');
      const get = (k: string): string | undefined => kv[kv.indexOf(k) + 1];
      return get('flags') === 'master' && get('num-slaves') === '1' && Number(get('num-other-sentinels')) === count - 1;
    }, 30_000);
  }
  return { name: 'mymaster', master, replica, sentinels };
}

/** The port the sentinel on `sentinelPort` names as the current master. */
export async function sentinelMasterPort(sentinelPort: number, name = 'mymaster'): Promise<number> {
  const [, port] = (await cli(sentinelPort, 'sentinel', 'get-master-addr-by-name', name)).trim().split('\n');
  return Number(port);
}

/**
 * Restarts a killed member of a sentinel set on its old port as a replica of `masterPort` (as an
 * operator would after a failover), and waits until its link is up and the sentinel counts it as
 * a healthy replica again, so it can be promoted by the next failover. It polls over two client
 * connections rather than with redis-cli: a process spawned every 25 ms for seconds would load the
 * machine that chaos specs measure.
 */
export async function restartAsReplica(server: Server, masterPort: number, sentinelPort: number, name = 'mymaster'): Promise<Server> {
  const args = server.args.filter((_, i, all) => all[i] !== '--replicaof' && all[i - 1] !== '--replicaof' && all[i - 2] !== '--replicaof');
  const s = startProcess('redis-server', [...args, '--replicaof', HOST, String(masterPort)], server.port, server.log);
  const replica = new Redis({ host: HOST, port: server.port, lazyConnect: true, retryStrategy: () => 25, maxRetriesPerRequest: 0 });
  const sentinel = new Redis({ host: HOST, port: sentinelPort, maxRetriesPerRequest: 0 });
  for (const client of [replica, sentinel]) client.on('error', () => {});
  try {
    await replica.connect().catch(() => undefined);
    await waitReady(s, `replica ${server.port}`, async () => /master_link_status:up/.test(await replica.info('replication')));
    await waitReady(s, `sentinel sees replica ${server.port} healthy`, async () => {
      const replicas = (await sentinel.call('sentinel', 'replicas', name)) as string[][];
      const fields = replicas.map((flat) => new Map(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]] as const] : []))));
      const healthy = (f: Map<string, string | undefined>) => f.get('flags') === 'slave' && f.get('master-link-status') === 'ok';
      // On a loaded machine the sentinel may fail over again meanwhile (a master silent for
      // down-after-milliseconds) and promote this very server: then the set is whole once the
      // other member is its healthy replica, and this one will never be a replica to wait for.
      const [, masterPort] = (await sentinel.call('sentinel', 'get-master-addr-by-name', name)) as string[];
      if (masterPort === String(server.port)) return fields.some(healthy);
      const mine = fields.find((f) => f.get('port') === String(server.port));
      return mine !== undefined && healthy(mine);
    }, 30_000);
  } finally {
    replica.disconnect();
    sentinel.disconnect();
  }
  return s;
}

/** Starts a cluster node with an explicit bus port (the default, port + 10000, may be taken or out of range). */
export async function startClusterNode(dir: string, port: number, bus: number, requireFullCoverage = true): Promise<Server> {
  const s = startProcess('redis-server', [
    ...base(port, dir), '--cluster-enabled', 'yes', '--cluster-port', String(bus),
    '--cluster-config-file', `${dir}/nodes-${port}.conf`, '--cluster-node-timeout', '1000',
    '--cluster-require-full-coverage', requireFullCoverage ? 'yes' : 'no',
  ], port, `${dir}/node-${port}.log`);
  await waitReady(s, `cluster node ${port}`, () => ping(port));
  return s;
}

/** Starts three masters, joins them with `redis-cli --cluster create`, and waits for `cluster_state:ok` on each. */
export async function startCluster(dir: string, requireFullCoverage = true): Promise<ClusterSet> {
  const ports = await freePorts(6);
  const nodes = await Promise.all([0, 1, 2].map((i) => startClusterNode(dir, ports[i]!, ports[i + 3]!, requireFullCoverage)));
  await new Promise<void>((resolve, reject) =>
    execFile('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${HOST}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 20_000 }, (err, _out, stderr) => (err ? reject(new Error(`cluster create: ${stderr || err.message}`)) : resolve())));
  for (const n of nodes) await until('cluster_state:ok', async () => /cluster_state:ok/.test(await cli(n.port, 'cluster', 'info')));
  return { nodes };
}
