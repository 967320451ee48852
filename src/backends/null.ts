import type { Backend } from './backend.js';

/** Stores nothing: every read misses. Handy to switch caching off without touching code. */
export class NullBackend implements Backend {
  readonly name = 'NullCache';
  readonly shared = false;

  async get(): Promise<string | undefined> {
    return undefined;
  }
  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return keys.map(() => undefined);
  }
  async set(): Promise<boolean> {
    return true;
  }
  async setMany(entries: readonly (readonly [string, string])[]): Promise<string[]> {
    return entries.map(([k]) => k);
  }
  async add(): Promise<boolean> {
    return true;
  }
  async delete(): Promise<boolean> {
    return true;
  }
  async deleteMany(keys: readonly string[]): Promise<string[]> {
    return [...keys];
  }
  async has(): Promise<boolean> {
    return false;
  }
  async inc(_key: string, delta: number): Promise<number> {
    return delta;
  }
  async touch(): Promise<boolean> {
    return false;
  }
  async clear(): Promise<boolean> {
    return true;
  }
  async deletePattern(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}
