import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { HOST, freePort, startProcess, waitReady, type Server } from './process.js';

// memcached refuses to run as root unless told which user to become.
const args = (port: number): string[] => [
  '-l', HOST, '-p', String(port), '-U', '0', '-m', '64',
  ...(process.getuid?.() === 0 ? ['-u', 'root'] : []),
];

/** Sends a binary-protocol VERSION, which plain and SASL servers both answer before authentication. */
export function memcachedVersion(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, HOST);
    const header = Buffer.alloc(24);
    header[0] = 0x80;
    header[1] = 0x0b;
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no VERSION reply'));
    }, 1000);
    sock.once('connect', () => sock.write(header));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 24 || buf.length < 24 + buf.readUInt32BE(8)) return;
      clearTimeout(timer);
      sock.destroy();
      if (buf[0] === 0x81 && buf.readUInt16BE(6) === 0) resolve(buf.subarray(24).toString());
      else reject(new Error('bad VERSION reply'));
    });
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Starts a plain memcached (binary and ASCII protocols, no UDP) on `port` or a free one. */
export async function startMemcached(dir: string, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  const s = startProcess('memcached', args(p), p, `${dir}/memcached-${p}.log`);
  await waitReady(s, `memcached ${p}`, () => memcachedVersion(p));
  return s;
}

/**
 * Writes a private sasldb holding one user and the SASL config that points memcached at it; Debian's
 * memcached ignores MEMCACHED_SASL_PWDB, so this is the way that works. Returns the config directory.
 */
export function makeSaslConf(dir: string, username: string, password: string): string {
  const confDir = `${dir}/sasl`;
  mkdirSync(confDir, { recursive: true });
  const db = `${confDir}/sasldb2`;
  execFileSync('saslpasswd2', ['-p', '-a', 'memcached', '-c', '-f', db, username], { input: password });
  writeFileSync(`${confDir}/memcached.conf`, `mech_list: plain\nsasldb_path: ${db}\n`);
  return confDir;
}

/** Starts a memcached that requires SASL PLAIN against the config `makeSaslConf` wrote. */
export async function startSaslMemcached(dir: string, confDir: string, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  const s = startProcess('memcached', [...args(p), '-S'], p, `${dir}/memcached-sasl-${p}.log`, { SASL_CONF_PATH: confDir });
  await waitReady(s, `memcached -S ${p}`, () => memcachedVersion(p));
  return s;
}
