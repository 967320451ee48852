import 'reflect-metadata';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SimpleBackend } from '../../src/index.js';

/** The two HTTP platforms Nest runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;

/** One of Nest's HTTP platforms. */
export type Platform = (typeof PLATFORMS)[number];

/** A Nest app listening on a loopback port. */
export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Creates a Nest app from module metadata on `platform` and listens on 127.0.0.1, on a free port. */
export async function startApp(platform: Platform, metadata: ModuleMetadata): Promise<RunningApp> {
  class AppModule {}
  Module(metadata)(AppModule);
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  let closed = false;
  return {
    app,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** An in-process backend that records whether the Cache closed it. */
export class ClosingBackend extends SimpleBackend {
  /** Set by `close()`. */
  closed = false;

  override async close(): Promise<void> {
    this.closed = true;
  }
}
