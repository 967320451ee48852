import { connect, createServer, type Socket } from 'node:net';
import { HOST } from './process.js';

/** A TCP proxy on HOST that delays everything clients send, as a slow network or a busy server would. */
export interface LatencyProxy {
  /** The port clients connect to. */
  port: number;
  /** Milliseconds each chunk from a client waits before it is forwarded. */
  delayMs: number;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** Starts a proxy to `targetPort` that holds each request chunk for `delayMs` (replies pass at once). */
export function startLatencyProxy(targetPort: number, delayMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const proxy: LatencyProxy = { port: 0, delayMs, close: () => Promise.resolve() };
  const server = createServer((client) => {
    const upstream = connect(targetPort, HOST);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    // Same delay for every chunk, so timers fire in arrival order and the byte stream stays intact.
    client.on('data', (chunk) => setTimeout(() => upstream.write(chunk), proxy.delayMs));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      proxy.port = typeof address === 'object' && address ? address.port : 0;
      proxy.close = () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      });
      resolve(proxy);
    });
  });
}
