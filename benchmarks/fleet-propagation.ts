// Bus propagation across 4 processes on quiet machines' terms: one process writes a key every
// few ms, three only listen; each listener records, per message, the time from the write's
// completion in the writer to the message's arrival (busClock: one clock for all processes).
// Not part of `npm test`: run it alone, on an otherwise idle machine, for the target
// (p99 <= 5 ms on loopback).
//
//   npx vite-node benchmarks/fleet-propagation.ts -- --seconds=10
import { describeReport, runFleet } from '../spec/helpers/fleet-run.js';
import { removeDir, stop, tempDir } from '../spec/helpers/servers/process.js';
import { startRedis } from '../spec/helpers/servers/redis.js';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 10);
const dir = tempDir('decocache-bench-bus-');
const truth = await startRedis(dir);
try {
  const report = await runFleet({
    workers: 4, roles: ['writer', 'listener', 'listener', 'listener'], durationMs: seconds * 1000,
    keys: 32, concurrency: 1, pauseMs: 4, replyDelayMs: 0, truthPort: truth.port, boundMs: 1000,
  });
  console.log(`bus propagation, 1 writer and 3 listening processes, ${seconds} s, Node ${process.version}\n${describeReport(report)}`);
} finally {
  await stop(truth);
  removeDir(dir);
}
