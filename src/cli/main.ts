#!/usr/bin/env node
// The `decocache` command (package.json "bin"): see usage.ts for what it does, run.ts for how.
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
process.exitCode = code;
// The cache is closed; should a client still hold the event loop (a reconnect timer), do not wait for it.
setTimeout(() => process.exit(code), 1000).unref();
