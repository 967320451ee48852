import { createInterface } from 'node:readline';

/**
 * The child's half of spec/helpers/worker.ts: answers each JSON command on stdin with one JSON
 * line on stdout (`{ ok, value }` or `{ ok: false, error }`), until stdin closes.
 */
export async function answerLines<C>(handle: (command: C) => Promise<unknown>): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    try {
      process.stdout.write(`${JSON.stringify({ ok: true, value: await handle(JSON.parse(line) as C) })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
    }
  }
}
