/**
 * The decocache NestJS example: DecocacheModule, @CacheView views and a memoized service, on
 * Express (default) or Fastify (`--fastify`). Start it with `npm run example:nestjs`.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';

async function main(): Promise<void> {
  const fastify = process.argv.includes('--fastify');
  const app = fastify ? await NestFactory.create(AppModule, new FastifyAdapter()) : await NestFactory.create(AppModule);
  // SIGTERM and SIGINT then run the shutdown hooks, which close the cache's connections.
  app.enableShutdownHooks();
  await app.listen(Number(process.env['PORT'] ?? 3001), '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  console.log(`decocache NestJS example (${fastify ? 'fastify' : 'express'}) listening on http://127.0.0.1:${port}`);
}

void main();
