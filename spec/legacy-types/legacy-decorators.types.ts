// Type-checked by `npm run typecheck` with experimentalDecorators on, as NestJS, TypeORM and
// Angular projects compile: the decorators must resolve as legacy method decorators, and what
// cannot work must still be a compile error. (spec/keys/decorator-modes.spec.ts runs such a build.)
import 'reflect-metadata';
import { Cache, Cached, DeleteMemoized, Memoize, memoized } from '../../src/index.js';

const cache = new Cache({ type: 'SimpleCache' });

export class Users {
  @cache.memoize({ timeout: 60 })
  async get(id: number): Promise<{ id: number }> {
    return { id };
  }

  @Memoize({ cache })
  static async count(active: boolean): Promise<number> {
    return active ? 1 : 0;
  }

  @cache.cached({ keyPrefix: 'users' })
  async page(): Promise<string> {
    return 'html';
  }

  @Cached({ cache })
  static async index(): Promise<string> {
    return 'index';
  }

  @DeleteMemoized(() => Users.prototype.get, (self: Users, id: number) => [self, id])
  async rename(id: number, _name: string): Promise<number> {
    return id;
  }

  // @ts-expect-error the method must return a Promise
  @cache.memoize()
  sync(): number {
    return 1;
  }

  // @ts-expect-error fields cannot be memoized
  @cache.memoize()
  load = async (): Promise<number> => 1;

  // @ts-expect-error the writer must be async
  @DeleteMemoized(() => Users.prototype.get)
  write(): number {
    return 1;
  }
}

export const timeout: number | undefined = memoized(Users.prototype.get).cacheTimeout;
