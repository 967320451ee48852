import { describe, expect, it } from 'vitest';
import { DeleteMemoized, cacheIdentity } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('@DeleteMemoized', () => {
  it('deletes the entry after the writer resolves', async () => {
    const cache = fresh();
    let reads = 0;
    const db = new Map<number, string>([[1, 'ann']]);
    class Users {
      [cacheIdentity]() {
        return 'users';
      }
      @cache.memoize()
      async getUser(id: number) {
        reads++;
        return db.get(id);
      }
      @DeleteMemoized(() => Users.prototype.getUser, (self: Users, id: number) => [self, id])
      async rename(id: number, name: string) {
        db.set(id, name);
        return name;
      }
    }
    const users = new Users();
    expect(await users.getUser(1)).toBe('ann');
    expect(await users.getUser(1)).toBe('ann');
    expect(reads).toBe(1);
    expect(await users.rename(1, 'bob')).toBe('bob');
    expect(await users.getUser(1)).toBe('bob');
    expect(reads).toBe(2);
  });

  it('does not delete when the writer throws', async () => {
    const cache = fresh();
    let reads = 0;
    class Orders {
      @cache.memoize()
      async total() {
        return ++reads;
      }
      @DeleteMemoized(() => Orders.prototype.total)
      async fail(): Promise<void> {
        throw new Error('write failed');
      }
    }
    const orders = new Orders();
    await orders.total();
    await expect(orders.fail()).rejects.toThrow('write failed');
    expect(await orders.total()).toBe(1);
  });

  it('without argsFor invalidates every entry of the target', async () => {
    const cache = fresh();
    let reads = 0;
    class Stock {
      @cache.memoize()
      async level(sku: string) {
        return `${sku}:${++reads}`;
      }
      @DeleteMemoized(() => Stock.prototype.level)
      async restock() {
        return true;
      }
    }
    const s = new Stock();
    await s.level('a');
    await s.level('b');
    await s.restock();
    expect(await s.level('a')).toBe('a:3');
    expect(await s.level('b')).toBe('b:4');
  });

  it('an undecorated target rejects with TypeError after the write', async () => {
    let wrote = false;
    class Broken {
      async notMemoized() {
        return 1;
      }
      @DeleteMemoized(() => Broken.prototype.notMemoized)
      async write() {
        wrote = true;
      }
    }
    await expect(new Broken().write()).rejects.toThrow(TypeError);
    expect(wrote).toBe(true);
  });
});
